"""Progress bars for long commands: rows/s and time left, on standard error."""

from __future__ import annotations

from pathlib import Path

from rich.console import Console
from rich.progress import (
    BarColumn,
    Progress,
    TaskProgressColumn,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from ingest.pipeline import Progress as PipelineProgress

__all__ = ["FileProgress"]


class FileProgress(PipelineProgress):
    """One bar per file, sized in bytes, labelled with rows read and rows/s."""

    def __init__(self, *, silent: bool = False) -> None:
        self._bar = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            TaskProgressColumn(),
            TextColumn("{task.fields[rows]:>9,} rows {task.fields[rate]:>8,.0f} rows/s"),
            TimeElapsedColumn(),
            TextColumn("ETA"),
            TimeRemainingColumn(),
            console=Console(stderr=True),
            disable=silent,
        )
        self._task = None
        self._rows = 0

    def __enter__(self) -> "FileProgress":
        self._bar.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        self._bar.__exit__(*exc)

    def file_started(self, path: Path, feed: str, size_bytes: int) -> None:
        self._rows = 0
        self._task = self._bar.add_task(f"{feed:<22} {path.name}", total=max(size_bytes, 1),
                                        rows=0, rate=0.0)

    def advanced(self, rows: int, position_bytes: int) -> None:
        self._rows += rows
        task = self._bar.tasks[self._task]
        elapsed = task.elapsed or 0.0
        self._bar.update(self._task, completed=position_bytes, rows=self._rows,
                         rate=self._rows / elapsed if elapsed > 0 else 0.0)

    def file_finished(self, path: Path) -> None:
        task = self._bar.tasks[self._task]
        self._bar.update(self._task, completed=task.total)
