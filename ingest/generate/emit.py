"""Collects the rows of the buffered feeds, sorts them by date, keys and writes them.

Scenario code adds rows as they happen to each person; agencies export in
date order, so every feed but ``border_events`` (streamed day by day in
``border.py``) is buffered as compact tuples, sorted, given its ids in that
order, and written at the end.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from operator import itemgetter
from pathlib import Path
from typing import Any

from .feeds import FEEDS, FeedSpec
from .model import Person, World
from .noise import Voice
from .writers import FeedWriter

__all__ = ["Emitter", "sequential", "permit_keyer"]


def sequential(prefix: str, width: int) -> Callable[[dict], str]:
    state = [0]

    def keyer(_row: dict) -> str:
        state[0] += 1
        return f"{prefix}{state[0]:0{width}d}"

    return keyer


def permit_keyer() -> Callable[[dict], str]:
    """GP-<year>-<seq> for permits, XN-<year>-<seq> for exemption confirmations, per year."""
    counters: dict[str, int] = {}
    last_year = ["2025"]

    def keyer(row: dict) -> str:
        text = str(row.get("valid_from") or "")
        year = text[:4] if text[:4].isdigit() else (text[-4:] if text[-4:].isdigit() else last_year[0])
        last_year[0] = year
        prefix = "XN" if row.get("kind") == "EXEMPTION" else "GP"
        counters[prefix + year] = counters.get(prefix + year, 0) + 1
        return f"{prefix}-{year}-{counters[prefix + year]:05d}"

    return keyer


class Emitter:
    def __init__(self, world: World, out_dir: Path):
        self.world, self.out_dir = world, out_dir
        self.buffers: dict[str, list[tuple]] = {name: [] for name in FEEDS if name != "border_events"}
        rate = world.cfg.p["dm_swap_rate"]
        self.voices = {name: Voice(name, world.rng(f"voice:{name}"), rate) for name in FEEDS}
        self.truth: dict[str, list] = {"bad_rows": [], "duplicates": []}
        self.files: dict[str, dict[str, Any]] = {}
        self._seq = 0

    def voice(self, feed: str) -> Voice:
        v = self.voices[feed]
        v.begin_row(FEEDS[feed].dates == "dmy")
        return v

    def add(self, feed: str, sort_key: Any, row: dict[str, Any], persons: Sequence[Person]) -> None:
        spec = FEEDS[feed]
        self._seq += 1
        self.buffers[feed].append((sort_key, self._seq, tuple(map(row.get, spec.names)), tuple(persons)))

    def writer(self, feed: str, expected: int) -> FeedWriter:
        spec = FEEDS[feed]
        rate = self.world.cfg.p["bad_row_rate"]
        rng = self.world.rng(f"bad:{feed}")
        return FeedWriter(spec, self.out_dir, rng, rate, expected, self._keyer(spec), self.truth)

    def _keyer(self, spec: FeedSpec) -> Callable[[dict], str] | None:
        if spec.key is None:
            return None
        if spec.name == "enterprises":
            ids = self.world.ids
            return lambda row: row.get("enterprise_code") or ids.enterprise_code()
        if spec.name == "work_permits":
            return permit_keyer()
        prefix, width = {"foreigners": ("R", 6), "sponsorships": ("A", 6), "residence_declarations": ("KB", 7),
                         "border_events": ("EV", 7), "marriages": ("HN", 5)}[spec.name]
        return sequential(prefix, width)

    def flush(self, feed: str) -> None:
        spec = FEEDS[feed]
        rows = self.buffers.pop(feed)
        rows.sort(key=itemgetter(0, 1))
        w = self.writer(feed, len(rows))
        names = spec.names
        for _, _, values, persons in rows:
            w.write(dict(zip(names, values)), persons)
        self.files[feed] = w.close()

    def flush_all(self) -> None:
        for feed in list(self.buffers):
            self.flush(feed)
