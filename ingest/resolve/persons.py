"""What a resolved person looks like: stable id and the properties shown.

>>> from ingest.resolve.profile import MentionFacts
>>> def m(i, feed, name, dob):
...     return MentionFacts(f"{feed}:{i}#subject", feed, "subject", name,
...         tuple(name.lower().split()), "CHN", dob, None, "E1", "CHN:E1", None, None,
...         None, None, None)
>>> p = person_properties([m(1, "foreigners", "WANG XIAOMING", "1985-03-02"),
...                        m(2, "residence_declarations", "XIAOMING WANG", "1985-03-02"),
...                        m(3, "residence_declarations", "XIAOMING WANG", None)])
>>> p["full_name"], p["passport_nos"], p["records"][0]
('WANG XIAOMING', ['E1'], 'foreigners:1')
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Sequence
from typing import Any

from ingest.resolve.profile import MentionFacts, exact_keys

__all__ = ["person_properties", "anchor_of", "assign_person_ids", "short_hash",
           "PASSPORT_FEEDS"]

# Feeds that copy the name from the passport itself: their spelling is the
# one to show for a foreigner.
PASSPORT_FEEDS = ("foreigners", "work_permits")
_ID_ORDER = {"CCCD": 0, "CMND": 1}


def short_hash(text: str, size: int = 8) -> str:
    return hashlib.blake2b(text.encode(), digest_size=size).hexdigest()


def anchor_of(members: Sequence[MentionFacts]) -> str:
    """The smallest exact key of a person, else its smallest mention id."""
    keys = [k for m in members for k in exact_keys(m)]
    return min(keys) if keys else "mention:" + min(m.mention_id for m in members)


def assign_person_ids(anchors: Sequence[tuple[str, str]]) -> list[str]:
    """``p_`` + hash of each person's anchor, ``(anchor, smallest mention id)``.

    Two people can share an anchor only when a reviewer split one passport's
    records apart; the one with the smaller mention id keeps the plain hash.
    """
    order = sorted(range(len(anchors)), key=lambda i: anchors[i])
    ids = [""] * len(anchors)
    taken: set[str] = set()
    for i in order:
        anchor, first_mention = anchors[i]
        text = anchor if anchor not in taken else f"{anchor}#{first_mention}"
        taken.add(anchor)
        ids[i] = "p_" + short_hash(text)
    return ids


def _most_common(values: Sequence[Any]) -> Any:
    counts = Counter(v for v in values if v is not None)
    if not counts:
        return None
    return min(counts, key=lambda v: (-counts[v], v))


def _display_name(members: Sequence[MentionFacts], foreigner: bool) -> MentionFacts | None:
    named = [m for m in members if m.full_name]
    if not named:
        return None
    if foreigner:
        preferred = [m for m in named if m.feed in PASSPORT_FEEDS]
    else:
        preferred = [m for m in named if not m.full_name.isascii()]  # with diacritics
    pool = preferred or named
    counts = Counter(m.full_name for m in pool)
    # Ties: the residence record (copied from the passport) before a permit.
    rank = {feed: i for i, feed in enumerate(PASSPORT_FEEDS)}
    return min(pool, key=lambda m: (-counts[m.full_name], rank.get(m.feed, len(rank)),
                                    m.full_name, m.mention_id))


def _latest_first(pairs: list[tuple[str, str | None]]) -> list[str]:
    latest: dict[str, str] = {}
    for value, seen in pairs:
        latest[value] = max(latest.get(value, ""), seen or "")
    return sorted(latest, key=lambda v: (latest[v], v), reverse=True)


def person_properties(members: Sequence[MentionFacts]) -> dict[str, Any]:
    """The Person node's properties (without ``person_id``) for its mentions."""
    nationality = _most_common([m.nationality for m in members])
    has_citizen_id = any(m.id_kind in ("CCCD", "CMND") for m in members)
    vietnamese = nationality == "VNM" or (nationality is None and has_citizen_id)
    shown = _display_name(members, foreigner=not vietnamese)
    passports = _latest_first([(m.passport_no, m.seen_on) for m in members if m.passport_no])
    ids = _latest_first([(m.id_no, m.seen_on) for m in members if m.id_no])
    kind_of = {m.id_no: m.id_kind for m in members if m.id_no}
    ids.sort(key=lambda i: _ID_ORDER.get(kind_of[i] or "", 2))  # stable: latest first within
    props = {
        "full_name": shown.full_name if shown else None,
        "name_folded": " ".join(shown.tokens) if shown else None,
        "nationality": nationality,
        "date_of_birth": _most_common([m.date_of_birth for m in members]),
        "sex": _most_common([m.sex for m in members if m.sex in ("M", "F")]),
        "passport_nos": passports,
        "id_nos": ids,
        "records": sorted({m.ref for m in members}),
        "kind": "vietnamese" if vietnamese else "foreigner",
        "mention_count": len(members),
    }
    props["signature"] = short_hash(json.dumps(props, sort_keys=True, ensure_ascii=False))
    return props
