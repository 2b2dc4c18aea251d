"""``lienket keys …``: create, list and revoke API keys.

The full key is printed once, at creation; only a hash of its secret is kept.
"""

from __future__ import annotations

import json

import typer

from api.keys import ROLES, create_key, list_keys, revoke_key
from graph.config import StoreSettings
from graph.store import GraphStore

app = typer.Typer(help="Create, list and revoke API keys.", no_args_is_help=True)


@app.command("create")
def create_command(
    role: str = typer.Option(..., "--role", help="One of: " + ", ".join(ROLES) + "."),
    name: str = typer.Option(None, "--name", help="Who or what the key is for."),
) -> None:
    """Create a key and print it (the only time it is shown)."""
    if role not in ROLES:
        raise typer.BadParameter(f"'{role}' is not a role; use one of {', '.join(ROLES)}.",
                                 param_hint="--role")
    with GraphStore.open(StoreSettings.from_env()) as store:
        store.ensure_schema()
        key_id, key = create_key(store, role=role, name=name)
    typer.echo(f"key_id: {key_id}\nrole:   {role}\nkey:    {key}\n"
               "Store the key now: it is not shown again.")


@app.command("list")
def list_command(as_json: bool = typer.Option(False, "--json", help="Print JSON.")) -> None:
    """Every key: id, role, name, created, revoked (never the secret)."""
    with GraphStore.open(StoreSettings.from_env()) as store:
        rows = list_keys(store)
    if as_json:
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    for r in rows:
        state = f"revoked {r['revoked_at']}" if r["revoked_at"] else "active"
        typer.echo(f"{r['key_id']}  {r['role']:<12}  {r['created_at']}  {state}  "
                   f"{r['name'] or ''}".rstrip())
    typer.echo(f"{len(rows)} key(s)")


@app.command("revoke")
def revoke_command(key_id: str = typer.Argument(..., help="The key_id to revoke.")) -> None:
    """Revoke a key: requests with it get 401 from now on."""
    with GraphStore.open(StoreSettings.from_env()) as store:
        revoke_key(store, key_id)
    typer.echo(f"revoked {key_id}")

