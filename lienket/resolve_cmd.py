"""``lienket resolve``: people from mentions; why they were merged; undo a wrong merge."""

from __future__ import annotations

import getpass
import json
import os

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeElapsedColumn

from graph.config import StoreSettings
from graph.store import GraphStore
from ingest.resolve import (
    ResolveProgress, ResolveSummary, Thresholds, explain_person, resolve_all, split_person,
)
from ingest.resolve.explain import format_explanation

app = typer.Typer(
    help="Resolve mentions into people (`--all`), explain a person, or split a wrong merge.",
    invoke_without_command=True,
)


class StageProgress(ResolveProgress):
    """One bar per stage of a run, on standard error."""

    def __init__(self, *, silent: bool = False) -> None:
        self._bar = Progress(TextColumn("{task.description:<24}"), BarColumn(),
                             TaskProgressColumn(), TextColumn("{task.completed:>9,}"),
                             TimeElapsedColumn(), console=Console(stderr=True),
                             disable=silent)
        self._task = None
        self._started = False

    def __enter__(self) -> "StageProgress":
        return self  # the bar starts with the first stage: an early error prints alone

    def __exit__(self, *exc: object) -> None:
        if self._started:
            self._finish()
            self._bar.__exit__(*exc)

    def _finish(self) -> None:
        if self._task is not None:
            task = self._bar.tasks[self._task]
            if task.total is not None:
                self._bar.update(self._task, completed=task.total)

    def stage(self, name: str, total: int | None = None) -> None:
        if not self._started:
            self._bar.__enter__()
            self._started = True
        self._finish()
        self._task = self._bar.add_task(name, total=total)

    def advanced(self, n: int) -> None:
        if self._task is not None:
            self._bar.advance(self._task, n)


@app.callback()
def resolve(
    ctx: typer.Context,
    everything: bool = typer.Option(False, "--all", help="Rebuild every person from the "
                                    "evidence, keeping reviewers' splits."),
    match_bits: float = typer.Option(None, "--match-bits", help="Merge a pair with at least "
                                     "this much evidence, in bits (default 18, or "
                                     "LIENKET_RESOLVE_MATCH_BITS)."),
    silent: bool = typer.Option(False, "--silent", help="No progress bars."),
) -> None:
    """Resolve every mention into people (`--all`); see also `explain` and `split`."""
    if ctx.invoked_subcommand is not None:
        ctx.obj = {"match_bits": match_bits, "silent": silent}
        return
    if not everything:
        typer.echo(ctx.get_help())
        raise typer.Exit(2)
    thresholds = Thresholds.from_env(match_bits=match_bits)
    with GraphStore.open(StoreSettings.from_env()) as store, \
            StageProgress(silent=silent) as progress:
        summary = resolve_all(store, thresholds=thresholds, progress=progress)
    print_summary(summary, thresholds)


def print_summary(summary: ResolveSummary, thresholds: Thresholds) -> None:
    refused = ", ".join(f"{n} {reason.replace('_', ' ')}"
                        for reason, n in sorted(summary.refused.items())) or "none"
    seconds = summary.seconds
    typer.echo(
        f"{summary.mentions:,} mentions -> {summary.persons:,} persons "
        f"({summary.exact_groups:,} by exact keys, {summary.merges:,} merges at "
        f">= {thresholds.match_bits:g} bits from {summary.candidate_pairs:,} candidate pairs; "
        f"refused: {refused}; {summary.splits} reviewer split(s) kept)\n"
        f"written: {summary.persons_written:,} persons, {summary.links_written:,} links, "
        f"{summary.decisions_written:,} decisions; deleted: {summary.persons_deleted:,} "
        f"persons, {summary.decisions_deleted:,} decisions\n"
        f"time: read {seconds.get('read', 0):.1f} s, resolve {seconds.get('resolve', 0):.1f} s, "
        f"write {seconds.get('write', 0):.1f} s")


@app.command()
def explain(
    person_id: str = typer.Argument(..., help="The person, e.g. p_1a2b3c4d5e6f7a8b."),
    as_json: bool = typer.Option(False, "--json", help="Print the explanation as JSON."),
) -> None:
    """Show a person's mentions, the keys and scored merges that joined them, and splits."""
    with GraphStore.open(StoreSettings.from_env()) as store:
        explanation = explain_person(store, person_id)
    if as_json:
        typer.echo(json.dumps(explanation.__dict__, ensure_ascii=False, indent=2, default=str))
    else:
        typer.echo(format_explanation(explanation))


@app.command()
def split(
    ctx: typer.Context,
    person_id: str = typer.Argument(..., help="The wrongly merged person."),
    mentions: str = typer.Option(..., "--mentions", help="Comma-separated mention ids to "
                                 "take out of the person (see `resolve explain`)."),
    reason: str = typer.Option(..., "--reason", help="Why they are not the same person."),
    user: str = typer.Option(None, "--user", help="Who decides (default: the login name)."),
    silent: bool = typer.Option(False, "--silent", help="No progress bars."),
) -> None:
    """Split mentions off a person for good: every later run keeps them apart."""
    options = ctx.obj or {}
    chosen = [m.strip() for m in mentions.split(",") if m.strip()]
    who = user or os.environ.get("LIENKET_USER") or getpass.getuser()
    thresholds = Thresholds.from_env(match_bits=options.get("match_bits"))
    with GraphStore.open(StoreSettings.from_env()) as store, \
            StageProgress(silent=silent or options.get("silent", False)) as progress:
        result = split_person(store, person_id, chosen, user=who, reason=reason,
                              thresholds=thresholds, progress=progress)
    typer.echo(f"split {result.decision_id} recorded by {who}; the mentions are now in:")
    for pid, ids in sorted(result.persons.items()):
        typer.echo(f"  {pid}: {', '.join(sorted(ids))}")
