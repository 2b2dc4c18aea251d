"""Settings of the store read from the environment."""

from __future__ import annotations

from graph.config import GIB, StoreSettings, default_engine_heap


def test_the_engine_heap_is_a_quarter_of_memory_between_1_and_4_gb():
    assert default_engine_heap(2 * GIB) == "1g"    # a small machine keeps the floor
    assert default_engine_heap(8 * GIB) == "2g"
    assert default_engine_heap(15 * GIB) == "3g"   # whole gigabytes, rounded down
    assert default_engine_heap(64 * GIB) == "4g"   # a large server stops at the cap


def test_the_engine_heap_follows_the_machine_unless_set():
    assert StoreSettings.from_env({}).engine_heap == default_engine_heap()
    assert StoreSettings.from_env({"LIENKET_ENGINE_HEAP": "1536m"}).engine_heap == "1536m"
