"""Measuring resolution against ground truth: pairwise precision, recall, F1.

The truth (``ground_truth.json`` of :mod:`ingest.generate`) lists persons with
the source references of their rows. A row can name two people (a marriage,
a household declaration, an individual sponsorship), so each *mention* is
matched to the truth person holding its reference, and where two do, to the
one whose passport, citizen ID or name fits the mention best. Scores are then
pairwise over mentions: a predicted pair is right when both mentions belong
to one true person.

:func:`mentions_from_files` reads feed files straight into mentions with the
ingest code (validation, normalisation, shaping) and no graph, so thresholds
can be tuned in seconds:

    lienket generate --size province --seed 7 --out DIR
    python -m ingest.resolve.evaluate DIR --match-bits 17 18 19

prints, per threshold, pairwise precision, recall and F1, and how many
predicted people hold two true ones (wrong merges) or true people were split.
The figures that chose the default threshold are in
:mod:`ingest.resolve.thresholds`.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from rapidfuzz import fuzz

from ingest.models import validate_row
from ingest.readers import open_source
from ingest.recognise import recognise
from ingest.resolve.profile import MentionFacts
from ingest.resolve.reader import StringPool, facts_from_row
from ingest.shape import shape_row

__all__ = ["PairwiseScores", "pairwise_scores", "cluster_errors", "truth_of_mentions", "mentions_from_files",
           "facts_from_mention"]


@dataclass(frozen=True)
class PairwiseScores:
    true_positives: int
    predicted_pairs: int
    true_pairs: int
    mentions: int

    @property
    def precision(self) -> float:
        return self.true_positives / self.predicted_pairs if self.predicted_pairs else 1.0

    @property
    def recall(self) -> float:
        return self.true_positives / self.true_pairs if self.true_pairs else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def __str__(self) -> str:
        return (f"precision {self.precision:.4f}  recall {self.recall:.4f}  F1 {self.f1:.4f}  "
                f"({self.true_positives} of {self.predicted_pairs} predicted pairs right, "
                f"{self.true_pairs} true pairs, {self.mentions} mentions)")


def _pairs(n: int) -> int:
    return n * (n - 1) // 2


def truth_of_mentions(mentions: Iterable[MentionFacts], truth: Sequence[Mapping]) -> dict[str, str]:
    """mention id -> truth id, for every mention whose reference the truth holds."""
    by_ref: dict[str, list[Mapping]] = {}
    for person in truth:
        for ref in person["records"]:
            by_ref.setdefault(ref, []).append(person)
    found = {}
    for m in mentions:
        holders = by_ref.get(m.ref)
        if not holders:
            continue
        best = holders[0] if len(holders) == 1 else max(holders, key=lambda p: _fit(m, p))
        found[m.mention_id] = best["truth_id"]
    return found


def _fit(m: MentionFacts, person: Mapping) -> float:
    if m.passport_no and m.passport_no in person.get("passport_nos", ()):
        return 1000.0
    if m.id_no and m.id_no in person.get("id_nos", ()):
        return 1000.0
    score = fuzz.token_sort_ratio(" ".join(m.tokens), _fold(person.get("full_name") or ""))
    if m.nationality and m.nationality == person.get("nationality"):
        score += 20
    return score


def _fold(text: str) -> str:
    from ingest.normalize.names import person_name

    parsed = person_name(text)
    return " ".join(parsed.tokens) if parsed else ""


def pairwise_scores(predicted: Mapping[str, str], truth_of: Mapping[str, str]) -> PairwiseScores:
    """Pairwise scores of ``predicted`` (mention -> cluster) against ``truth_of`` (mention -> person).

    Only mentions present in both are counted.

    >>> s = pairwise_scores({"a": "1", "b": "1", "c": "2"}, {"a": "x", "b": "x", "c": "x"})
    >>> s.precision, s.recall
    (1.0, 0.3333333333333333)
    """
    both = [m for m in predicted if m in truth_of]
    joint = Counter((predicted[m], truth_of[m]) for m in both)
    pred = Counter(predicted[m] for m in both)
    true = Counter(truth_of[m] for m in both)
    return PairwiseScores(sum(_pairs(n) for n in joint.values()),
                          sum(_pairs(n) for n in pred.values()),
                          sum(_pairs(n) for n in true.values()), len(both))


def cluster_errors(predicted: Mapping[str, str], truth_of: Mapping[str, str]) -> tuple[int, int]:
    """(predicted people holding 2+ true people, true people spread over 2+ predicted)."""
    true_by_pred: dict[str, set[str]] = {}
    pred_by_true: dict[str, set[str]] = {}
    for m, cluster in predicted.items():
        if m in truth_of:
            true_by_pred.setdefault(cluster, set()).add(truth_of[m])
            pred_by_true.setdefault(truth_of[m], set()).add(cluster)
    return (sum(len(v) > 1 for v in true_by_pred.values()),
            sum(len(v) > 1 for v in pred_by_true.values()))


def facts_from_mention(m: Mapping, pool: dict | None = None) -> MentionFacts:
    """A shaped mention (the dict :mod:`ingest.shape` writes as a node) as facts."""
    row = [m["mention_id"], m["ref"], m["role"], m.get("full_name"), m.get("name_tokens"),
           m.get("nationality"), m.get("date_of_birth"), m.get("sex"), m.get("passport_no"),
           m.get("id_no"), m.get("id_kind"), m.get("phone"), m.get("address_key")]
    return facts_from_row(row, pool if pool is not None else StringPool())


def mentions_from_files(paths: Iterable[Path]) -> list[MentionFacts]:
    """Mentions of the valid rows of feed files, as ingest would write them, sorted."""
    out: list[MentionFacts] = []
    seen: set[str] = set()
    pool = StringPool()
    for path in paths:
        source = open_source(path)
        try:
            header_map = recognise(source.header, source=str(path))
            feed = header_map.feed
            for number, cells in source.records:
                values = {name: cells[i] if i < len(cells) else None
                          for i, name in header_map.columns.items()}
                normalised, problems = validate_row(feed.name, values)
                if problems:
                    continue
                try:
                    shaped = shape_row(feed, normalised, number, path.name, {})
                except ValueError:
                    continue
                if shaped["ref"] in seen:
                    continue
                seen.add(shaped["ref"])
                seen_on = _seen_on(shaped["props"])
                out.extend(facts_from_mention(m, pool)._replace(seen_on=seen_on)
                           for m in shaped["mentions"])
        finally:
            source.close()
    return sorted(out)


# When a record was true: the same fields, in the same order, as the graph query.
SEEN_FIELDS = ("valid_from", "stay_from", "arrived_on", "occurred_at", "since",
               "submitted_on", "registered_on")


def _seen_on(props: Mapping) -> str | None:
    value = next((props[f] for f in SEEN_FIELDS if props.get(f)), None)
    return str(value)[:10] if value else None


def _main(argv: list[str] | None = None) -> int:
    from ingest.resolve.resolver import resolve_mentions
    from ingest.resolve.thresholds import Thresholds

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--match-bits", type=float, nargs="*", default=[None])
    args = parser.parse_args(argv)
    files = sorted(p for p in args.folder.iterdir()
                   if p.suffix in (".csv", ".xlsx", ".jsonl"))
    clock = time.perf_counter()
    mentions = mentions_from_files(files)
    print(f"{len(mentions)} mentions read in {time.perf_counter() - clock:.1f} s")
    truth = json.loads((args.folder / "ground_truth.json").read_text())["persons"]
    truth_of = truth_of_mentions(mentions, truth)
    for bits in args.match_bits:
        th = Thresholds.from_env(match_bits=bits)
        clock = time.perf_counter()
        resolution = resolve_mentions(mentions, thresholds=th)
        elapsed = time.perf_counter() - clock
        predicted = {m.mention_id: resolution.person_ids[resolution.person_of[i]]
                     for i, m in enumerate(resolution.mentions)}
        over, under = cluster_errors(predicted, truth_of)
        print(f"match_bits {th.match_bits}: {pairwise_scores(predicted, truth_of)}; "
              f"{len(resolution.members)} persons ({len(truth)} true), {over} over-merged, "
              f"{under} split, in {elapsed:.1f} s")
        print("  ", {k: v for k, v in resolution.stats.items() if k != "mentions"})
    return 0


if __name__ == "__main__":
    sys.exit(_main())
