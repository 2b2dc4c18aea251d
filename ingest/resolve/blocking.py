"""Candidate pairs: only records that share a blocking key are ever compared.

Keys (see :func:`blocking_keys`):

* ``n:`` the sorted letters of the canonical name: equal for order and
  spacing variants and for Hoàng/Huỳnh, Wang/Vương (so every pair whose names
  agree at all is in one block);
* ``d:`` the date of birth with day and month sorted (equal for a day/month
  swap), with one part of the name: it brings together the records whose
  names differ by a typo or a dropped part (which keep at least one part
  whole), which can only pass the threshold with an agreeing birth date;
* ``p:`` the passport number without its nationality, for records whose
  nationality is missing or miswritten.

A block holds profiles (distinct records of a person-so-far), not rows. A
block bigger than ``block_cap`` (a common name) is split by nationality and
birth year, and a part that is still too big is compared by sorted
neighbourhood (each profile against the next ``window`` in name, birth-date
order), so the number of pairs grows linearly with the rows.

>>> list(candidate_pairs([[0, 1, 2], [2, 3]], roots=[0, 1, 2, 2],
...                      sub_key=lambda i: None, sort_key=lambda i: i, cap=10, window=2))
[(0, 1), (0, 2), (1, 2)]
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable, Iterator, Sequence

from ingest.resolve.profile import Profile

__all__ = ["blocking_keys", "build_blocks", "candidate_pairs", "BlockStats"]


def _name_keys(p: Profile) -> list[str]:
    return ["n:" + p.letters] if p.letters else []


def _birth_keys(p: Profile) -> list[str]:
    if not p.dob:
        return []
    month, day = p.dob[5:7], p.dob[8:10]
    born = f"d:{p.dob[:4]}:{min(month, day)}{max(month, day)}:"
    return [born + token for token in sorted(set(p.canon))]


def _passport_keys(p: Profile) -> list[str]:
    return ["p:" + p.passport_no] if p.passport_no else []


# The kinds of key, each blocked on its own (see build_blocks).
_KEY_KINDS = (_name_keys, _birth_keys, _passport_keys)


def blocking_keys(p: Profile) -> list[str]:
    return [key for kind in _KEY_KINDS for key in kind(p)]


def build_blocks(profiles: Sequence[Profile]) -> list[list[int]]:
    """Profile indexes per blocking key, only blocks of two or more.

    Blocks are keyed by the hash of the key, not the key: a province has
    millions of keys and their text would be held at the peak for nothing.
    One kind of key at a time (names, then birth dates, then passports), so
    that only one kind's keys are held at once: the keys of every kind
    together were the peak of a border feed's resolution. Within a kind,
    blocks come in order of first appearance, not of hash. Two keys sharing a
    64-bit hash (odds about one in a million on a province) would only put
    more pairs up for scoring, each still judged on its merits.
    """
    found: list[list[int]] = []
    for keys_of in _KEY_KINDS:
        # Most keys belong to one profile only: such a key holds the bare index, and
        # becomes a list on its second member (a list per key was most of the peak).
        blocks: dict[int, int | list[int]] = {}
        for i, p in enumerate(profiles):
            for key in keys_of(p):
                h = hash(key)
                held = blocks.get(h)
                if held is None:
                    blocks[h] = i
                elif type(held) is int:
                    blocks[h] = [held, i]
                else:
                    held.append(i)
        found.extend(members for members in blocks.values() if type(members) is list)
        del blocks
    return found


class BlockStats:
    def __init__(self) -> None:
        self.blocks = 0
        self.oversized = 0
        self.pairs = 0


def candidate_pairs(blocks: Iterable[list], *, roots: Sequence[int],
                    sub_key: Callable[[int], Hashable], sort_key: Callable[[int], object],
                    cap: int, window: int, stats: BlockStats | None = None
                    ) -> Iterator[tuple[int, int]]:
    """Pairs ``(i, j)``, ``i < j``, of block members that are not already one person.

    ``roots[i]`` is the person-so-far of member ``i``; a pair within one is
    skipped. A pair may come from two blocks: the caller de-duplicates what it
    keeps.
    """
    stats = stats or BlockStats()
    for members in blocks:
        stats.blocks += 1
        if len(members) <= cap:
            yield from _all_pairs(members, roots, stats)
            continue
        stats.oversized += 1
        parts: dict[Hashable, list] = defaultdict(list)
        for i in members:
            parts[sub_key(i)].append(i)
        for part in parts.values():
            if len(part) <= cap:
                yield from _all_pairs(part, roots, stats)
            else:
                yield from _neighbourhood(sorted(part, key=sort_key), roots, window, stats)


def _all_pairs(members: list, roots: Sequence[int], stats: BlockStats) -> Iterator[tuple[int, int]]:
    ordered = sorted(members)
    for x, i in enumerate(ordered):
        ri = roots[i]
        for j in ordered[x + 1:]:
            if roots[j] != ri:
                stats.pairs += 1
                yield i, j


def _neighbourhood(ordered: list, roots: Sequence[int], window: int,
                   stats: BlockStats) -> Iterator[tuple[int, int]]:
    for x, i in enumerate(ordered):
        for j in ordered[x + 1:x + 1 + window]:
            if roots[j] != roots[i]:
                stats.pairs += 1
                yield (i, j) if i < j else (j, i)
