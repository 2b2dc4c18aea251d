"""Ingest over HTTP: the files of a multipart upload go through the same
pipeline as ``lienket ingest`` (recognise, validate, load, then resolve), and
the answer carries the summary per feed and the rejected rows.

The body is parsed as it streams in, each file written straight to a private
temporary directory (mode 0700), and the upload is refused with 413 as soon as
it passes the size limit, before anything is loaded. The directory is removed
afterwards, whatever happened. One upload runs at a time per API process; a
second waits for the first.
"""

from __future__ import annotations

import csv
import difflib
import json
import re
import shutil
import tempfile
from dataclasses import asdict
from pathlib import Path
from typing import Any

from fastapi import Request
from python_multipart import MultipartParser
from python_multipart.multipart import parse_options_header
from starlette.concurrency import run_in_threadpool

from api.errors import ApiError, BadRequest
from graph.errors import LienketError
from graph.store import GraphStore
from ingest.contract import FEEDS
from ingest.pipeline import IngestSummary, ingest_paths
from ingest.readers import SUFFIXES
from ingest.rejects import RejectWriter
from ingest.resolve.service import load_and_resolve

__all__ = ["UploadTooLarge", "ingest_upload", "MAX_REJECTS_RETURNED", "REQUEST_BODY"]

MAX_REJECTS_RETURNED = 1000
MAX_FILES = 50
_FIELD_BYTES = 200
_SAFE = re.compile(r"[^A-Za-z0-9._-]+")

# The OpenAPI description of the body, which is parsed by hand (streamed).
REQUEST_BODY = {"required": True, "content": {"multipart/form-data": {"schema": {
    "type": "object", "required": ["files"],
    "properties": {
        "files": {"type": "array", "items": {"type": "string", "format": "binary"},
                  "description": "CSV, XLSX or JSON Lines feed files."},
        "feed": {"type": "string", "description": "Treat every file as this feed."}}}}}}


class UploadTooLarge(ApiError):
    status, title, slug = 413, "Upload too large", "upload-too-large"


