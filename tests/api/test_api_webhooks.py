"""Webhook push against a real receiver on loopback: signatures, retries, dead
letters, redelivery, resuming after a restart, and silence when unconfigured.

Each test has its own database (the ``store`` fixture) with three saved flags
and its own API server; the receiver is a small HTTP server in the test.
"""

from __future__ import annotations

import dataclasses
import hashlib
import hmac
import json
import threading
import time
from contextlib import ExitStack
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest

from analysis.flags_store import save_flags
from analysis.model import FlagCandidate, FlagPerson, Signal
from api.app import create_app
from api.keys import create_key
from api.settings import ApiSettings, WebhookSettings
from api.webhooks import verify
from tests.api.conftest import serve

SECRET = "test-secret-of-the-case-system"


class Receiver:
    """Records every POST; answers 500 to the first ``fail_first`` (or to all)."""

    def __init__(self, fail_first: int = 0, always_fail: bool = False,
                 delay: float = 0.0) -> None:
        self.fail_first, self.always_fail, self.delay = fail_first, always_fail, delay
        self.calls: list[dict] = []  # every request, accepted or not
        self.accepted: list[dict] = []
        self.lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                time.sleep(receiver.delay)
                call = {"headers": dict(self.headers), "body": body}
                with receiver.lock:
                    receiver.calls.append(call)
                    ok = not receiver.always_fail and len(receiver.calls) > receiver.fail_first
                    if ok:
                        receiver.accepted.append(call)
                self.send_response(204 if ok else 500)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def wait(self, what: str, count: int, timeout: float = 20) -> list[dict]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self.lock:
                items = list(getattr(self, what))
            if len(items) >= count:
                return items
            time.sleep(0.02)
        raise AssertionError(f"the receiver got {len(items)} {what}, expected {count}")

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def flagged(store):
    candidates = [FlagCandidate(
        kind="unlicensed_employment",
        subject={"passport_no": f"E0000000{i}", "enterprise_code": "4900123456"},
        signals=[Signal("NO_PERMIT", 0.5 + 0.1 * i, f"No permit {i}", "Decree 219/2025",
                        (f"foreigners:R00{i}",))],
        persons=[FlagPerson(f"p_{i}", "worker", (f"E0000000{i}",))],
        enterprises=["4900123456"], reasons=["NO_PERMIT"]) for i in range(3)]
    save_flags(store, candidates, kinds=["unlicensed_employment"], data_fingerprint="t")
    return store


def app_for(store, settings, url: str | None, attempts: int = 3):
    hook = WebhookSettings(url=url, secret=SECRET, attempts=attempts, backoff_seconds=0.05,
                           timeout_seconds=2, poll_seconds=0.05) if url else None
    store_settings = dataclasses.replace(settings, database=store.database)
    # No settling: these tests are about delivery, test_api_flags about the feed's order.
    return create_app(ApiSettings(store=store_settings, webhook=hook, feed_settle_seconds=0),
                      store=store)


def admin(url: str, store) -> httpx.Client:
    _, key = create_key(store, role="admin")
    return httpx.Client(base_url=url, headers={"Authorization": f"Bearer {key}"}, timeout=30)


def check_signature(call: dict) -> None:
    """What the docs tell a receiver to do, written out independently."""
    fields = dict(p.split("=", 1) for p in call["headers"]["X-Lienket-Signature"].split(","))
    assert abs(time.time() - int(fields["t"])) < 300
    mac = hmac.new(SECRET.encode(), fields["t"].encode() + b"." + call["body"], hashlib.sha256)
    assert hmac.compare_digest(mac.hexdigest(), fields["v1"])


def test_changes_are_pushed_signed_in_feed_order_and_resume_after_restart(settings, flagged):
    receiver = Receiver()
    try:
        with serve(app_for(flagged, settings, receiver.url)) as url, admin(url, flagged) as c:
            calls = receiver.wait("accepted", 3)
            feed = c.get("/api/v1/feed/flags").json()["items"]
        for call in calls:
            check_signature(call)
            assert call["headers"]["X-Lienket-Attempt"] == "1"
        bodies = [json.loads(call["body"]) for call in calls]
        assert bodies == feed  # the feed's item shape, in the feed's order
        assert len({call["headers"]["X-Lienket-Delivery"] for call in calls}) == 3
        tampered = dict(calls[0], body=calls[0]["body"] + b" ")
        with pytest.raises(AssertionError):
            check_signature(tampered)
        header = calls[0]["headers"]["X-Lienket-Signature"]
        assert verify(SECRET, header, calls[0]["body"])  # the helper the docs offer
        assert not verify(SECRET, header, tampered["body"])
        assert not verify("another-secret-entirely", header, calls[0]["body"])
        assert not verify(SECRET, header, calls[0]["body"], now=time.time() + 3600)

        # A new process resumes from the stored cursor: only the new change is sent.
        with serve(app_for(flagged, settings, receiver.url)) as url, admin(url, flagged) as c:
            fid = feed[0]["flag_id"]
            c.post(f"/api/v1/flags/{fid}/transitions", json={"to": "in_review", "reason": "x"})
            calls = receiver.wait("accepted", 4)
            time.sleep(0.3)  # room for a wrongly repeated delivery to show up
        assert len(receiver.calls) == 4
        last = json.loads(calls[3]["body"])
        assert (last["flag_id"], last["status"]) == (fid, "in_review")
        assert last["version"] == feed[0]["version"]
        assert calls[3]["headers"]["X-Lienket-Delivery"] != calls[0]["headers"][
            "X-Lienket-Delivery"]
    finally:
        receiver.close()


