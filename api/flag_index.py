"""The flag listing's index, kept in each API process.

Listing flags through the engine scans and sorts every flag for each page:
about 4 ms of engine CPU a page for the province's 1,674 flags, growing with
every flag ever raised (flags are kept when stale or dismissed). Here each
flag's listing keys (score, id, kind, status, stale or not) are kept in score
order; a page picks its ids here and reads only those flags from the graph,
by key (under 1 ms of engine CPU for fifty), in the statement that also reads
the flag ledger's token.

Every flag write renews that token in its own transaction
(:mod:`analysis.flags_cypher`). A page is given only when the token it read is
the one the index was built at and every flag it read still has the keys the
index holds; otherwise the index is rebuilt and the page picked again.

The content of a page comes from the graph. The same page asked again
within :data:`RENDERED_MAX_AGE` seconds is sent as it was rendered, once a
read of the token shows no flag was written since: the same first pages are
listed by many people and by the case system, and reading and rendering a
page's fifty flags (about 135 kB) was most of a listing's cost. A write that
bypasses the ledger (an operator's own Cypher) shows within ``max_age``
seconds, when the index is rebuilt anyway; a page sent as rendered lags
behind such a write by at most :data:`RENDERED_MAX_AGE` seconds.
"""

from __future__ import annotations

import threading
import time
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

from analysis import flags_cypher
from graph.store import GraphStore

__all__ = ["FlagListingIndex", "MAX_AGE_SECONDS", "RENDERED_MAX_AGE"]

MAX_AGE_SECONDS = 60.0
ATTEMPTS = 3
RENDERED_MAX_AGE = 5.0
RENDERED_PAGES = 64  # pages kept per process: about 9 MB of pages of fifty

KEYS = """
MATCH (f:Flag)
RETURN collect([f.score, f.flag_id, f.kind, f.status, f.stale_since IS NULL]) AS keys"""

# The ledger first: flags read after it are at least as new as its token.
PAGE = f"""
OPTIONAL MATCH (ledger:FlagLedger {{key: 'flags'}})
WITH ledger.change AS change
UNWIND $ids AS id
OPTIONAL MATCH (f:Flag {{flag_id: id}})
WITH change, CASE WHEN f IS NULL THEN NULL ELSE {flags_cypher._FIELDS_MAP} END AS flag
RETURN change, collect(flag) AS flags"""


Keys = tuple[float, str, str, str, bool]  # score, flag_id, kind, status, live (not stale)


@dataclass(frozen=True)
class _Built:
    change: str
    usable: bool  # False: some flag has no score, which only the graph can order
    keys: list[Keys]  # in the listing's order: score descending, then flag_id
    at: float
    # Pages rendered while the ledger's token was ``change``: page -> (read at, bytes).
    rendered: dict[tuple, tuple[float, bytes]] = field(default_factory=dict, compare=False)

    def pick(self, *, kind: str | None, status: str | None, min_score: float | None,
             max_score: float | None, include_stale: bool,
             after: tuple[float, str] | None, limit: int) -> list[Keys]:
        start = bisect_right(self.keys, (-after[0], after[1]), key=_place) if after else 0
        picked = []
        for keys in islice(self.keys, start, None):  # no copy of the rest
            score, _, flag_kind, flag_status, live = keys
            if ((kind is None or flag_kind == kind)
                    and (status is None or flag_status == status)
                    and (min_score is None or score >= min_score)
                    and (max_score is None or score <= max_score)
                    and (include_stale or live)):
                picked.append(keys)
                if len(picked) == limit:
                    break
        return picked


def _place(keys: Keys) -> tuple[float, str]:
    """Where a flag stands in the listing: score descending, then id."""
    return -keys[0], keys[1]


def _keys_of(flag: dict[str, Any]) -> Keys:
    return (flag["score"], flag["flag_id"], flag["kind"], flag["status"],
            flag["stale_since"] is None)