class _Form:
    """Callbacks of the streaming multipart parser: files to disk, fields to memory."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.files: list[tuple[Path, str]] = []  # (path on disk, name as uploaded)
        self.fields: dict[str, str] = {}
        self._headers: dict[bytes, bytes] = {}
        self._field, self._value = b"", b""
        self._name: str | None = None
        self._out = None
        self._buffer: bytearray | None = None

    def callbacks(self) -> dict[str, Any]:
        return {"on_part_begin": self._begin, "on_header_field": self._header_field,
                "on_header_value": self._header_value, "on_header_end": self._header_end,
                "on_headers_finished": self._headers_done, "on_part_data": self._data,
                "on_part_end": self._end}

    def _begin(self) -> None:
        self._headers, self._field, self._value = {}, b"", b""

    def _header_field(self, data: bytes, start: int, end: int) -> None:
        self._field += data[start:end]

    def _header_value(self, data: bytes, start: int, end: int) -> None:
        self._value += data[start:end]

    def _header_end(self) -> None:
        self._headers[self._field.lower()] = self._value
        self._field, self._value = b"", b""

    def _headers_done(self) -> None:
        _, params = parse_options_header(self._headers.get(b"content-disposition", b""))
        self._name = params.get(b"name", b"").decode("utf-8", "replace")
        filename = params.get(b"filename")
        if filename is None:
            self._buffer = bytearray()
            return
        uploaded = Path(filename.decode("utf-8", "replace").replace("\\", "/")).name
        if Path(uploaded).suffix.lower() not in SUFFIXES:
            raise BadRequest(f"'{uploaded}' is not a CSV, XLSX or JSON Lines file; "
                             f"upload files ending in {', '.join(SUFFIXES)}.")
        if len(self.files) >= MAX_FILES:
            raise BadRequest(f"Upload at most {MAX_FILES} files at a time.")
        # Its own folder per file: names stay readable and cannot collide or escape.
        folder = self.folder / str(len(self.files))
        folder.mkdir()
        path = folder / (_SAFE.sub("_", Path(uploaded).stem)[:100] + Path(uploaded).suffix)
        self.files.append((path, uploaded))
        self._out = open(path, "wb")

    def _data(self, data: bytes, start: int, end: int) -> None:
        if self._out is not None:
            self._out.write(data[start:end])
        elif self._buffer is not None:
            self._buffer += data[start:end]
            if len(self._buffer) > _FIELD_BYTES:
                raise BadRequest(f"The form field '{self._name}' is too long.")

    def _end(self) -> None:
        if self._out is not None:
            self._out.close()
            self._out = None
        elif self._buffer is not None:
            self.fields[self._name or ""] = self._buffer.decode("utf-8", "replace").strip()
            self._buffer = None

    def close(self) -> None:
        if self._out is not None:
            self._out.close()


async def _receive(request: Request, folder: Path, max_bytes: int) -> _Form:
    kind, params = parse_options_header(request.headers.get("content-type", ""))
    if kind != b"multipart/form-data" or not params.get(b"boundary"):
        raise BadRequest("Send the feed files as multipart/form-data in the field 'files' "
                         "(curl -F files=@residence.csv …).")
    limit = (f"{max_bytes / 2**20:g} MB" if max_bytes >= 2**20 else f"{max_bytes:,} bytes")
    too_large = UploadTooLarge(f"The upload is larger than the limit of {limit}; split it "
                               "into smaller uploads or load it with `lienket ingest`.")
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise too_large
    form = _Form(folder)
    parser = MultipartParser(params[b"boundary"], form.callbacks())
    received = 0
    try:
        async for chunk in request.stream():
            received += len(chunk)
            if received > max_bytes:
                raise too_large
            parser.write(chunk)
        parser.finalize()
    except (ValueError, LookupError) as exc:  # the parser's own errors: malformed body
        raise BadRequest(f"The multipart body could not be read ({exc}); send the files "
                         "as multipart/form-data.") from None
    finally:
        form.close()
    if not form.files:
        raise BadRequest("The upload has no files; send them in the field 'files'.")
    return form


def _feed_name(text: str | None) -> str | None:
    if not text:
        return None
    names = [f.name for f in FEEDS]
    if text in names:
        return text
    close = difflib.get_close_matches(text, names, n=1, cutoff=0)
    raise BadRequest(f"'{text}' is not a feed; did you mean '{close[0]}'? The feeds are "
                     f"{', '.join(names)}.")


def _rejects(path: Path, names: dict[str, str]) -> tuple[list[dict[str, Any]], int]:
    if not path.exists():
        return [], 0
    out, total = [], 0
    with open(path, newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            total += 1
            if len(out) < MAX_REJECTS_RETURNED:
                out.append({"feed": row["feed"], "file": names.get(row["file"], row["file"]),
                            "row": int(row["row"]), "column": row["column"],
                            "reason": row["reason"], "values": json.loads(row["values"])})
    return out, total


def _load(store: GraphStore, files: list[tuple[Path, str]], feed: str | None,
          folder: Path, data_dir: Path) -> dict[str, Any]:
    names = {str(path): uploaded for path, uploaded in files}
    writer = RejectWriter(folder / "rejects.csv")

    def load(on_written) -> IngestSummary:
        try:
            return ingest_paths(store, [p for p, _ in files], rejects=writer,
                                forced_feed=feed, on_written=on_written)
        except LienketError as exc:  # a file that is no feed: say which, by its own name
            message = str(exc)
            for path, uploaded in names.items():
                message = message.replace(path, uploaded)
            raise type(exc)(message) from None
        finally:
            writer.close()

    # One load at a time across the API's processes and `lienket ingest`.
    summary, resolved = load_and_resolve(store, data_dir, load)
    rejects, total = _rejects(writer.path, names)
    return {"feeds": [{**asdict(f), "seconds": round(f.seconds, 3)}
                      for f in summary.feeds.values()],
            "read": sum(f.read for f in summary.feeds.values()),
            "loaded": sum(f.loaded for f in summary.feeds.values()),
            "rejected": total, "rejects": rejects,
            "rejects_truncated": total > len(rejects),
            "resolved": ({"mentions": resolved.mentions, "persons": resolved.persons}
                         if resolved else None),
            "seconds": round(summary.seconds, 3)}


async def ingest_upload(request: Request, store: GraphStore, *, max_bytes: int,
                        data_dir: Path) -> tuple[dict[str, Any], list[str]]:
    """Receive, ingest, resolve; returns the result and the uploaded file names."""
    folder = Path(tempfile.mkdtemp(prefix="lienket-upload-"))  # mode 0700
    try:
        form = await _receive(request, folder, max_bytes)
        feed = _feed_name(form.fields.get("feed"))
        result = await run_in_threadpool(_load, store, form.files, feed, folder, data_dir)
        return result, [uploaded for _, uploaded in form.files]
    finally:
        shutil.rmtree(folder, ignore_errors=True)
