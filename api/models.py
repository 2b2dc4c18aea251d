"""Response and request models, so the OpenAPI document is complete."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field


class Problem(BaseModel):
    """RFC 9457 problem details: every error the API returns."""
    type: str
    title: str
    status: int
    detail: str = Field(description="A sentence saying what went wrong and what to do.")
    instance: str | None = None


class Health(BaseModel):
    status: str


class SearchHit(BaseModel):
    type: str
    key: str
    title: str | None = None
    score: float
    extra: dict[str, Any] = {}


class SearchPage(BaseModel):
    items: list[SearchHit]
    next_cursor: str | None = None


class SourceRecord(BaseModel):
    label: str
    ref: str
    feed: str | None = None
    role: str | None = None
    original: Any = None


class FlagRef(BaseModel):
    flag_id: str
    kind: str
    score: float
    status: str
    role: str | None = None


class EntityRead(BaseModel):
    type: str
    key: str
    properties: dict[str, Any]
    records: list[SourceRecord]
    resolution: dict[str, Any] | None = None
    flags: list[FlagRef]


class GraphNode(BaseModel):
    id: str
    type: str
    key: str | None = None
    title: str | None = None


class GraphEdge(BaseModel):
    model_config = ConfigDict(populate_by_name=True)
    from_: str = Field(alias="from")
    to: str
    type: str


class Neighbourhood(BaseModel):
    center: str
    depth: int
    nodes: list[GraphNode]
    edges: list[GraphEdge]
    truncated: bool


class PathNode(BaseModel):
    label: str
    key: str | None = None
    title: str | None = None


class PathRel(BaseModel):
    type: str
    role: str | None = None


class Path(BaseModel):
    length: int
    nodes: list[PathNode]
    relationships: list[PathRel]
    evidence: list[str]


class PathList(BaseModel):
    items: list[Path]


class QueryParam(BaseModel):
    name: str
    type: str
    required: bool
    default: Any = None
    doc: str


class QueryInfo(BaseModel):
    name: str
    title: str
    description: str
    params: list[QueryParam]


class QueryList(BaseModel):
    items: list[QueryInfo]


class QueryRun(BaseModel):
    query: str
    params: dict[str, Any]
    count: int
    seconds: float
    rows: list[dict[str, Any]]


class QueryIn(BaseModel):
    params: dict[str, Any] = {}


class FlagPerson(BaseModel):
    model_config = ConfigDict(extra="allow")
    person_id: str
    role: str | None = None


class Evidence(BaseModel):
    model_config = ConfigDict(extra="allow")
    text: str
    records: list[str] = []


class HistoryEvent(BaseModel):
    model_config = ConfigDict(extra="allow")
    event_id: str
    at: str
    user: str
    action: str
    version: int | None = None
    from_status: str | None = None
    to_status: str | None = None
    reason: str | None = None


class FlagRead(BaseModel):
    model_config = ConfigDict(extra="allow")
    flag_id: str
    kind: str
    score: float
    status: str
    created_at: str | None = None
    updated_at: str | None = None
    subject: dict[str, Any]
    reasons: list[str]
    persons: list[FlagPerson]
    enterprises: list[str]
    evidence: list[Evidence]
    rule_version: str | None = None
    version: int
    stale: bool
    case_ref: str | None = None


class FlagDetail(FlagRead):
    history: list[HistoryEvent]


class ExplainedSignal(BaseModel):
    signal: str | None
    weight: float | None
    rule: str | None
    text: str | None
    records: list[str]


class ScoreRule(BaseModel):
    value: float
    rule: str
    recomputed: float


class EvidenceNode(BaseModel):
    id: str
    type: str
    key: str | int | None
    role: str | None
    properties: dict[str, Any]


class EvidenceEdge(BaseModel):
    model_config = ConfigDict(populate_by_name=True)
    from_: str = Field(alias="from")
    to: str
    type: str
    role: str | None


class EvidenceGraph(BaseModel):
    nodes: list[EvidenceNode]
    edges: list[EvidenceEdge]


class SourceRow(BaseModel):
    ref: str | None
    feed: str | None
    file: str | None
    row: int | None
    original: Any


class FlagExplanation(BaseModel):
    """Everything behind a flag: signals and score, evidence subgraph, how its people
    were resolved, and the source rows as the agencies sent them."""
    flag: FlagDetail
    score: ScoreRule
    signals: list[ExplainedSignal]
    evidence_graph: EvidenceGraph
    persons: list[dict[str, Any]]
    records: list[SourceRow]


class SplitIn(BaseModel):
    mention_ids: list[str] = Field(min_length=1, max_length=1000,
                                   description="The mentions to separate from the rest.")
    reason: str = Field(min_length=1, max_length=2000)


class SplitOut(BaseModel):
    decision_id: str
    persons: dict[str, list[str]] = Field(
        description="Where each named mention now belongs: person id -> mention ids.")


class FlagPage(BaseModel):
    items: list[FlagRead]
    next_cursor: str | None = None


class TransitionIn(BaseModel):
    to: Literal["in_review", "confirmed", "dismissed"]
    reason: str = Field(min_length=1, max_length=2000)


class CaseIn(BaseModel):
    case_ref: str = Field(min_length=1, max_length=100)


class AuditEntry(BaseModel):
    entry_id: str
    at: str
    key_id: str
    role: str
    method: str
    path: str
    action: str
    subject: str
    purpose: str | None = None
    status: int | None = None


class AuditPage(BaseModel):
    items: list[AuditEntry]
    next_cursor: str | None = None


class KeyInfo(BaseModel):
    key_id: str
    role: str
    name: str | None = None
    created_at: str
    revoked_at: str | None = None


class KeyList(BaseModel):
    items: list[KeyInfo]


class KeyIn(BaseModel):
    role: Literal["investigator", "analyst", "reviewer", "case_system", "admin"]
    name: str | None = Field(default=None, max_length=100)


class KeyCreated(BaseModel):
    key_id: str
    role: str
    key: str = Field(description="The full key; shown only in this response.")


class DeadLetter(BaseModel):
    letter_id: str
    target: str
    flag_id: str
    updated_at: str | None = None
    delivery_id: str
    attempts: int
    last_error: str | None = None
    failed_at: str
    redelivered_at: str | None = None


class DeadLetterList(BaseModel):
    items: list[DeadLetter]


class Redelivery(BaseModel):
    letter_id: str
    delivered: bool


class FeedLoad(BaseModel):
    feed: str
    files: int
    read: int
    loaded: int
    unchanged: int
    rejected: int
    seconds: float


class Reject(BaseModel):
    feed: str
    file: str = Field(description="The file's name as uploaded.")
    row: int
    column: str
    reason: str
    values: dict[str, Any] = Field(description="The row as it was in the file.")


class Resolved(BaseModel):
    mentions: int
    persons: int


class IngestResult(BaseModel):
    feeds: list[FeedLoad]
    read: int
    loaded: int
    rejected: int
    rejects: list[Reject] = Field(description="The rejected rows, the first 1,000.")
    rejects_truncated: bool
    resolved: Resolved | None = Field(
        default=None, description="The resolution run after the load; null when no new "
        "person was named.")
    seconds: float