def test_of_two_api_processes_one_pushes_and_the_other_takes_over(settings, flagged):
    receiver = Receiver(delay=0.4)  # slow: both processes are up while changes go out
    with ExitStack() as stack:
        stack.callback(receiver.close)
        pusher = stack.enter_context(ExitStack())
        pusher.enter_context(serve(app_for(flagged, settings, receiver.url)))  # takes the lock
        url = stack.enter_context(serve(app_for(flagged, settings, receiver.url)))
        c = stack.enter_context(admin(url, flagged))
        receiver.wait("accepted", 3)
        time.sleep(1.5)  # room for the other process to send them again
        assert len(receiver.calls) == 3
        pusher.close()  # the pushing process stops; the other must take over
        fid = c.get("/api/v1/flags").json()["items"][0]["flag_id"]
        c.post(f"/api/v1/flags/{fid}/transitions", json={"to": "in_review", "reason": "x"})
        calls = receiver.wait("accepted", 4)
        time.sleep(0.3)
        assert len(receiver.calls) == 4 and json.loads(calls[3]["body"])["flag_id"] == fid


def test_a_receiver_that_fails_twice_gets_it_on_the_third_try(settings, flagged):
    receiver = Receiver(fail_first=2)
    try:
        with serve(app_for(flagged, settings, receiver.url)) as url, admin(url, flagged) as c:
            accepted = receiver.wait("accepted", 3)
            letters = c.get("/api/v1/webhooks/dead-letters").json()["items"]
    finally:
        receiver.close()
    first = [call["headers"] for call in receiver.calls[:3]]
    assert [h["X-Lienket-Attempt"] for h in first] == ["1", "2", "3"]
    assert len({h["X-Lienket-Delivery"] for h in first}) == 1  # three tries of one change
    assert accepted[0]["headers"]["X-Lienket-Attempt"] == "3"
    assert letters == []


def test_a_receiver_that_always_fails_ends_in_dead_letters_and_redelivery_works(
        settings, flagged):
    receiver = Receiver(always_fail=True)
    try:
        with serve(app_for(flagged, settings, receiver.url, attempts=2)) as url, \
                admin(url, flagged) as c:
            receiver.wait("calls", 6)  # three changes, two tries each
            deadline = time.monotonic() + 10
            while len(letters := c.get("/api/v1/webhooks/dead-letters").json()["items"]) < 3:
                assert time.monotonic() < deadline, letters
                time.sleep(0.05)
            assert all(x["attempts"] == 2 and "HTTP 500" in x["last_error"] for x in letters)
            letter = letters[0]
            still_failing = c.post(f"/api/v1/webhooks/dead-letters/{letter['letter_id']}"
                                   "/redeliver")
            receiver.always_fail = False
            redone = c.post(f"/api/v1/webhooks/dead-letters/{letter['letter_id']}/redeliver")
            missing = c.post("/api/v1/webhooks/dead-letters/dl_nope/redeliver")
            pending = c.get("/api/v1/webhooks/dead-letters").json()["items"]
            every = c.get("/api/v1/webhooks/dead-letters",
                          params={"include_redelivered": True}).json()["items"]
            audit = c.get("/api/v1/audit", params={"action": "webhook_redeliver"}).json()
    finally:
        receiver.close()
    assert still_failing.status_code == 502
    assert still_failing.headers["content-type"].startswith("application/problem+json")
    assert "The dead letter is kept" in still_failing.json()["detail"]
    assert redone.status_code == 200 and redone.json()["delivered"] is True
    assert missing.status_code == 404
    delivered = receiver.accepted[-1]
    check_signature(delivered)
    assert json.loads(delivered["body"])["flag_id"] == letter["flag_id"]
    assert delivered["headers"]["X-Lienket-Delivery"] == letter["delivery_id"]
    assert letter["letter_id"] not in {x["letter_id"] for x in pending} and len(pending) == 2
    redelivered = [x for x in every if x["letter_id"] == letter["letter_id"]][0]
    assert redelivered["redelivered_at"] and redelivered["attempts"] == 4
    assert len(audit["items"]) == 3


def test_without_a_webhook_nothing_is_sent(settings, flagged):
    receiver = Receiver()
    try:
        with serve(app_for(flagged, settings, None)) as url, admin(url, flagged) as c:
            time.sleep(0.5)  # many poll intervals of a configured worker
            redo = c.post("/api/v1/webhooks/dead-letters/dl_x/redeliver")
    finally:
        receiver.close()
    assert receiver.calls == []
    assert flagged.read_value("MATCH (c:WebhookCursor) RETURN count(c) AS n") == 0
    assert redo.status_code == 409 and "LIENKET_WEBHOOK_URL" in redo.json()["detail"]


def test_webhook_settings_refuse_a_url_without_a_secret():
    with pytest.raises(ValueError, match="LIENKET_WEBHOOK_SECRET"):
        ApiSettings.from_env({"LIENKET_WEBHOOK_URL": "https://case.example/hook"})
    with pytest.raises(ValueError, match="http"):
        ApiSettings.from_env({"LIENKET_WEBHOOK_URL": "ftp://x", "LIENKET_WEBHOOK_SECRET": SECRET})
    hook = ApiSettings.from_env({"LIENKET_WEBHOOK_URL": "https://case.example/hook",
                                 "LIENKET_WEBHOOK_SECRET": SECRET,
                                 "LIENKET_WEBHOOK_ATTEMPTS": "3"}).webhook
    assert (hook.url, hook.attempts) == ("https://case.example/hook", 3)
