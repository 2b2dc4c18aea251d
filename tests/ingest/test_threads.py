"""The interpreter's thread switch interval during loads, and after."""

from __future__ import annotations

import sys
import threading

from ingest.threads import SWITCH_INTERVAL_SECONDS, prompt_thread_switches


def test_the_interval_is_short_while_any_load_runs_and_restored_after_the_last():
    before = sys.getswitchinterval()
    first_in, second_in, first_out = threading.Event(), threading.Event(), threading.Event()
    seen = {}

    def first():
        with prompt_thread_switches():
            first_in.set()
            second_in.wait(5)
        first_out.set()

    def second():
        first_in.wait(5)
        with prompt_thread_switches():
            second_in.set()
            first_out.wait(5)  # the first load ends while this one still runs
            seen["after the first ended"] = sys.getswitchinterval()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    assert seen["after the first ended"] == SWITCH_INTERVAL_SECONDS
    assert sys.getswitchinterval() == before