class FlagListingIndex:
    """Pages of flags by score, highest first, with the listing's filters
    (all but ``subject``, which the caller answers from the graph)."""

    def __init__(self, *, max_age: float = MAX_AGE_SECONDS) -> None:
        self._max_age = max_age
        self._built: _Built | None = None
        self._lock = threading.Lock()

    def page(self, store: GraphStore, *, after: tuple[float, str] | None, limit: int,
             **filters: Any) -> list[dict[str, Any]] | None:
        """The page's flags as the graph holds them, or None when the index
        cannot answer (a flag without a score, or writes racing every attempt)."""
        found = self._page(store, self._current(store), after=after, limit=limit, **filters)
        return found[0] if found else None

    def page_json(self, store: GraphStore, render: Callable[[list[dict[str, Any]]], bytes],
                  *, after: tuple[float, str] | None, limit: int, **filters: Any
                  ) -> bytes | None:
        """The page as ``render`` writes it, or None when the index cannot answer.
        Asked again while no flag was written, it is sent as rendered, for up to
        :data:`RENDERED_MAX_AGE` seconds."""
        built = self._current(store)
        page = (after, limit, *sorted(filters.items()))
        kept = built.rendered.get(page)
        if kept is not None and time.monotonic() - kept[0] < RENDERED_MAX_AGE:
            rows = store.read_plain(flags_cypher.LEDGER_CHANGE)
            if rows and rows[0]["change"] == built.change:
                return kept[1]
        read_at = time.monotonic()
        found = self._page(store, built, after=after, limit=limit, **filters)
        if found is None:
            return None
        flags, checked = found
        rendered = render(flags)
        if len(checked.rendered) >= RENDERED_PAGES:
            checked.rendered.clear()
        checked.rendered[page] = (read_at, rendered)
        return rendered

    def _page(self, store: GraphStore, built: _Built, *, after: tuple[float, str] | None,
              limit: int, **filters: Any) -> tuple[list[dict[str, Any]], _Built] | None:
        """The page's flags and the build they were checked against."""
        for _ in range(ATTEMPTS):
            if not built.usable:
                return None
            picked = built.pick(after=after, limit=limit, **filters)
            if not picked:
                rows = store.read_plain(flags_cypher.LEDGER_CHANGE)
                if rows and rows[0]["change"] == built.change:
                    return [], built
            else:
                row = store.read_plain(PAGE, ids=[keys[1] for keys in picked])[0]
                flags = {f["flag_id"]: f for f in row["flags"]}
                if row["change"] == built.change and all(
                        keys[1] in flags and _keys_of(flags[keys[1]]) == keys
                        for keys in picked):
                    return [flags[keys[1]] for keys in picked], built
            built = self._rebuild(store, stale=built)
        return None

    def _current(self, store: GraphStore) -> _Built:
        built = self._built
        if built is not None and time.monotonic() - built.at < self._max_age:
            return built
        return self._rebuild(store, stale=built)

    def _rebuild(self, store: GraphStore, *, stale: _Built | None) -> _Built:
        with self._lock:
            if self._built is not stale and self._built is not None:
                return self._built  # another request rebuilt it meanwhile
            # The token before the keys: keys read after it are at least as new.
            rows = store.read_plain(flags_cypher.LEDGER_CHANGE)
            if not rows:  # a graph flagged before the ledger existed
                store.write(flags_cypher.OPEN_LEDGER)
                rows = store.read_plain(flags_cypher.LEDGER_CHANGE)
            found = store.read_plain(KEYS)[0]["keys"]
            usable = all(isinstance(score, (int, float)) for score, *_ in found)
            keys: list[Keys] = sorted(
                ((float(score), flag_id, kind, status, live)
                 for score, flag_id, kind, status, live in found),
                key=_place) if usable else []
            self._built = _Built(rows[0]["change"], usable, keys, time.monotonic())
            return self._built
