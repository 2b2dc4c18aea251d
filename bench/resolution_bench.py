"""Resolution: lienket's resolver and splink side by side on the same person records.

Both sides get exactly the same mentions: every person a valid row of the
generated feeds names, read and normalised by the ingest code
(:func:`ingest.resolve.evaluate.mentions_from_files`), so the comparison is of
the matching, not of the cleaning. Each side runs in its own forked process
from the same starting point; reported per side: pairwise precision, recall
and F1 against the generator's ground truth, wrong merges and splits, seconds
(resolution only; reading the files is the same for both and reported once),
and peak resident memory of the process (lienket's forked child starts with the
records already in memory; splink's process reads them from a JSON file).

splink (DuckDB backend) gets a configuration a careful user would write for
these records: the same normalised fields, a name comparison on the sorted
name tokens (order and spacing variants then agree), a date-of-birth
comparison, exact matches on the identifiers, nationality, sex, phone and
address; the prior from deterministic rules on passport and citizen ID, u by
random sampling, m by expectation maximisation on two blocks; predictions
blocked on each identifier, on the sorted name with the birth year, on the
birth date with nationality and initial, and on the phone with the initial
(blocks of a name, a date or a phone alone reach millions of pairs on a
province and exhaust memory); clusters at match probability 0.9 (splink's
usual threshold). DuckDB is capped at 6 GB.

``LIENKET_BENCH_RESOLUTION_SIZES`` (default ``small,province``) picks the
datasets. splink is a bench-only dependency, in its own virtual environment
(``.venv-splink``, made by ``make bench``).
"""

from __future__ import annotations

import json
import multiprocessing
import os
import pickle
import subprocess
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from bench import datasets
from bench.measure import PeakRss
from ingest.resolve.evaluate import (cluster_errors, mentions_from_files, pairwise_scores,
                                     truth_of_mentions)
from ingest.resolve.profile import MentionFacts

SPLINK_THRESHOLD = 0.9
REPO = Path(__file__).resolve().parent.parent


def lienket_clusters(mentions: Sequence[MentionFacts]) -> dict[str, str]:
    from ingest.resolve.resolver import resolve_mentions

    resolution = resolve_mentions(mentions)
    return {m.mention_id: resolution.person_ids[resolution.person_of[i]]
            for i, m in enumerate(resolution.mentions)}


def _splink_table(mentions: Sequence[MentionFacts]) -> dict[str, list]:
    table: dict[str, list] = {k: [] for k in (
        "unique_id", "name_sorted", "dob", "nationality", "sex", "passport_no", "id_no",
        "phone", "address_key")}
    for m in mentions:
        table["unique_id"].append(m.mention_id)
        table["name_sorted"].append(" ".join(sorted(m.tokens)) or None)
        table["dob"].append(m.date_of_birth)
        table["nationality"].append(m.nationality)
        table["sex"].append(m.sex)
        table["passport_no"].append(m.passport_no)
        table["id_no"].append(m.id_no)
        table["phone"].append(m.phone)
        table["address_key"].append(m.address_key)
    return table


def _splink(mentions: Sequence[MentionFacts], work: Path) -> tuple[float, int, dict] | None:
    """(seconds, peak RSS, clusters) of splink in its own environment, or None without it.

    splink brings pyarrow, which the neo4j driver imports whenever it is
    installed (+90 MB in every lienket process): so splink lives in its own
    virtual environment (``make bench`` makes it) and gets the records as a file.
    """
    python = Path(os.environ.get("LIENKET_SPLINK_PYTHON", REPO / ".venv-splink" / "bin" / "python"))
    if not python.exists():
        print(f"   splink is not installed at {python}: `make bench` installs it")
        return None
    table, out = work / "splink-input.json", work / "splink-output.json"
    table.write_text(json.dumps(_splink_table(mentions)))
    proc = subprocess.Popen([str(python), str(REPO / "bench" / "splink_side.py"), str(table),
                             str(out), str(SPLINK_THRESHOLD)])
    with PeakRss({"splink": proc.pid}) as rss:
        proc.wait()
    if proc.returncode != 0:
        raise RuntimeError(f"splink failed with exit code {proc.returncode}")
    result = json.loads(out.read_text())
    return result["seconds"], rss.peak["splink"], result["clusters"]


def _child(fn: Callable, mentions: Sequence[MentionFacts], out: str) -> None:
    started = time.perf_counter()
    clusters = fn(mentions)
    seconds = time.perf_counter() - started
    with open(out, "wb") as handle:
        pickle.dump((seconds, clusters), handle)


def _measure(fn: Callable, mentions: Sequence[MentionFacts], work: Path) -> tuple[float, int, dict]:
    """(seconds, peak RSS in bytes, clusters) of ``fn`` in a forked child."""
    out = work / f"{fn.__name__}.pickle"
    child = multiprocessing.get_context("fork").Process(target=_child, args=(fn, mentions, str(out)))
    child.start()
    with PeakRss({"child": child.pid}) as rss:
        child.join()
    if child.exitcode != 0:
        raise RuntimeError(f"{fn.__name__} failed with exit code {child.exitcode}")
    with open(out, "rb") as handle:
        seconds, clusters = pickle.load(handle)
    return seconds, rss.peak["child"], clusters


def _one(size: str, work: Path) -> dict:
    folder = datasets.dataset(size)
    clock = time.perf_counter()
    mentions = mentions_from_files(datasets.feed_files(folder))
    read_seconds = time.perf_counter() - clock
    truth = json.loads((folder / "ground_truth.json").read_text(encoding="utf-8"))["persons"]
    truth_of = truth_of_mentions(mentions, truth)
    result: dict = {"mentions": len(mentions), "true_people": len(truth),
                    "read_seconds": round(read_seconds, 1)}
    for name in ("lienket", "splink"):
        measured = (_measure(lienket_clusters, mentions, work) if name == "lienket"
                    else _splink(mentions, work))
        if measured is None:
            result[name] = None
            continue
        seconds, peak, clusters = measured
        scores = pairwise_scores(clusters, truth_of)
        over, under = cluster_errors(clusters, truth_of)
        result[name] = {"precision": round(scores.precision, 5), "recall": round(scores.recall, 5),
                        "f1": round(scores.f1, 5), "wrongly_merged_people": over,
                        "split_people": under, "people": len(set(clusters.values())),
                        "seconds": round(seconds, 1), "peak_rss_mb": round(peak / 2**20, 1)}
    return result


def run(out_dir: Path) -> dict:
    sizes = os.environ.get("LIENKET_BENCH_RESOLUTION_SIZES", "small,province").split(",")
    figures: dict = {"splink_threshold": SPLINK_THRESHOLD}
    with tempfile.TemporaryDirectory(prefix="lienket-bench-resolution-") as work:
        for size in (s.strip() for s in sizes if s.strip()):
            figures[size] = _one(size, Path(work))
            r = figures[size]
            print(f"   {size}: {r['mentions']:,} mentions, {r['true_people']:,} true people, "
                  f"read in {r['read_seconds']} s")
            for name in ("lienket", "splink"):
                x = r[name]
                if x is None:
                    continue
                print(f"     {name:8} P {x['precision']:.5f} R {x['recall']:.5f} F1 {x['f1']:.5f}"
                      f"  wrong merges {x['wrongly_merged_people']:,} splits "
                      f"{x['split_people']:,}  {x['seconds']} s  peak RSS {x['peak_rss_mb']} MB", flush=True)
    return figures


if __name__ == "__main__":
    print(json.dumps(run(Path(tempfile.gettempdir())), indent=2))
