"""Which feed a file is, from its whole header.

Header names are compared after folding (case, diacritics, ``Đ``, and spaces,
hyphens and underscores alike). The same alias means different things in
different feeds (``so_giay_to``, ``tu_ngay``), so a header is read against
each feed in turn and the file is the feed that explains every column and
has all its required ones. ``--feed`` skips the guessing but not the checks.
"""

from __future__ import annotations

from dataclasses import dataclass

from graph.errors import LienketError
from ingest.contract import FEEDS, Feed, feed
from ingest.normalize.text import header_key

__all__ = ["HeaderMap", "UnknownFeed", "recognise"]


class UnknownFeed(LienketError):
    """A file that is not one of the eight feeds."""


@dataclass(frozen=True)
class HeaderMap:
    feed: Feed
    # position in the file's header -> canonical column name
    columns: dict[int, str]


def _column_keys(spec: Feed) -> dict[str, str]:
    keys: dict[str, str] = {}
    for column in spec.columns:
        keys[header_key(column.name)] = column.name
        keys[header_key(column.alias)] = column.name
    return keys


_KEYS = {spec.name: _column_keys(spec) for spec in FEEDS}


def _match(spec: Feed, header: list[str]) -> tuple[dict[int, str], list[str], list[str], list[str]]:
    keys = _KEYS[spec.name]
    mapped: dict[int, str] = {}
    unknown: list[str] = []
    duplicated: list[str] = []
    for position, name in enumerate(header):
        canonical = keys.get(header_key(str(name)) or "")
        if canonical is None:
            unknown.append(str(name))
        elif canonical in mapped.values():
            duplicated.append(str(name))
        else:
            mapped[position] = canonical
    missing = [c for c in spec.required if c not in mapped.values()]
    return mapped, missing, unknown, duplicated


def recognise(header: list[str], *, source: str, forced: str | None = None) -> HeaderMap:
    """Map ``header`` to a feed, or raise :class:`UnknownFeed` with what is wrong."""
    candidates = [feed(forced)] if forced else list(FEEDS)
    results = []
    for spec in candidates:
        mapped, missing, unknown, duplicated = _match(spec, header)
        results.append((spec, mapped, missing, unknown, duplicated))
        if not missing and not unknown and not duplicated:
            return HeaderMap(spec, mapped)
    # Not recognised: explain against the closest feed.
    spec, mapped, missing, unknown, duplicated = max(
        results, key=lambda r: (len(r[1]) - len(r[3]), -len(r[2]))
    )
    problems = []
    if missing:
        problems.append("missing required column(s) " + ", ".join(
            f"{c} ({spec.column(c).alias})" for c in missing))
    if unknown:
        problems.append("unknown column(s) " + ", ".join(repr(u) for u in unknown))
    if duplicated:
        problems.append("column(s) given twice " + ", ".join(repr(d) for d in duplicated))
    lead = (f"{source} is not a valid '{spec.name}' file" if forced
            else f"{source} is not a known feed; closest is '{spec.name}'")
    raise UnknownFeed(f"{lead}: {'; '.join(problems)}.")
