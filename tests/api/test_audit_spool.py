"""The audit trail's spool, against the real engine: a read's entry is on disk
before its answer and in the graph a moment later, a change's is in the graph
at once, and entries left by a process that died reach the graph exactly once."""

from __future__ import annotations

import json
import os
import resource
import signal
import time

import neo4j
import pytest

from api.audit import AuditLog
from api.errors import AuditUnavailable
from api.audit_spool import Spool, ship_orphans
from api.keys import Principal
from graph.errors import StoreUnavailable
from graph.store import GraphStore

WHO = Principal("k_test", "investigator")


def read(log: AuditLog, subject: str, action: str = "read") -> str:
    return log.record(WHO, method="GET", path="/x", action=action, subject=subject,
                      purpose="VV-1")


def in_graph(store: GraphStore) -> list[str]:
    return [r["subject"] for r in store.read(
        "MATCH (a:AuditEntry) RETURN a.subject AS subject ORDER BY a.at")]


def spooled(folder) -> list[str]:
    return [json.loads(line)["subject"] for path in sorted(folder.glob("*.jsonl"))
            for line in path.read_text().splitlines()]


def dead_store() -> GraphStore:
    driver = neo4j.GraphDatabase.driver("bolt://127.0.0.1:1", auth=("x", "y"),
                                        connection_timeout=0.5,
                                        max_transaction_retry_time=0.2)
    return GraphStore(driver, database="x", address="bolt://127.0.0.1:1", engine="neo4j")


def eventually(check, seconds: float = 10.0) -> None:
    deadline = time.monotonic() + seconds
    while not check():
        assert time.monotonic() < deadline, "not within the time"
        time.sleep(0.02)


def test_a_read_is_spooled_before_it_returns_and_shipped_soon_after(store, tmp_path):
    log = AuditLog(lambda: store, tmp_path)
    log.SHIP_SECONDS = 5.0  # long enough to see the entry in the spool alone
    try:
        read(log, "Person:P1")
        assert spooled(tmp_path) == ["Person:P1"] and in_graph(store) == []
        log.flush()
        assert in_graph(store) == ["Person:P1"] and spooled(tmp_path) == []
        log.SHIP_SECONDS = 0.05
        read(log, "Person:P2")
        eventually(lambda: in_graph(store) == ["Person:P1", "Person:P2"])
    finally:
        log.close()
    assert list(tmp_path.iterdir()) == []  # everything shipped: the file is gone


def test_a_change_is_in_the_graph_when_it_returns(store, tmp_path):
    log = AuditLog(lambda: store, tmp_path)
    log.SHIP_SECONDS = 30.0
    try:
        log.record(WHO, method="POST", path="/x", action="transition", subject="Flag:F1")
        assert in_graph(store) == ["Flag:F1"]
    finally:
        log.close()


def test_without_a_folder_every_entry_waits_for_the_graph(store):
    log = AuditLog(lambda: store)
    log.SHIP_SECONDS = 30.0
    try:
        read(log, "Person:P1")
        assert in_graph(store) == ["Person:P1"]
    finally:
        log.close()


def test_entries_of_a_process_that_died_are_shipped_once(store, tmp_path):
    # A spool file nobody holds, as a killed process leaves it: two entries and
    # a line torn by the kill.
    lines = [json.dumps({"entry_id": f"a_dead{i}", "at": f"2026-11-26T00:00:0{i}+00:00",
                         "subject": f"Person:D{i}", "action": "read"}) for i in (1, 2)]
    (tmp_path / "0dead.jsonl").write_text("\n".join(lines) + '\n{"entry_id": "a_to')
    log = AuditLog(lambda: store, tmp_path)
    try:
        eventually(lambda: in_graph(store) == ["Person:D1", "Person:D2"])
        eventually(lambda: not (tmp_path / "0dead.jsonl").exists())
    finally:
        log.close()
    # The same entries again (a shipment whose commit the driver did not hear
    # of): taken, and written once.
    (tmp_path / "1again.jsonl").write_text("\n".join(lines) + "\n")
    again = AuditLog(lambda: store, tmp_path)
    try:
        eventually(lambda: not (tmp_path / "1again.jsonl").exists())
        assert in_graph(store) == ["Person:D1", "Person:D2"]
    finally:
        again.close()


def test_a_live_process_spool_is_not_taken_for_an_orphan(store, tmp_path):
    owner = Spool(tmp_path)
    owner.append({"entry_id": "a_live", "subject": "Person:L"})
    shipped: list = []
    try:
        assert ship_orphans(tmp_path, shipped.extend) == 0 and shipped == []
        assert owner.path.exists()
    finally:
        owner.close(remove=False)
    assert ship_orphans(tmp_path, shipped.extend) == 1  # its owner gone, it is shipped
    assert [e["entry_id"] for e in shipped] == ["a_live"] and not owner.path.exists()


def test_entries_wait_in_the_spool_while_the_graph_is_down(store, tmp_path):
    current = {"store": dead_store()}
    log = AuditLog(lambda: current["store"], tmp_path)
    log.SHIP_SECONDS = 0.01
    log.RETRY_SECONDS = (0.05, 0.1)
    try:
        read(log, "Person:P1")
        with pytest.raises(StoreUnavailable):
            log.record(WHO, method="POST", path="/x", action="key_create", subject="ApiKey:k")
        time.sleep(0.3)  # several failed shipments
        assert spooled(tmp_path) == ["Person:P1", "ApiKey:k"]
        current["store"] = store  # the graph is back
        eventually(lambda: in_graph(store) == ["Person:P1", "ApiKey:k"])
        eventually(lambda: spooled(tmp_path) == [])
    finally:
        log.close()


def test_a_process_stopping_while_the_graph_is_down_leaves_its_file(store, tmp_path):
    dead = dead_store()
    log = AuditLog(lambda: dead, tmp_path)
    log.SHIP_SECONDS = 0.01
    read(log, "Person:P1")
    time.sleep(0.2)
    log.close()
    assert spooled(tmp_path) == ["Person:P1"]
    later = AuditLog(lambda: store, tmp_path)  # the next process ships it
    try:
        eventually(lambda: in_graph(store) == ["Person:P1"])
    finally:
        later.close()
    assert [p for p in os.listdir(tmp_path)] == []


def test_a_read_whose_entry_cannot_be_spooled_is_refused_with_a_sentence(store, tmp_path):
    # No file of this process may grow: what a full disk does to the spool.
    log = AuditLog(lambda: store, tmp_path)
    limit = resource.getrlimit(resource.RLIMIT_FSIZE)
    ignored = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    try:
        resource.setrlimit(resource.RLIMIT_FSIZE, (0, limit[1]))
        try:
            with pytest.raises(AuditUnavailable, match="could not be written to .*withheld"):
                read(log, "Person:P1")
        finally:
            resource.setrlimit(resource.RLIMIT_FSIZE, limit)
        log.flush()
        assert in_graph(store) == []
        read(log, "Person:P2")  # room again
        log.flush()
        assert in_graph(store) == ["Person:P2"]
    finally:
        signal.signal(signal.SIGXFSZ, ignored)
        log.close()
