"""Where the graph lives: a Neo4j server, or the embedded engine on disk.

Read from the environment once, by the command or the API at start-up:

================  =========================================================
NEO4J_URI         bolt://, neo4j:// (routing), bolt+s:// …; unset = embedded
NEO4J_USER        default ``neo4j``
NEO4J_PASSWORD    required with NEO4J_URI
NEO4J_DATABASE    default ``neo4j`` (server) / ``lienket`` (embedded)
LIENKET_DATA_DIR  embedded engine's data directory, default ``./data``
LIENKET_ENGINE_HEAP       JVM heap of the embedded engine, default a quarter
                  of the machine's memory, 1 to 4 GB (:func:`default_engine_heap`)
LIENKET_ENGINE_IDLE_SECONDS  embedded engine stops after this long unused
                  (default 1800; 0 = never)
================  =========================================================
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

__all__ = ["StoreSettings", "default_engine_heap"]

GIB = 2**30


def default_engine_heap(memory_bytes: int | None = None) -> str:
    """A quarter of the machine's memory, at least 1 GB and at most 4 GB.

    The engine keeps its page cache in the heap (a quarter of it). With 1 GB
    on the province (a 1.8 GB database) random reads of people missed that
    cache: the engine copied pages in and collected them again, ten young
    collections a second and a full one every few seconds, and a person's
    record cost it twice the CPU it costs with 3 GB or more.
    """
    if memory_bytes is None:
        memory_bytes = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    return f"{max(1, min(4, memory_bytes // (4 * GIB)))}g"


@dataclass(frozen=True)
class StoreSettings:
    neo4j_uri: str | None
    neo4j_user: str
    neo4j_password: str | None
    database: str
    data_dir: Path
    engine_heap: str
    engine_idle_seconds: int

    @property
    def embedded(self) -> bool:
        return not self.neo4j_uri

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> "StoreSettings":
        env = os.environ if environ is None else environ
        uri = env.get("NEO4J_URI") or None
        return cls(
            neo4j_uri=uri,
            neo4j_user=env.get("NEO4J_USER", "neo4j"),
            neo4j_password=env.get("NEO4J_PASSWORD"),
            database=env.get("NEO4J_DATABASE") or ("neo4j" if uri else "lienket"),
            data_dir=Path(env.get("LIENKET_DATA_DIR", "./data")).resolve(),
            engine_heap=env.get("LIENKET_ENGINE_HEAP") or default_engine_heap(),
            engine_idle_seconds=int(env.get("LIENKET_ENGINE_IDLE_SECONDS", "1800")),
        )
