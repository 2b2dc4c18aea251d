"""What a view is of, as typed on the command line or in a URL: a flag id, a person
id, or ``Type:key``."""

from __future__ import annotations

from dataclasses import dataclass

from api.errors import BadRequest
from api.explore import entity_type
from graph.schema import NodeType, node_type

__all__ = ["Target", "parse_target"]


@dataclass(frozen=True)
class Target:
    spec: NodeType | None = None
    key: str = ""
    flag_id: str | None = None


def parse_target(text: str) -> Target:
    text = (text or "").strip()
    if text.startswith("f_") and ":" not in text:
        return Target(flag_id=text)
    if text.startswith("p_") and ":" not in text:
        return Target(node_type("Person"), text)
    kind, sep, key = text.partition(":")
    if not sep or not key:
        raise BadRequest(f"'{text}' names nothing to draw; give a flag id (f_…), a person id "
                         "(p_…) or Type:key, e.g. Enterprise:4900123456.")
    if kind == "Flag":
        return Target(flag_id=key)
    return Target(entity_type(kind), key)
