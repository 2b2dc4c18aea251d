"""A deterministic synthetic province (Lạng Sơn-like) for lienket: all eight feeds plus ground truth.

``generate(size, seed, out_dir)`` writes, per contract/FEEDS.md::

    foreigners.csv              canonical headers
    sponsorships.csv            snake-case Vietnamese alias headers (ma_don, ...), CRLF
    enterprises.xlsx            registry with real date cells for most ``registered_on``
    enterprise_people.csv       UTF-8 BOM, dates DD/MM/YYYY
    work_permits.jsonl          empty values are JSON null
    residence_declarations.csv  UTF-8 BOM, a quarter of the rows in DD/MM/YYYY
    border_events.csv           streamed, the big one
    marriages.csv               "Mã hồ sơ, Số CCCD, ..." headers (spaced, with diacritics), DD/MM/YYYY
    ground_truth.json           see ``truth.py``

Legitimate activity dominates; the planted schemes and their look-alikes are
described in ``nominee.py``, ``unlicensed.py`` and ``networks.py``; default
volumes and shares are in ``config.py`` and can be overridden with
``proportions``. The same ``(size, seed, proportions)`` gives byte-identical
files: all randomness comes from named ``random.Random`` streams, never the
clock, the global generator or ``hash()``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from .border import write_border_events
from .config import AS_OF, DEFAULT_PROPORTIONS, SIZES, build_config
from .emit import Emitter
from .investors import investors
from .model import World
from .networks import isolated_apprehensions, plant_networks
from .nominee import plant_nominees
from .population import build_enterprises
from .residents import ngo_staff, spouses, students, tourists, visitors, workers
from .rows import enterprise_rows
from .truth import write_truth
from .unlicensed import plant_unlicensed

__all__ = ["generate", "SIZES", "DEFAULT_PROPORTIONS", "AS_OF"]

Progress = Callable[[str, int], None]


def generate(size: str, seed: int, out_dir: Path, progress: Progress | None = None,
             proportions: dict[str, float] | None = None) -> dict:
    """Write the eight feeds and ``ground_truth.json`` into ``out_dir``; return a summary.

    ``progress(stage, count)``, if given, is called as stages finish and every
    100 days of border events (count = rows written so far).
    """
    cfg = build_config(size, seed, proportions)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    world = World(cfg)
    em = Emitter(world, out_dir)
    tell = progress or (lambda stage, count: None)

    build_enterprises(world)
    tell("enterprises", len(world.enterprises))
    f = cfg.foreigners
    counts = {
        "investors": investors(world, em, cfg.share_of("investor_share", f)),
        "spouses": cfg.share_of("spouse_share", f, 1),
        "visitors": cfg.share_of("visitor_share", f, 1),
        "tourists": cfg.share_of("tourist_share", f, 1),
        "students": cfg.share_of("student_share", f, 1),
        "ngo": cfg.share_of("ngo_share", f),
    }
    pairs = spouses(world, em, counts["spouses"])
    visitors(world, em, counts["visitors"])
    tourists(world, em, counts["tourists"])
    students(world, em, counts["students"])
    ngo_staff(world, em, counts["ngo"])
    plant_nominees(world, em, pairs)
    plant_unlicensed(world, em)
    planted = len(world.flags["unlicensed_employment"]) + len({c for n in world.flags["nominee_investment"] for c in n["controllers"]})
    counts["workers"] = max(1, f - sum(counts.values()) - planted)
    workers(world, em, counts["workers"])
    tell("residents", len(world.persons))
    plant_networks(world, em)
    isolated_apprehensions(world)
    for order, e in enumerate(world.enterprises):
        enterprise_rows(em, e, order)
    write_border_events(world, em, progress)
    tell("border_events", em.files["border_events"]["rows"])
    em.flush_all()
    truth = write_truth(world, em, out_dir)
    tell("ground_truth", truth["persons"])
    return {
        "size": size, "seed": seed, "as_of": AS_OF.isoformat(), "out_dir": str(out_dir),
        "files": sorted([info["file"] for info in em.files.values()] + [truth["file"]]),
        "rows": {feed: info["rows"] for feed, info in sorted(em.files.items())},
        "persons": truth["persons"],
        "residents": counts,
        "planted": {
            "nominee_investment": len(world.flags["nominee_investment"]),
            "unlicensed_employment": len(world.flags["unlicensed_employment"]),
            "illegal_entry_network": len(world.flags["illegal_entry_network"]),
            "bad_rows": len(em.truth["bad_rows"]),
            "duplicates": len(em.truth["duplicates"]),
        },
        "lookalikes": dict(sorted(world.lookalikes.items())),
    }
