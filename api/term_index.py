"""The person search's name terms, kept in each API process.

A person search by name looks up its whole name and each of its words in the
term index (ingest/resolve/search_terms.py), ranks the people found by the
names their terms carry, then reads the page's people. Through the engine
that is two round trips, the first one a lookup per term (about 0.2 ms of the
engine each, however few it finds) and up to a thousand pairs to decode. Here
every name term's people are held in memory, so a search ranks at once and
makes one round trip: the page's people, and the term ledger's token.

Every term write renews that token once it has committed. The page is used
only when the token it came with is the one this index was built at;
otherwise the search is answered through the engine as before, and the index
is rebuilt in the background once the token has stood still for
:data:`QUIET_SECONDS` (a resolution run renews it with every batch). A term
written around lienket (an operator's own Cypher) is seen at the next
rebuild, at most :data:`MAX_AGE_SECONDS` later; the page's people are scored
against their own properties in any case (api/explore.py).

Document numbers are not held: a search with a digit in it goes through the
engine.

Measured on the province (138,031 people, 593,288 terms, 59,157 of them
distinct name terms): a build reads the terms in 96 ranges of their keys (a
statement per range, collected) in 2.7-3.4 s, and the index holds 46 MB
(tracemalloc; 58 MB before each word was one string for every name). The same 600 pages (300 names of the benchmark, two pages
each) as through the engine.
"""

from __future__ import annotations

import gc
import logging
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from graph.errors import LienketError
from graph.store import GraphStore
from ingest.collector import collector_paused
from ingest.resolve import search_terms

__all__ = ["TermIndex", "QUIET_SECONDS", "MAX_AGE_SECONDS"]

log = logging.getLogger("lienket.api")

QUIET_SECONDS = 2.0
MAX_AGE_SECONDS = 600.0
RETRY_SECONDS = 5.0
# At most this many terms a range (the engine's collect() stops at 500,000);
# a fuller range is read again in narrower ones.
RANGE_ROWS = 200_000
MAX_KEY_PREFIX = 32
# Ranges start at these characters after a range's start: printable ASCII,
# which holds the space between a term and its person, and every folded name.
_ALPHABET = "".join(map(chr, range(0x20, 0x7F)))

_RANGE = """
MATCH (x:PersonTerm) WHERE x.key >= $lo AND x.key < $hi
WITH x LIMIT $rows
RETURN collect([x.key, x.person_id, x.name]) AS terms"""
_RANGE_FROM = """
MATCH (x:PersonTerm) WHERE x.key >= $lo
WITH x LIMIT $rows
RETURN collect([x.key, x.person_id, x.name]) AS terms"""

Words = tuple[str, ...]
# (person_id, the words of the name the term carries), in person_id order.
Entries = list[tuple[str, Words]]


@dataclass(frozen=True)
class _Built:
    change: str | None  # the ledger's token the terms were read at
    entries: dict[str, Entries] | None  # None: some term has no name, so cannot rank
    at: float


