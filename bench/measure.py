"""CPU and peak resident memory of running processes."""

from __future__ import annotations

import os
import statistics
import threading
import time
from pathlib import Path

import psutil

__all__ = ["PeakRss", "cpu_seconds", "compiler_cpu_seconds", "reference_work_ms"]


def cpu_seconds(pids: list[int], with_children: bool = False) -> float:
    """User + system CPU seconds used so far by ``pids`` (and their children)."""
    total = 0.0
    for pid in pids:
        try:
            proc = psutil.Process(pid)
            procs = [proc] + (proc.children(recursive=True) if with_children else [])
            for p in procs:
                times = p.cpu_times()
                total += times.user + times.system
        except psutil.Error:  # ended meanwhile
            pass
    return total


def reference_work_ms(rounds: int = 7) -> float:
    """CPU milliseconds this thread takes for a fixed piece of Python work
    (dicts, strings, a sort), the median of ``rounds``. The shared cores here
    ran it in 21 ms at some times and in up to 68 ms at others (26 Nov); taken
    beside a benchmark, it tells which kind of time the benchmark ran in."""
    times = []
    for _ in range(rounds):
        started = time.thread_time()
        table = {f"key-{i}": i * 7 % 1009 for i in range(40_000)}
        sorted(table.items(), key=lambda item: (item[1], item[0]))
        times.append((time.thread_time() - started) * 1000)
    return round(statistics.median(times), 2)


def compiler_cpu_seconds(pid: int) -> float | None:
    """CPU seconds used so far by a JVM's just-in-time compiler threads (named
    "C1 CompilerThread…" and "C2 CompilerThread…" by the JVM); None where
    threads cannot be read by name (not Linux)."""
    tasks = Path(f"/proc/{pid}/task")
    if not tasks.is_dir():
        return None
    ticks = 0
    for task in tasks.iterdir():
        try:
            if not (task / "comm").read_text().startswith(("C1 Compiler", "C2 Compiler")):
                continue
            fields = (task / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:  # the thread ended meanwhile
            continue
        ticks += int(fields[11]) + int(fields[12])  # utime, stime
    return ticks / os.sysconf("SC_CLK_TCK")


class PeakRss:
    """``with PeakRss({"name": pid}) as rss: …``; then ``rss.peak["name"]`` in bytes."""

    def __init__(self, pids: dict[str, int], every: float = 0.1) -> None:
        self.procs = {name: psutil.Process(pid) for name, pid in pids.items()}
        self.peak = {name: 0 for name in pids}
        self._every = every
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _sample(self) -> None:
        for name, proc in self.procs.items():
            try:
                self.peak[name] = max(self.peak[name], proc.memory_info().rss)
            except psutil.Error:  # the process ended between two samples
                pass

    def _run(self) -> None:
        self._sample()
        while not self._stop.wait(self._every):
            self._sample()

    def __enter__(self) -> "PeakRss":
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
