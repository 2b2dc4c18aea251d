"""Hand-made mentions for the pure tests: named like the rows that would carry them."""

from __future__ import annotations

from ingest.normalize.names import person_name
from ingest.resolve.profile import MentionFacts, profile
from ingest.resolve.resolver import resolve_mentions


def mention(key: str, name: str | None, *, feed: str = "foreigners", role: str = "subject",
            nationality: str | None = None, dob: str | None = None, sex: str | None = None,
            passport: str | None = None, id_no: str | None = None, phone: str | None = None,
            address: str | None = None) -> MentionFacts:
    parsed = person_name(name)
    id_kind = None
    if id_no:
        id_kind = {12: "CCCD", 9: "CMND"}.get(len(id_no), "OTHER")
    return MentionFacts(
        f"{feed}:{key}#{role}", feed, role,
        parsed.display if parsed else None, parsed.tokens if parsed else (), nationality, dob,
        sex, passport, f"{nationality or '?'}:{passport}" if passport else None, id_no,
        id_kind, phone, address, None)


def p(name: str, **kw) -> object:
    """The comparison profile of a one-off mention."""
    return profile(mention("X", name, **kw))


def groups(mentions, **kw) -> list[set[str]]:
    """The people ``resolve_mentions`` makes, as sets of row keys (``feed:key``)."""
    resolution = resolve_mentions(sorted(mentions), **kw)
    found = [{resolution.mentions[i].ref for i in members} for members in resolution.members]
    return sorted(found, key=lambda g: sorted(g))
