"""Streaming readers for the three accepted formats: CSV, XLSX and JSON Lines.

Each yields the header once and then ``(record_number, cells)`` pairs, one
record at a time, so a 500k-row file is never held in memory. The record
number is the 1-based data-record number of the contract: the header is not
counted and a quoted newline does not start a new record.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from graph.errors import LienketError

__all__ = ["SUFFIXES", "SourceFile", "UnreadableFile", "open_source"]

SUFFIXES = (".csv", ".xlsx", ".jsonl")

# A single cell larger than this is not an agency export but a broken file.
csv.field_size_limit(10 * 1024 * 1024)


class UnreadableFile(LienketError):
    """A file that cannot be read as the format its name says."""


@dataclass
class SourceFile:
    path: Path
    header: list[str]
    records: Iterator[tuple[int, list[Any]]]
    size_bytes: int
    tell: Any  # () -> bytes read so far

    def position(self) -> int:
        """Bytes read so far, for progress; the whole size once the file is closed."""
        try:
            return int(self.tell())
        except (ValueError, OSError):
            return self.size_bytes

    def close(self) -> None:
        closer = getattr(self.records, "close", None)
        if closer:
            closer()


def open_source(path: Path) -> SourceFile:
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return _open_csv(path)
    if suffix == ".xlsx":
        return _open_xlsx(path)
    if suffix == ".jsonl":
        return _open_jsonl(path)
    raise UnreadableFile(f"{path}: not a CSV, XLSX or JSON Lines file (by its name).")


def _open_csv(path: Path) -> SourceFile:
    handle = open(path, newline="", encoding="utf-8-sig")
    reader = csv.reader(handle)
    try:
        header = next(reader)
    except StopIteration:
        handle.close()
        raise UnreadableFile(f"{path}: the file is empty; a feed needs a header row.") from None
    except UnicodeDecodeError:
        handle.close()
        raise UnreadableFile(f"{path}: not UTF-8 text; export the file as CSV UTF-8.") from None

    def records() -> Iterator[tuple[int, list[Any]]]:
        number = 0
        try:
            for cells in reader:
                if not any(c.strip() for c in cells):
                    continue  # a blank line is not a record
                number += 1
                yield number, cells
        except UnicodeDecodeError:
            raise UnreadableFile(
                f"{path}: record {number + 1} is not UTF-8 text; export the file as CSV UTF-8."
            ) from None
        except csv.Error as exc:
            raise UnreadableFile(f"{path}: record {number + 1} is not valid CSV ({exc}).") from None
        finally:
            handle.close()

    return SourceFile(path, header, records(), path.stat().st_size, handle.buffer.tell)


def _open_xlsx(path: Path) -> SourceFile:
    import openpyxl

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        raise UnreadableFile(f"{path}: not a readable XLSX workbook ({exc}).") from None
    sheet = book.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    try:
        header = ["" if c is None else str(c) for c in next(rows)]
    except StopIteration:
        book.close()
        raise UnreadableFile(f"{path}: the first sheet is empty; a feed needs a header row.") from None
    state = {"done": 0}
    total = sheet.max_row or 0

    def records() -> Iterator[tuple[int, list[Any]]]:
        number = 0
        try:
            for cells in rows:
                state["done"] += 1
                if not any(c is not None and str(c).strip() for c in cells):
                    continue
                number += 1
                yield number, list(cells)
        finally:
            book.close()

    size = path.stat().st_size
    return SourceFile(path, header, records(), size,
                      lambda: int(size * state["done"] / total) if total else 0)


def _open_jsonl(path: Path) -> SourceFile:
    handle = open(path, "rb")
    first: dict | None = None
    for raw in handle:
        if raw.strip():
            first = _json_object(path, raw, 1)
            break
    if first is None:
        handle.close()
        raise UnreadableFile(f"{path}: the file is empty; a feed needs at least one object.")
    header = list(first.keys())

    def records() -> Iterator[tuple[int, list[Any]]]:
        number = 1
        try:
            yield 1, [first.get(k) for k in header]
            for raw in handle:
                if not raw.strip():
                    continue
                number += 1
                obj = _json_object(path, raw, number)
                extra = [k for k in obj if k not in header]
                if extra:
                    raise UnreadableFile(
                        f"{path}: object {number} has keys the first object lacks "
                        f"({', '.join(extra)}); every line must have the same keys."
                    )
                yield number, [obj.get(k) for k in header]
        finally:
            handle.close()

    return SourceFile(path, header, records(), path.stat().st_size, handle.tell)


def _json_object(path: Path, raw: bytes, number: int) -> dict:
    try:
        obj = json.loads(raw)
    except (ValueError, UnicodeDecodeError) as exc:
        raise UnreadableFile(f"{path}: line {number} is not valid JSON ({exc}).") from None
    if not isinstance(obj, dict):
        raise UnreadableFile(f"{path}: line {number} is not a JSON object.")
    return {str(k): ("" if v is None else v) for k, v in obj.items()}
