"""The reject file: every row that breaks the contract, with the reason.

Columns ``feed, file, row, column, reason, values`` as the contract says;
``values`` is the original row as JSON, keyed by the file's own header.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

__all__ = ["RejectWriter", "REJECT_COLUMNS"]

REJECT_COLUMNS = ("feed", "file", "row", "column", "reason", "values")


class RejectWriter:
    """Appends rejects to a CSV, created with its header on the first reject."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.count = 0
        self._handle = None
        self._writer = None

    def add(self, *, feed: str, file: str, row: int, column: str, reason: str,
            values: dict[str, Any]) -> None:
        if self._writer is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            new = not self.path.exists() or self.path.stat().st_size == 0
            self._handle = open(self.path, "a", newline="", encoding="utf-8")
            self._writer = csv.writer(self._handle)
            if new:
                self._writer.writerow(REJECT_COLUMNS)
        self._writer.writerow([feed, file, row, column, reason,
                               json.dumps(values, ensure_ascii=False, default=str)])
        self.count += 1

    def close(self) -> None:
        if self._handle:
            self._handle.close()
            self._handle = None
            self._writer = None
