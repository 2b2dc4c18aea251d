"""The benchmarks' measures of running processes, on the real engine."""

from __future__ import annotations

import os
import threading
import time

from bench.measure import compiler_cpu_seconds, cpu_seconds, reference_work_ms
from graph.engine import find_engine


def test_the_engine_compiler_time_is_part_of_its_cpu_time(settings, store):
    engine = find_engine(settings.data_dir)
    for _ in range(200):  # something to compile
        store.read("MATCH (n) RETURN count(n) AS n")
    compiled = compiler_cpu_seconds(engine.pid)
    assert compiled is not None and 0 < compiled < cpu_seconds([engine.pid])


def test_a_process_without_a_compiler_has_none_of_its_time(tmp_path):
    assert compiler_cpu_seconds(os.getpid()) == 0.0
    assert compiler_cpu_seconds(2 ** 22 + 12345) is None  # no such process


def test_the_reference_work_counts_this_threads_cpu_only():
    stop = threading.Event()

    def busy() -> None:
        while not stop.is_set():
            sum(range(10_000))

    sibling = threading.Thread(target=busy)
    sibling.start()
    try:
        started = time.process_time()
        figure = reference_work_ms(rounds=5)
        process_ms = (time.process_time() - started) * 1000
    finally:
        stop.set()
        sibling.join()
    # The sibling runs whenever this thread waits for the interpreter, so the
    # process spends about twice the work's own CPU.
    assert 0 < 5 * figure < 0.75 * process_ms
