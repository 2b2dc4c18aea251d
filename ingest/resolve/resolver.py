"""Resolution as a pure function: mentions (and reviewers' splits) in, people out.

Nothing here touches the graph, so the same code serves ``lienket resolve``,
the tests on hand-made mentions, and threshold tuning on generated data
(:mod:`ingest.resolve.evaluate`).

Steps, each near-linear in the number of mentions:

1. exact keys (passport in its nationality, citizen ID) by union-find;
2. profiles: the distinct comparison views of each exact group, so a person
   with 300 border crossings is compared through a handful of profiles;
3. value frequencies over the groups (:class:`~ingest.resolve.features.Frequencies`);
4. blocking (:mod:`ingest.resolve.blocking`) and scoring of candidate pairs;
5. merging pairs at or above the threshold, strongest first, under the
   constraints of :mod:`ingest.resolve.cluster` (for the few pairs that
   would join two passports of one nationality, the dates each passport was
   used on are fetched, to tell a renewal from two namesakes).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from operator import itemgetter

from ingest.resolve.blocking import BlockStats, build_blocks, candidate_pairs
from ingest.resolve.cluster import (
    Clusterer, Periods, Split, exact_groups, group_facts, split_sides,
)
from ingest.resolve.features import Comparison, Frequencies, cannot_match, compare
from ingest.resolve.persons import anchor_of, assign_person_ids, person_properties, short_hash
from ingest.resolve.profile import MentionFacts, Profile, exact_keys, profile
from ingest.resolve.thresholds import Thresholds

__all__ = ["MergeEdge", "Resolution", "resolve_mentions", "EXACT_BITS", "decision_id"]

# The score written on a mention linked by a shared passport or citizen ID.
EXACT_BITS = 30.0
# Most mentions have one of these links: one shared tuple each, not one per mention.
_SINGLE, _EXACT = ("single", 0.0), ("exact", EXACT_BITS)


def decision_id(mention_a: str, mention_b: str) -> str:
    a, b = sorted((mention_a, mention_b))
    return "d_" + short_hash(f"merge|{a}|{b}")


@dataclass(frozen=True)
class MergeEdge:
    """A scored pair that joined two groups: the explanation of a merge."""

    mention_a: str
    mention_b: str
    comparison: Comparison
    person: int = -1  # index into Resolution.persons

    @property
    def decision_id(self) -> str:
        return decision_id(self.mention_a, self.mention_b)


@dataclass
class Resolution:
    mentions: Sequence[MentionFacts]
    person_of: list[int]  # mention index -> person index
    person_ids: list[str]
    members: list[list[int]]  # person index -> mention indexes
    links: list[tuple[str, float]]  # mention index -> (method, score)
    edges: list[MergeEdge]
    stats: dict[str, object] = field(default_factory=dict)

    def person_properties(self, person: int) -> dict:
        return person_properties([self.mentions[i] for i in self.members[person]])

    def clusters(self) -> dict[str, list[str]]:
        """person id -> mention ids (for tests and evaluation)."""
        return {self.person_ids[p]: [self.mentions[i].mention_id for i in members]
                for p, members in enumerate(self.members)}


PeriodsOf = Callable[[list[str]], Periods]


def resolve_mentions(mentions: Sequence[MentionFacts], *, splits: Iterable[Split] = (),
                     thresholds: Thresholds | None = None,
                     passport_periods: PeriodsOf | None = None,
                     progress: Callable[[str], None] | None = None) -> Resolution:
    """Resolve ``mentions`` (sorted by mention id) into people.

    ``passport_periods(keys)`` gives the first and last date each passport
    key was seen on (the graph knows them; by default they come from the
    mentions' ``seen_on``). It is asked only about the passports of
    candidate pairs that would join two passports of one nationality.
    """
    th = thresholds or Thresholds()
    say = progress or (lambda stage: None)
    stats: dict[str, object] = {"mentions": len(mentions)}
    clock = time.perf_counter()
    if any(mentions[i].mention_id > mentions[i + 1].mention_id for i in range(len(mentions) - 1)):
        mentions = sorted(mentions, key=itemgetter(0))  # ids are unique
    sides = split_sides(splits)

    say("exact keys")
    uf, stats["split_refused_exact"] = exact_groups(mentions, sides)
    roots = [uf.find(i) for i in range(len(mentions))]
    group_size: dict[int, int] = {}
    for r in roots:
        group_size[r] = group_size.get(r, 0) + 1
    stats["exact_groups"] = len(group_size)

    say("profiles")
    index: dict[tuple[int, Profile], int] = {}
    profiles: list[Profile] = []
    profile_root: list[int] = []
    first_mention: list[int] = []
    index_of_profile: list[int] = []
    for i, m in enumerate(mentions):
        key = (roots[i], profile(m))
        if key not in index:
            index[key] = len(profiles)
            profiles.append(key[1])
            profile_root.append(key[0])
            first_mention.append(i)
        index_of_profile.append(index[key])
    del index
    stats["profiles"] = len(profiles)
    associates = _associates(mentions, roots, index_of_profile)
    by_root: dict[int, list[Profile]] = {}
    for p, r in zip(profiles, profile_root):
        by_root.setdefault(r, []).append(p)
    freq = Frequencies.count(by_root.values())
    del by_root

    say("candidate pairs")
    block_stats = BlockStats()
    kept: dict[tuple[int, int], Comparison] = {}
    pairs = candidate_pairs(
        build_blocks(profiles), roots=profile_root,
        sub_key=lambda i: (profiles[i].nationality, profiles[i].year),
        sort_key=lambda i: (profiles[i].letters, profiles[i].dob or ""),
        cap=th.block_cap, window=th.window, stats=block_stats)
    for i, j in pairs:
        if (i, j) in kept or cannot_match(profiles[i], profiles[j]):
            continue
        ai, aj = associates.get(i), associates.get(j)
        comparison = compare(profiles[i], profiles[j], freq, th,
                             shared_associate=bool(ai and aj and not ai.isdisjoint(aj)))
        if comparison.bits >= th.match_bits:
            kept[(i, j)] = comparison
    stats.update(blocks=block_stats.blocks, oversized_blocks=block_stats.oversized,
                 candidate_pairs=block_stats.pairs, above_threshold=len(kept))

    del index_of_profile, associates
    say("clustering")
    renewals = sorted({key for (i, j), comparison in kept.items()
                       if any(f.field == "passport" and f.level == "different"
                              for f in comparison.fields)
                       for key in (_passport_key(profiles[i]), _passport_key(profiles[j]))})
    periods = (passport_periods or _periods_from(mentions))(renewals) if renewals else {}
    stats["passport_periods"] = len(periods)
    # Only the groups of scored pairs are ever merged, so only theirs need facts.
    merging = {roots[first_mention[x]] for pair in kept for x in pair}
    clusterer = Clusterer(uf, group_facts(mentions, uf, sides, merging), periods)
    ordered = sorted(kept.items(), key=lambda kv: (
        -kv[1].bits, mentions[first_mention[kv[0][0]]].mention_id,
        mentions[first_mention[kv[0][1]]].mention_id))
    edges: list[tuple[int, int, Comparison]] = []
    for (i, j), comparison in ordered:
        a, b = first_mention[i], first_mention[j]
        if clusterer.try_merge(a, b):
            edges.append((a, b, comparison))
    stats["merges"] = len(edges)
    stats["refused"] = dict(clusterer.refused)
    # Free the comparison state before people are built: on a province the
    # two would otherwise be held together at the peak.
    del kept, ordered, clusterer, profiles, profile_root, first_mention, freq

    resolution = _people(mentions, uf, roots, group_size, edges)
    stats["persons"] = len(resolution.members)
    stats["seconds"] = round(time.perf_counter() - clock, 2)
    resolution.stats = stats
    return resolution


def _associates(mentions: Sequence[MentionFacts], roots: list[int],
                index_of_profile: list[int]) -> dict[int, set[int]]:
    """For each profile, the exact groups of the other people its rows name.

    Mentions are sorted by id, and a row's mentions share the prefix
    ``<ref>#``, so the mentions of one row are neighbours.
    """
    found: dict[int, set[int]] = {}
    start = 0
    for end in range(1, len(mentions) + 1):
        if end < len(mentions) and mentions[end].ref == mentions[start].ref:
            continue
        if end - start > 1:
            for i in range(start, end):
                others = {roots[j] for j in range(start, end) if j != i}
                found.setdefault(index_of_profile[i], set()).update(others)
        start = end
    return found


def _passport_key(p: Profile) -> str:
    return f"{p.passport_nat}:{p.passport_no}"


def _periods_from(mentions: Sequence[MentionFacts]) -> PeriodsOf:
    def periods(keys: list[str]) -> Periods:
        wanted = set(keys)
        found: dict[str, tuple[str, str]] = {}
        for m in mentions:
            if m.passport_key in wanted and m.seen_on:
                seen = m.seen_on[:10]
                first, last = found.get(m.passport_key, (seen, seen))
                found[m.passport_key] = (min(first, seen), max(last, seen))
        return found
    return periods


def _people(mentions: Sequence[MentionFacts], uf, roots: list[int], group_size: dict[int, int],
            edges: list[tuple[int, int, Comparison]]) -> Resolution:
    final = [uf.find(i) for i in range(len(mentions))]
    person_index: dict[int, int] = {}
    members: list[list[int]] = []
    person_of = []
    for i, root in enumerate(final):
        p = person_index.setdefault(root, len(members))
        if p == len(members):
            members.append([])
        members[p].append(i)
        person_of.append(p)
    del final, person_index  # not needed past this point
    anchors = [(anchor_of([mentions[i] for i in ms]), mentions[ms[0]].mention_id)
               for ms in members]
    person_ids = assign_person_ids(anchors)
    # The core of a person is the exact group holding its anchor: its rows
    # are linked by the key itself; every other group by its best merge.
    core = []
    for (anchor, first_id), ms in zip(anchors, members):
        holder = next((i for i in ms if anchor in exact_keys(mentions[i])), ms[0])
        core.append(roots[holder])
    best: dict[int, float] = {}
    merge_edges = []
    for a, b, comparison in edges:
        for x in (a, b):
            best[roots[x]] = max(best.get(roots[x], 0.0), comparison.bits)
        merge_edges.append(MergeEdge(mentions[a].mention_id, mentions[b].mention_id,
                                     comparison, person_of[a]))
    links = []
    for i, root in enumerate(roots):
        p = person_of[i]
        if len(members[p]) == 1:
            links.append(_SINGLE)
        elif root == core[p] and group_size[root] > 1:
            links.append(_EXACT)
        else:
            links.append(("probabilistic", round(best.get(root, 0.0), 2)))
    return Resolution(mentions, person_of, person_ids, members, links, merge_edges)
