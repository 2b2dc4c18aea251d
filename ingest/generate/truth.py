"""``ground_truth.json``: who is who, what was planted, and which rows are bad.

Shape (see the package docstring for the meaning of each part)::

    {"seed", "size", "as_of", "proportions",
     "persons": [{"truth_id", "kind", "full_name", "nationality", "date_of_birth",
                  "records", "passport_nos", "id_nos"}],
     "flags": {"nominee_investment": [...], "unlicensed_employment": [...],
               "illegal_entry_network": [...]},
     "lookalikes": {"<detector>:<kind>": count},
     "bad_rows": [{"feed", "file", "row", "column", "reason"}],
     "duplicates": [{"feed", "file", "row", "duplicate_of"}]}

Persons are listed only if some valid row names them; ``passport_nos`` and
``id_nos`` list only the identifiers that appear in the data (oldest
passport first). Written as a stream, one person per line.
"""

from __future__ import annotations

import json
from pathlib import Path

from .config import AS_OF
from .emit import Emitter
from .model import World

__all__ = ["write_truth"]


def _person(p) -> dict:
    return {"truth_id": p.tid, "kind": p.kind, "full_name": p.full_name, "nationality": p.nat,
            "date_of_birth": p.dob.isoformat(), "records": p.records, "passport_nos": p.known_passports,
            "id_nos": p.known_ids}


def _flags(world: World) -> dict:
    by_tid = {p.tid: p for p in world.persons}
    flags = world.flags
    for f in flags["unlicensed_employment"]:
        known = by_tid[f["truth_id"]].known_passports
        f["passport_no"] = known[-1] if known else f["passport_no"]  # the most recent one in the data
    return flags


def write_truth(world: World, em: Emitter, out_dir: Path) -> dict:
    path = out_dir / "ground_truth.json"
    listed = 0
    dumps = lambda obj: json.dumps(obj, ensure_ascii=False)
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(f'{{"seed": {world.cfg.seed}, "size": {dumps(world.cfg.size)}, "as_of": "{AS_OF.isoformat()}",\n')
        fh.write(f' "proportions": {dumps(world.cfg.p)},\n "persons": [\n')
        for p in world.persons:
            if not p.records:
                continue
            fh.write(("" if listed == 0 else ",\n") + dumps(_person(p)))
            listed += 1
        fh.write("\n],\n")
        fh.write(f' "flags": {dumps(_flags(world))},\n')
        fh.write(f' "lookalikes": {dumps(dict(sorted(world.lookalikes.items())))},\n')
        fh.write(f' "bad_rows": {dumps(em.truth["bad_rows"])},\n')
        fh.write(f' "duplicates": {dumps(em.truth["duplicates"])}\n}}\n')
    return {"file": path.name, "persons": listed}
