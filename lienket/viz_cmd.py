"""``lienket viz``: write a graph view as one HTML file that opens with no network."""

from __future__ import annotations

from pathlib import Path

import typer

from graph.config import StoreSettings
from graph.store import GraphStore
from viz import i18n
from viz.model import DEFAULT_CAP


def write_view(store: GraphStore, target: str, out: Path, *, depth: int = 1,
               to: str | None = None, lang: str = "vi", max_nodes: int = DEFAULT_CAP) -> Path:
    """Build the view of ``target`` (a flag id or Type:key; with ``to``, the paths between
    the two) and write it to ``out``; returns the file written."""
    # Imported here: the views bring in the web stack, which every other command
    # (an ingest above all) would otherwise carry in memory for nothing.
    from viz.render import render_file
    from viz.target import parse_target
    from viz.views import entity_view, flag_view, path_view

    first = parse_target(target)
    if to is not None:
        second = parse_target(to)
        if first.flag_id or second.flag_id:
            raise typer.BadParameter("--to joins two entities, not flags.")
        graph = path_view(store, first.spec, first.key, second.spec, second.key, lang=lang)
    elif first.flag_id:
        graph = flag_view(store, first.flag_id, cap=max_nodes, lang=lang)
    else:
        graph = entity_view(store, first.spec, first.key, depth=depth, cap=max_nodes, lang=lang)
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(out.name + ".part")
    partial.write_text(render_file(graph, lang), encoding="utf-8")
    partial.replace(out)  # a reader never sees half a page
    return out


def viz(
    target: str = typer.Argument(..., metavar="ENTITY_OR_FLAG",
                                 help="A flag id (f_…), a person id (p_…) or Type:key, "
                                      "e.g. Enterprise:4900123456."),
    out: Path = typer.Option(..., "--out", help="The HTML file to write."),
    depth: int = typer.Option(1, "--depth", min=1, max=3, help="Hops around an entity."),
    to: str = typer.Option(None, "--to", help="A second entity: draw the paths between them."),
    lang: str = typer.Option("vi", "--lang", help="vi (default) or en."),
    max_nodes: int = typer.Option(DEFAULT_CAP, "--max-nodes", min=10, max=5000,
                                  help="Most nodes drawn; the rest are counted as hidden."),
) -> None:
    """Write a graph view (neighbourhood, flag evidence, network or paths) to an HTML file."""
    try:
        lang = i18n.check_lang(lang)
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--lang") from None
    from api.errors import ApiError

    with GraphStore.open(StoreSettings.from_env()) as store:
        try:
            path = write_view(store, target, out, depth=depth, to=to, lang=lang,
                              max_nodes=max_nodes)
        except ApiError as exc:
            typer.echo(f"lienket: {exc.detail}", err=True)
            raise typer.Exit(1) from None
    typer.echo(str(path))


def served_url(port: int = 8000) -> str | None:
    """The workspace's address when ``lienket serve`` answers on this machine."""
    import urllib.error
    import urllib.request

    base = f"http://127.0.0.1:{port}"
    try:
        with urllib.request.urlopen(f"{base}/healthz", timeout=0.5) as response:
            return base if response.status == 200 else None
    except (urllib.error.URLError, OSError):
        return None