class TermIndex:
    """Name terms and their people, in person-id order, as the term index
    answers ``STARTS WITH "<term> "``; at most ``keep`` people a term."""

    def __init__(self, *, keep: int, quiet: float = QUIET_SECONDS,
                 max_age: float = MAX_AGE_SECONDS) -> None:
        self._keep, self._quiet, self._max_age = keep, quiet, max_age
        self._built: _Built | None = None
        self._wanted = threading.Event()
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None

    # ------------------------------------------------------------ reading
    def lookup(self, terms: list[tuple[str, int]]) -> tuple[str | None, list[Entries]] | None:
        """The token the index was built at, and up to ``cap`` entries of each
        ``(term, cap)``; None while there is no index to answer from."""
        built = self._built
        if built is None:
            return None
        if time.monotonic() - built.at > self._max_age:
            self._wanted.set()
        if built.entries is None:
            return None
        return built.change, [built.entries.get(term, [])[:cap] for term, cap in terms]

    def out_of_date(self, change: str | None) -> None:
        """A search read the token ``change``: rebuild if it is not the index's."""
        built = self._built
        if built is not None and built.change != change:
            self._wanted.set()

    # ------------------------------------------------------------ building
    def start(self, store: Callable[[], GraphStore]) -> None:
        """Build now, then rebuild when told to, on a thread of its own; ``store``
        gives the current store (it changes when the database comes back).
        A process answers its first search from the index: the first build is
        done before it listens, unless the database is away."""
        try:
            if not self._build_logged(store(), once=True):  # terms being written
                self._wanted.set()
        except Exception as exc:  # noqa: BLE001 - the thread tries again
            self._not_built(exc)
            self._wanted.set()
        self._thread = threading.Thread(target=self._run, args=(store,),
                                        name="lienket-term-index", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stopping.set()
        self._wanted.set()
        if self._thread is not None:
            self._thread.join(timeout=10)

    def _run(self, store: Callable[[], GraphStore]) -> None:
        while not self._stopping.is_set():
            self._wanted.wait()
            if self._stopping.is_set():
                return
            self._wanted.clear()
            try:
                self._build_logged(store(), quiet=self._quiet)
            except Exception as exc:  # noqa: BLE001 - searches go through the engine meanwhile
                self._not_built(exc)
                self._stopping.wait(RETRY_SECONDS)
                self._wanted.set()

    def _build_logged(self, store: GraphStore, **how: Any) -> bool:
        started = time.monotonic()
        if not self.build(store, **how):
            return False
        built = self._built
        assert built is not None
        if built.entries is None:
            log.warning("Person searches go to the database: some search terms carry no "
                        "name yet, which the next `lienket resolve` gives them.")
        else:
            log.info("Person search index: %s name terms read in %.1f s.",
                     f"{len(built.entries):,}", built.at - started)
        return True

    @staticmethod
    def _not_built(exc: Exception) -> None:
        log.warning("The person search index was not built; searches go to the database "
                    "meanwhile, and it is tried again in %.0f s. %s", RETRY_SECONDS, exc)

    def build(self, store: GraphStore, *, quiet: float = 0.0, once: bool = False) -> bool:
        """Read every name term, once the ledger's token stood still for
        ``quiet`` seconds, and again while it changes during the read, unless
        ``once``; whether the index was built (not when stopping, or ``once``
        and the token changed)."""
        change = search_terms.ledger_change(store)
        while not self._stopping.is_set():
            if quiet:
                self._stopping.wait(quiet)
                if (now := search_terms.ledger_change(store)) != change:
                    change = now
                    continue
            with collector_paused():  # every object made here stays
                entries = _read_terms(store, self._keep)
            # A term write renews the token after it commits: the same token
            # after the read means the read holds every write before it.
            if (now := search_terms.ledger_change(store)) == change:
                self._built = _Built(change, entries, time.monotonic())
                # The index's half a million objects stay as long as it does:
                # scanned by every full collection, they stopped the process
                # for 40 ms idle and about 190 ms under load, every few seconds.
                gc.freeze()
                return True
            if once:
                return False
            change = now
        return False


def _read_terms(store: GraphStore, keep: int) -> dict[str, Entries] | None:
    """Every name term's people (its words, and its whole name), or None if a
    term has no name."""
    names: dict[str, Words] = {}  # one tuple per distinct name, of shared words,
    people: dict[str, str] = {}  # and one string per person: a third of the memory
    found: dict[str, Entries] = {}
    for terms in _ranges(store, "", None):
        for key, person_id, name in terms:
            if name is None:
                return None
            term = key.rpartition(" ")[0]  # as STARTS WITH "<term> " finds it
            words = names.get(name)
            if words is None:
                words = names[name] = tuple(map(sys.intern, name.split(" ")))
            if term in words or term == search_terms.name_term(words):
                person_id = people.setdefault(person_id, person_id)
                found.setdefault(term, []).append((person_id, words))
    for entries in found.values():
        entries.sort()
        del entries[keep:]
    return found


def _ranges(store: GraphStore, lo: str, hi: str | None) -> Iterator[list[list[Any]]]:
    """The terms with keys from ``lo`` up to ``hi`` (None: to the end), one
    list per range read; a range with too many is read in narrower ones."""
    bounds = [lo] + [lo + c for c in _ALPHABET if hi is None or lo + c < hi]
    for start, end in zip(bounds, bounds[1:] + [hi]):
        if end is None:
            terms = store.read_plain(_RANGE_FROM, lo=start, rows=RANGE_ROWS + 1)[0]["terms"]
        else:
            terms = store.read_plain(_RANGE, lo=start, hi=end, rows=RANGE_ROWS + 1)[0]["terms"]
        if len(terms) <= RANGE_ROWS:
            yield terms
        elif (start, end) == (lo, hi) or len(start) > MAX_KEY_PREFIX:
            raise LienketError(f"More than {RANGE_ROWS:,} person search terms start with "
                               f"'{start}': too many to keep in memory.")
        else:
            yield from _ranges(store, start, end)
