"""``lienket flags …``: list, show, export and review the flags analysis saved."""

from __future__ import annotations

import getpass
import json
import os
import sys
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from analysis.flags_store import STATUSES, export_flags, get_flag, list_flags, review
from graph.config import StoreSettings
from graph.store import GraphStore

app = typer.Typer(help="List, show, export and review flags.", no_args_is_help=True)
FORMATS = ("jsonl",)
TARGETS = ("in_review", "confirmed", "dismissed")


def _subject(subject: dict) -> str:
    return ", ".join(f"{k}={v}" for k, v in sorted(subject.items()))


@app.command("list")
def list_command(
    kind: str = typer.Option(None, "--kind", help="Only this kind."),
    status: str = typer.Option(None, "--status", help="Only this status: "
                               + ", ".join(STATUSES) + "."),
    min_score: float = typer.Option(None, "--min-score", help="Only flags scoring at least this."),
    limit: int = typer.Option(50, "--limit", help="At most this many (1-1000)."),
    stale: bool = typer.Option(False, "--stale", help="Include flags the latest analysis "
                               "no longer produces."),
    cursor: str = typer.Option(None, "--cursor", help="Continue after a previous page."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON (with next_cursor)."),
) -> None:
    """Flags by score, highest first."""
    with GraphStore.open(StoreSettings.from_env()) as store:
        page = list_flags(store, kind=kind, status=status, min_score=min_score,
                          include_stale=stale, cursor=cursor, limit=limit)
    if as_json:
        typer.echo(json.dumps({"items": page.items, "next_cursor": page.next_cursor},
                              ensure_ascii=False, indent=2))
        return
    table = Table(box=None, header_style="bold")
    for column in ("flag_id", "kind", "score", "status", "subject", "reasons"):
        table.add_column(column, justify="right" if column == "score" else "left",
                         overflow="fold")
    for f in page.items:
        table.add_row(f["flag_id"], f["kind"], f"{f['score']:.2f}",
                      f["status"] + (" (stale)" if f["stale"] else ""), _subject(f["subject"]),
                      ", ".join(f["reasons"]))
    Console(width=200).print(table)
    typer.echo(f"{len(page.items)} flag(s)" + (f"; next page: --cursor {page.next_cursor}"
                                               if page.next_cursor else ""))


@app.command()
def show(flag_id: str = typer.Argument(..., help="The flag, e.g. f_1a2b3c4d5e6f7a8b."),
         explain: bool = typer.Option(False, "--explain", help="The whole explanation bundle: "
                                      "signals and score, evidence subgraph, how each person "
                                      "was resolved, and the source rows.")) -> None:
    """One flag in full, with its evidence and history, as JSON."""
    from analysis.flag_explain import explain_flag

    with GraphStore.open(StoreSettings.from_env()) as store:
        flag = explain_flag(store, flag_id) if explain else get_flag(store, flag_id)
    typer.echo(json.dumps(flag, ensure_ascii=False, indent=2, default=str))


@app.command()
def export(
    fmt: str = typer.Option("jsonl", "--format", help="Output format: jsonl."),
    out: Path = typer.Option(..., "--out", help="File to write; - for standard output."),
    kind: str = typer.Option(None, "--kind", help="Only this kind."),
    status: str = typer.Option(None, "--status", help="Only this status."),
) -> None:
    """One line per flag in the shape of contract/OUTPUTS.md (stale flags marked)."""
    if fmt not in FORMATS:
        raise typer.BadParameter(f"'{fmt}' is not a format; use {', '.join(FORMATS)}",
                                 param_hint="--format")
    with GraphStore.open(StoreSettings.from_env()) as store:
        flags = export_flags(store, kind=kind, status=status)
        if str(out) == "-":
            count = _write(flags, sys.stdout)
        else:
            out.parent.mkdir(parents=True, exist_ok=True)
            partial = out.with_name(out.name + ".part")
            with open(partial, "w", encoding="utf-8") as handle:
                count = _write(flags, handle)
            partial.replace(out)  # never leave a half-written file under the real name
    if str(out) != "-":
        typer.echo(f"{count:,} flags written to {out}")


def _write(flags, handle) -> int:
    count = 0
    for flag in flags:
        handle.write(json.dumps(flag, ensure_ascii=False) + "\n")
        count += 1
    return count


@app.command("review")
def review_command(
    flag_id: str = typer.Argument(..., help="The flag, e.g. f_1a2b3c4d5e6f7a8b."),
    to: str = typer.Option(..., "--to", help="New status: " + ", ".join(TARGETS) + "."),
    reason: str = typer.Option(..., "--reason", help="Why (kept in the flag's history)."),
    user: str = typer.Option(None, "--user", help="Who decides (default: LIENKET_USER or "
                             "the login name)."),
    case_ref: str = typer.Option(None, "--case-ref", help="Case number in case management."),
    note: str = typer.Option(None, "--note", help="A note to keep with the flag."),
) -> None:
    """Move a flag new -> in_review -> confirmed | dismissed; who, when and why are recorded."""
    who = user or os.environ.get("LIENKET_USER") or getpass.getuser()
    with GraphStore.open(StoreSettings.from_env()) as store:
        flag = review(store, flag_id, to=to, reason=reason, user=who, case_ref=case_ref,
                      note=note)
    typer.echo(f"{flag_id} is now {flag['status']} (by {who})")
