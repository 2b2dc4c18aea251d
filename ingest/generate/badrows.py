"""Rows that break the contract, each of a known kind, made from a valid row.

A bad row is an extra row (a clone of a valid row with one defect), never a
damaged real record, so rejecting it leaves the true picture unchanged. The
kinds follow the "Bad input" section of FEEDS.md; which apply depends on the
feed's columns. Every one is reported to the ground truth with its row.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from .feeds import FeedSpec

__all__ = ["KINDS", "applicable", "corrupt", "parse_day"]

KINDS = ("missing_required", "bad_date", "unknown_code", "unknown_nationality", "negative_amount",
         "pct_out_of_range", "end_before_start", "key_repeat")

_BAD_DATES = ["31/02/2025", "2024-13-05", "32/01/2024", "2025-02-30", "ngày 5 tháng 3",
              "2023/07/41", "00/00/0000", "30-30-2024"]
_BAD_STAMPS = ["2025-03-04T25:61:00", "04/03/2025 lúc 8h", "2024-02-30T10:00:00+07:00", "hôm qua"]
_FREE_TEXT = ("address", "establishment_address", "vn_address", "work_address", "job_title", "sponsor_name",
              "name", "establishment_name", "border_point_name", "phone", "full_name")


def applicable(spec: FeedSpec) -> list[str]:
    kinds = ["missing_required", "bad_date"]
    if spec.codes:
        kinds.append("unknown_code")
    if spec.nationality_cols:
        kinds.append("unknown_nationality")
    if spec.amount_cols:
        kinds.append("negative_amount")
    if spec.pct_cols:
        kinds.append("pct_out_of_range")
    if spec.ranges:
        kinds.append("end_before_start")
    if spec.key:
        kinds.append("key_repeat")
    return kinds


def parse_day(value: Any) -> date | None:
    if isinstance(value, date):
        return value
    if not value:
        return None
    text = str(value)
    if "/" in text:
        d, m, y = text.split("/")
        return date(int(y), int(m), int(d))
    return date.fromisoformat(text[:10])


def _write_day(like: Any, d: date) -> Any:
    if isinstance(like, date):
        return d
    return f"{d.day:02d}/{d.month:02d}/{d.year}" if "/" in str(like) else d.isoformat()


def corrupt(kind: str, spec: FeedSpec, row: dict[str, Any], rng: random.Random) -> tuple[dict, str, str] | None:
    """A copy of ``row`` with one defect: (bad row, canonical column, reason); None if impossible."""
    bad = dict(row)
    if kind == "missing_required":
        col = rng.choice([c for c in spec.required if c != spec.key] or spec.required)
        bad[col] = ""
        return bad, col, "missing required value"
    if kind == "bad_date":
        cols = [c for c in (*spec.date_cols, *spec.timestamp_cols) if row.get(c) not in (None, "")]
        if not cols:
            return None
        col = rng.choice(cols)
        bad[col] = rng.choice(_BAD_STAMPS if col in spec.timestamp_cols else _BAD_DATES)
        return bad, col, "unparseable date"
    if kind == "unknown_code":
        col = rng.choice(sorted(spec.codes))
        bad[col] = spec.codes[col]
        return bad, col, "unknown code"
    if kind == "unknown_nationality":
        col = spec.nationality_cols[0]
        bad[col] = rng.choice(["Atlantis", "Wakanda", "XYZ"])
        return bad, col, "unknown nationality"
    if kind == "negative_amount":
        col = spec.amount_cols[0]
        amount = row.get(col) or 150_000_000
        bad[col] = -abs(int(amount)) if isinstance(amount, int) else f"-{amount}"
        return bad, col, "negative amount"
    if kind == "pct_out_of_range":
        col = spec.pct_cols[0]
        value = rng.choice([120, 150, -5, 100.5])
        bad[col] = value if spec.fmt == "xlsx" else str(value)
        return bad, col, "percentage outside 0-100"
    if kind == "end_before_start":
        start_col, end_col = spec.ranges[0]
        start = parse_day(row.get(start_col))
        if start is None:
            return None
        bad[end_col] = _write_day(row.get(start_col), start - timedelta(days=rng.randint(1, 400)))
        return bad, end_col, "end before start"
    if kind == "key_repeat":
        cols = [c for c in _FREE_TEXT if c in row and row.get(c) not in (None, "") and c != spec.key]
        if not cols:
            return None
        col = rng.choice(cols)
        value = str(row[col])
        bad[col] = value + " (sửa đổi)" if col != "phone" else value[:-1] + str((int(value[-1]) + 1) % 10)
        return bad, spec.key or col, "key repeated with different content"
    raise ValueError(kind)
