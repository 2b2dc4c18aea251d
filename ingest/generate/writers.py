"""Streaming writers for CSV, JSON Lines and XLSX, with planted bad rows and truth records.

A :class:`FeedWriter` numbers every data record as it writes it (1-based,
header excluded, bad rows included), appends ``<feed>:<key>`` to the records
of each person a valid row names, and slips in the planned contract-breaking
rows and one exact duplicate. XLSX files are re-zipped with fixed timestamps
so the same seed gives byte-identical files.
"""

from __future__ import annotations

import csv
import io
import json
import random
import re
import zipfile
from collections import deque
from collections.abc import Callable, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

from .badrows import applicable, corrupt
from .feeds import FeedSpec
from .model import Person

__all__ = ["FeedWriter"]

_FIXED_ZIP_TIME = (2026, 11, 1, 0, 0, 0)


class FeedWriter:
    """Writes one feed file row by row.

    ``keyer(row)`` returns the key of a new row (a fresh one each call);
    ``expected`` is about how many valid rows will come, used to place the
    one-of-each-kind bad rows early enough to exist in small files.
    """

    def __init__(self, spec: FeedSpec, out_dir: Path, rng: random.Random, bad_rate: float,
                 expected: int, keyer: Callable[[dict], str] | None, truth: dict[str, list]):
        self.spec, self.rng, self.bad_rate, self.keyer = spec, rng, bad_rate, keyer
        self.path = out_dir / spec.file_name
        self.truth = truth
        self.rows = 0          # data records written, of every kind
        self.valid = 0
        self.kinds = applicable(spec)
        upper = max(1, min(expected, 60))
        must = [*self.kinds, *(["duplicate"] if spec.key else [])]
        rng.shuffle(must)
        self._planned = sorted((rng.randint(1, upper), i, k) for i, k in enumerate(must))
        self._recent: deque[dict] = deque(maxlen=50)
        self._open()

    # --- formats ---
    def _open(self) -> None:
        spec = self.spec
        if spec.fmt == "xlsx":
            from openpyxl import Workbook

            self._wb = Workbook(write_only=True)
            self._ws = self._wb.create_sheet(spec.name)
            self._ws.append(spec.header_row())
            return
        self._fh = open(self.path, "w", encoding="utf-8-sig" if spec.bom else "utf-8", newline="")
        if spec.fmt == "csv":
            self._csv = csv.writer(self._fh, lineterminator="\r\n" if spec.crlf else "\n")
            self._csv.writerow(spec.header_row())

    def _emit(self, row: dict[str, Any]) -> int:
        spec = self.spec
        if spec.fmt == "csv":
            self._csv.writerow([v if type(v) is str else _text(v) for v in map(row.get, spec.names)])
        elif spec.fmt == "jsonl":
            obj = {c: (None if row.get(c) in (None, "") else _text(row.get(c))) for c in spec.names}
            self._fh.write(json.dumps(obj, ensure_ascii=False) + "\n")
        else:
            self._ws.append([_cell(row.get(c)) for c in spec.names])
        self.rows += 1
        return self.rows

    # --- rows ---
    def write(self, row: dict[str, Any], persons: Sequence[Person] = ()) -> str:
        """Write a valid row; returns its source reference."""
        if self.keyer is not None:
            row[self.spec.key] = self.keyer(row)
        number = self._emit(row)
        key = row[self.spec.key] if self.spec.key else str(number)
        ref = f"{self.spec.name}:{key}"
        seen: list[Person] = []
        for p in persons:
            if p is not None and all(p is not q for q in seen):
                p.records.append(ref)
                seen.append(p)
        self.valid += 1
        self._recent.append(row)
        self._inject()
        return ref

    def _inject(self) -> None:
        while self._planned and self._planned[0][0] <= self.valid:
            _, _, kind = self._planned.pop(0)
            self._bad(kind)
        if self.rng.random() < self.bad_rate:
            self._bad(self.rng.choice(self.kinds))

    def _bad(self, kind: str) -> None:
        source = self._recent[-1]
        if kind == "duplicate":
            number = self._emit(dict(source))
            self.truth["duplicates"].append({"feed": self.spec.name, "file": self.spec.file_name, "row": number,
                                             "duplicate_of": f"{self.spec.name}:{source[self.spec.key]}"})
            return
        if kind == "key_repeat":
            source = self.rng.choice(list(self._recent))
        made = None
        for attempt in range(6):
            made = corrupt(kind, self.spec, source, self.rng)
            if made:
                break
            source = self.rng.choice(list(self._recent))
        if made is None:  # this feed's recent rows cannot carry this defect; use the always-possible one
            made = corrupt("missing_required", self.spec, source, self.rng)
        bad, column, reason = made
        if kind != "key_repeat" and self.keyer is not None:
            if self.spec.key == "enterprise_code":
                bad[self.spec.key] = ""  # let the keyer hand out an unused code
            bad[self.spec.key] = self.keyer(bad)
        number = self._emit(bad)
        self.truth["bad_rows"].append({"feed": self.spec.name, "file": self.spec.file_name, "row": number,
                                       "column": column, "reason": reason})

    def close(self) -> dict[str, Any]:
        while self._planned and self._recent:  # the file came out shorter than expected
            self._bad(self._planned.pop(0)[2])
        if self.spec.fmt == "xlsx":
            from openpyxl.packaging.core import DocumentProperties

            fixed = datetime(2026, 11, 1, 0, 0, 0)
            self._wb.properties = DocumentProperties(creator="lienket generator", created=fixed, modified=fixed)
            buf = io.BytesIO()
            self._wb.save(buf)
            _rezip(buf.getvalue(), self.path)
        else:
            self._fh.close()
        return {"file": self.spec.file_name, "rows": self.rows, "valid_rows": self.valid}


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _cell(value: Any) -> Any:
    if value is None or value == "":
        return None
    if isinstance(value, (int, float, date)):
        return value
    return str(value)


def _rezip(data: bytes, path: Path) -> None:
    """Rewrite a zip with fixed member timestamps (openpyxl stamps the wall clock)."""
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            member = zipfile.ZipInfo(info.filename, date_time=_FIXED_ZIP_TIME)
            member.compress_type = zipfile.ZIP_DEFLATED
            member.external_attr = info.external_attr
            content = src.read(info.filename)
            if info.filename == "docProps/core.xml":  # openpyxl stamps "modified" with the clock on save
                content = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*(<)", rb"\g<1>2026-11-01T00:00:00Z\g<2>", content)
            dst.writestr(member, content)
