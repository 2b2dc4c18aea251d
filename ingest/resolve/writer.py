"""Writing resolved people into the graph, batch by batch, on threads of their own.

Two paths, one managed transaction per batch either way:

* **new people** (no Person holds their id: every person of a first run):
  first their ``PersonTerm`` search terms, then, once those are in, the
  Person nodes with their signatures and their mentions' ``RESOLVES_TO``
  links, flat and in mention-id order, in one transaction. Nothing to read
  back, no old link or term to remove, and the signature goes in with the
  links, so a batch of people is all there or not at all. The terms of the
  next batch are written on a second thread while this batch's people are
  (the engine uses the second core: 15% off the border feed's write); a run
  killed in between leaves terms without their person, which the next run
  handles as below. On the province this path wrote people about twice as
  fast as the careful one, which spent most of its time on per-person
  subqueries, a read of the old terms and a second statement for the
  signature.
* **changed people**: the old terms are read off the Person and replaced
  (:func:`~ingest.resolve.search_terms.replace_terms`), the old links
  deleted and the new ones created, then the Person signed. A run killed in
  between leaves the old signature, and the next run redoes those people.

A batch of new people that breaks a uniqueness rule (a Person or search term
already there: left by a concurrent run, or by a run killed half-way) is
written the careful way instead, which merges.

The threads: the database writes one batch while the caller builds the next
(the driver lets go of the GIL while it waits), so the Python work of
building people costs no wall time. At most one batch of people waits behind
the one being written.
"""

from __future__ import annotations

from collections import deque
from concurrent.futures import Future, ThreadPoolExecutor
from operator import itemgetter
from typing import Any

import neo4j

from graph.errors import BatchRejected
from graph.store import GraphStore
from ingest.resolve import cypher
from ingest.resolve.search_terms import renew_ledger, replace_terms, term_keys, term_name

__all__ = ["PeopleWriter", "NEW_BATCH", "CHANGED_BATCH"]

# Links per batch. New people: bigger batches, fewer commits (the engine's
# speed per link was flat from 2k to 30k links a batch; 10k keeps the
# parameters a few megabytes).
NEW_BATCH = 10_000
CHANGED_BATCH = 2000


class PeopleWriter:
    """``add`` people, then ``close``; ``written`` and ``links`` count what committed."""

    def __init__(self, store: GraphStore) -> None:
        self.store = store
        self.written = 0
        self.links = 0
        self._new: list[dict[str, Any]] = []
        self._new_links = 0
        self._changed: list[dict[str, Any]] = []
        self._changed_links = 0
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="lienket-people")
        self._terms = ThreadPoolExecutor(max_workers=1, thread_name_prefix="lienket-terms")
        self._in_flight: deque[Future] = deque()

    def add(self, person_id: str, props: dict[str, Any], links: list[list[Any]],
            signature: str, *, new: bool) -> None:
        """One person: ``props`` without id or signature; ``links`` of
        ``[mention_id, method, score]``; ``new`` if no Person holds the id."""
        person = {"person_id": person_id, "props": props, "links": links,
                  "signature": signature}
        if new:
            self._new.append(person)
            self._new_links += len(links)
            if self._new_links >= NEW_BATCH:
                self._submit_new()
        else:
            self._changed.append(person)
            self._changed_links += len(links)
            if self._changed_links >= CHANGED_BATCH:
                self._submit(self._write_changed, self._changed)
                self._changed, self._changed_links = [], 0

    def close(self) -> None:
        """Write what is held and wait for every batch; raises a batch's error."""
        try:
            if self._new:
                self._submit_new()
            if self._changed:
                self._submit(self._write_changed, self._changed)
            self._new, self._changed = [], []
            while self._in_flight:
                self._settle()
        finally:
            for future in self._in_flight:
                future.cancel()
            self._pool.shutdown(wait=True)
            self._terms.shutdown(wait=True)

    def __enter__(self) -> "PeopleWriter":
        return self

    def __exit__(self, exc_type: type | None, *exc: object) -> None:
        if exc_type is None:
            self.close()
        else:  # the caller's error wins; stop without writing what is held
            for future in self._in_flight:
                future.cancel()
            self._pool.shutdown(wait=True)
            self._terms.shutdown(wait=True)

    # ------------------------------------------------------------- internals
    def _submit_new(self) -> None:
        batch, self._new, self._new_links = self._new, [], 0
        terms = self._terms.submit(self._write_terms, batch)
        self._submit(lambda people: self._write_new(people, terms), batch)

    def _submit(self, write, batch: list[dict[str, Any]]) -> None:
        self._in_flight.append(self._pool.submit(write, batch))
        while len(self._in_flight) > 1:
            self._settle()

    def _settle(self) -> None:
        persons, links = self._in_flight.popleft().result()
        self.written += persons
        self.links += links

    def _write_terms(self, batch: list[dict[str, Any]]) -> bool:
        """The search terms of a batch of new people, ahead of the people; False if
        one is already there (the batch then goes the careful way)."""
        rows = [{"person_id": p["person_id"], "name": term_name(p["props"]),
                 "terms": term_keys(p["person_id"], p["props"])} for p in batch]
        try:
            self.store.write(cypher.CREATE_TERMS, rows=rows)
        except BatchRejected:
            return False
        renew_ledger(self.store)
        return True

    def _write_new(self, batch: list[dict[str, Any]], terms: Future) -> tuple[int, int]:
        if not terms.result():
            return self._write_changed(batch)
        people = [{"person_id": p["person_id"],
                   "props": {**p["props"], "signature": p["signature"]}} for p in batch]
        links = sorted(({"mention_id": link[0], "person_id": p["person_id"], "method": link[1],
                         "score": link[2]} for p in batch for link in p["links"]),
                       key=itemgetter("mention_id"))

        def work(tx: neo4j.ManagedTransaction) -> None:
            tx.run(cypher.CREATE_PERSONS, rows=people).consume()
            tx.run(cypher.LINK_MENTIONS, links=links).consume()

        try:
            self.store.execute_write(work)
        except BatchRejected:
            return self._write_changed(batch)
        return len(batch), len(links)

    def _write_changed(self, batch: list[dict[str, Any]]) -> tuple[int, int]:
        rows = [{"person_id": p["person_id"], "props": p["props"],
                 "links": [{"mention_id": m, "method": method, "score": score}
                           for m, method, score in p["links"]]} for p in batch]
        replace_terms(self.store, rows)  # reads the old terms off the people first
        self.store.write(cypher.WRITE_PERSONS, rows=rows)
        self.store.write(cypher.SIGN_PERSONS, rows=[
            {"person_id": p["person_id"], "signature": p["signature"]} for p in batch])
        return len(batch), sum(len(p["links"]) for p in batch)
