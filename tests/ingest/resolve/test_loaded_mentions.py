"""Resolution right after an ingest uses the mentions it wrote, not a read of the graph."""

from __future__ import annotations

from ingest.pipeline import ingest_paths
from ingest.rejects import RejectWriter
from ingest.resolve import resolve_all
from ingest.resolve.reader import LoadedMentions, read_mentions
from tests.ingest.feedfiles import SAMPLE_ROWS, write_csv
from tests.ingest.resolve.test_service import people


def ingest(store, folder, tmp_path, loaded=None):
    writer = RejectWriter(tmp_path / f"rejects-{folder.name}.csv")
    try:
        ingest_paths(store, [folder], rejects=writer,
                     on_written=loaded.add_rows if loaded is not None else None)
    finally:
        writer.close()


def feeds(tmp_path, names):
    folder = tmp_path / "-".join(names)
    folder.mkdir(exist_ok=True)
    for name in names:
        write_csv(folder / f"{name}.csv", name, SAMPLE_ROWS[name])
    return folder


def test_the_mentions_kept_while_loading_are_those_the_graph_holds(store, tmp_path):
    loaded = LoadedMentions()
    ingest(store, feeds(tmp_path, list(SAMPLE_ROWS)), tmp_path, loaded)
    assert len(loaded) > 10
    kept = LoadedMentions()
    ingest(store, feeds(tmp_path, list(SAMPLE_ROWS)), tmp_path, kept)  # loaded already: none
    assert len(kept) == 0
    by_read = resolve_all(store)
    assert by_read.persons_written > 0
    before = people(store)
    # Same mentions, so the run that uses them finds nothing to change.
    again = resolve_all(store, loaded=loaded)
    assert (again.persons_written, again.persons_deleted, again.mentions) == (
        0, 0, by_read.mentions)
    assert people(store) == before and len(loaded) == 0  # taken


def test_kept_mentions_are_the_graph_s_facts(store, tmp_path):
    loaded = LoadedMentions()
    ingest(store, feeds(tmp_path, list(SAMPLE_ROWS)), tmp_path, loaded)
    assert loaded.take() == read_mentions(store)


def test_mentions_of_an_earlier_ingest_are_read_from_the_graph(store, tmp_path):
    ingest(store, feeds(tmp_path, ["foreigners"]), tmp_path)
    loaded = LoadedMentions()
    ingest(store, feeds(tmp_path, ["sponsorships", "marriages"]), tmp_path, loaded)
    kept = len(loaded)
    summary = resolve_all(store, loaded=loaded)
    assert summary.mentions == len(read_mentions(store)) > kept  # read, not the partial list
