"""Reads the generator's output back for the tests: raw rows with their 1-based numbers.

Deliberately independent of ``ingest.generate``'s writers: it reads the files
the way a loader would (csv with BOM handling, openpyxl, json lines) and maps
headers back to canonical names by the contract's folding rules.
"""

from __future__ import annotations

import csv
import json
import re
import unicodedata
from functools import lru_cache
from pathlib import Path

from ingest.generate.feeds import FEEDS


def fold_header(text: str) -> str:
    text = text.replace("Đ", "D").replace("đ", "d")
    text = "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn")
    return re.sub(r"[\s\-_]+", "_", text.strip().lower())


def read_raw(path: Path) -> tuple[list[str], list[list]]:
    """(header, data rows) of a CSV, XLSX or JSONL file, exactly as stored."""
    if path.suffix == ".xlsx":
        from openpyxl import load_workbook

        ws = load_workbook(path, read_only=True).worksheets[0]
        rows = [list(r) for r in ws.iter_rows(values_only=True)]
        return [str(h) for h in rows[0]], rows[1:]
    if path.suffix == ".jsonl":
        objs = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
        header = list(objs[0])
        return header, [[o.get(k) for k in header] for o in objs]
    with open(path, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    return rows[0], rows[1:]


@lru_cache(maxsize=64)
def read_feed(path: Path, feed: str) -> list[dict]:
    """Rows as {canonical column: value}, plus ``_row`` (1-based data-record number)."""
    header, rows = read_raw(path)
    spec = FEEDS[feed]
    by_fold = {fold_header(c): c for c, _, _ in spec.columns} | {fold_header(a): c for c, a, _ in spec.columns}
    names = [by_fold[fold_header(h)] for h in header]
    out = []
    for i, values in enumerate(rows, start=1):
        row = {n: ("" if v is None else v) for n, v in zip(names, values)}
        row["_row"] = i
        out.append(row)
    return out


def ref_of(feed: str, row: dict) -> str:
    key = FEEDS[feed].key
    return f"{feed}:{row['_row'] if key is None else row[key]}"


def norm_passport(text: str) -> str:
    return re.sub(r"[\s\-]", "", str(text)).upper()
