"""``lienket viz`` as a user runs it: the real command in a subprocess."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from lienket.demo_cmd import list_top_flags, write_top_views
from tests.conftest import cli_env, run_cli
from tests.viz.conftest import XSS_NAME


def test_viz_writes_one_offline_file_and_prints_its_path(site, settings, tmp_path):
    out = tmp_path / "views" / "flag.html"
    result = run_cli("viz", site.employment_flag, "--out", str(out), "--lang", "en",
                     env=cli_env(settings, site.store))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(out)
    html = out.read_text(encoding="utf-8")
    assert "vis-network" in html and "Legend" in html
    assert XSS_NAME not in html
    assert not list(out.parent.glob("*.part"))


def test_viz_names_what_it_cannot_draw(site, settings, tmp_path):
    env = cli_env(settings, site.store)
    missing = run_cli("viz", "p_nobody", "--out", str(tmp_path / "x.html"), env=env)
    assert missing.returncode == 1
    assert missing.stderr.strip() == "lienket: No person has the key p_nobody."
    vague = run_cli("viz", "somebody", "--out", str(tmp_path / "x.html"), env=env)
    assert vague.returncode == 1 and "Type:key" in vague.stderr
    assert not (tmp_path / "x.html").exists()


def test_the_demo_ends_with_the_views_of_the_top_flags(site, settings, capsys):
    store_settings = dataclasses.replace(settings, database=site.store.database)
    write_top_views(store_settings, list_top_flags(site.store))
    lines = [line.split() for line in capsys.readouterr().out.splitlines()[1:3]]
    assert sorted(kind for kind, _ in lines) == ["illegal_entry_network", "unlicensed_employment"]
    for _, path in lines:
        assert Path(path).is_file() and Path(path).stat().st_size > 100_000
