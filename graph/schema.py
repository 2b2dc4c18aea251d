"""The graph model, declared once.

Every node type and relationship type lienket writes is declared here as data:
its key, the properties that must be present, the indexes it needs, and how it
is shown (captions in Vietnamese and English, colour, shape). The DDL run at
start-up, the checks on labels and types that come from a request, the
visualisation styling and the API's filters all read this module, so adding a
type is one edit.

Design choices (see docs/graph-model.md for the full reasoning):

* One label per node, never changed afterwards. State lives in properties.
* Every source row becomes a *record node* (``ResidenceRecord``,
  ``WorkPermit``, ``BorderEvent`` …) keyed by its source reference
  ``<feed>:<key>``, carrying the original values as JSON text. Records are the
  evidence: every fact in the graph hangs off one.
* People are resolved, not ingested: a record names a ``Mention`` (the person as
  that row describes them), and entity resolution links each mention to one
  ``Person``. Undoing a wrong merge re-points mentions; nothing is re-ingested.
* Enterprises, addresses, phones, e-mails, vehicles, border points and
  establishments have exact normalised keys, so records link to them directly.
* Secondary indexes are few, on purpose: on the embedded engine each one cuts
  the write rate of its label by more than half (measured: 4.7k against 12.9k
  BorderEvent rows/s with two), and low-cardinality ones (a type, a status)
  help no query that matters. Analysis starts from keyed entities.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

__all__ = [
    "NodeType",
    "RelType",
    "NODE_TYPES",
    "REL_TYPES",
    "node_type",
    "rel_type",
    "is_node_label",
    "is_rel_type",
    "constraint_statements",
    "index_statements",
]


# Labels, relationship types and property names are formatted into Cypher
# (statements cannot take them as parameters), so each one declared here must
# be a plain identifier: nothing else can reach a statement that way.
_IDENTIFIER = re.compile(r"[A-Za-z][A-Za-z0-9_]*")


def _identifiers(what: str, *names: str | None) -> None:
    for name in names:
        if name is not None and not _IDENTIFIER.fullmatch(name):
            raise ValueError(f"{what} {name!r} is not a plain Cypher identifier")


@dataclass(frozen=True)
class NodeType:
    label: str
    key: str
    caption_vi: str
    caption_en: str
    colour: str
    shape: str = "dot"
    required: tuple[str, ...] = ()
    indexed: tuple[str, ...] = ()
    # The property shown as the node's name in lists and graph views.
    title: str | None = None
    # Record nodes are source rows (evidence); entity nodes are resolved things.
    is_record: bool = False

    def __post_init__(self) -> None:
        _identifiers(f"Node type {self.label!r}: a name", self.label, self.key, self.title,
                     *self.required, *self.indexed)


@dataclass(frozen=True)
class RelType:
    type: str
    sources: tuple[str, ...]
    targets: tuple[str, ...]
    caption_vi: str
    caption_en: str
    properties: tuple[str, ...] = field(default=())

    def __post_init__(self) -> None:
        _identifiers(f"Relationship type {self.type!r}: a name", self.type, *self.properties)


def _record(label: str, vi: str, en: str, colour: str, *indexed: str) -> NodeType:
    return NodeType(
        label=label,
        key="ref",
        caption_vi=vi,
        caption_en=en,
        colour=colour,
        shape="box",
        required=("ref", "feed"),
        indexed=indexed,
        title="ref",
        is_record=True,
    )


NODE_TYPES: tuple[NodeType, ...] = (
    # --- resolved entities (POLE: person, object, location) ---
    NodeType("Person", "person_id", "Người", "Person", "#d62728", "dot",
             required=("person_id",), indexed=("name_folded",),
             title="full_name"),
    NodeType("Mention", "mention_id", "Lần nhắc tên", "Mention", "#f4a6a6", "dot",
             required=("mention_id", "ref", "role"),
             indexed=("passport_key", "id_no"),
             title="full_name"),
    NodeType("Enterprise", "enterprise_code", "Doanh nghiệp", "Enterprise", "#1f77b4",
             "square", required=("enterprise_code",), indexed=("name_key",),
             title="name"),
    NodeType("Organisation", "org_code", "Tổ chức", "Organisation", "#17becf",
             "square", required=("org_code",), indexed=("name_key",), title="name"),
    NodeType("Address", "address_key", "Địa chỉ", "Address", "#2ca02c", "triangle",
             required=("address_key",),
             title="display"),
    NodeType("Establishment", "establishment_key", "Cơ sở lưu trú", "Accommodation",
             "#8c564b", "triangle", required=("establishment_key",),
             indexed=("code",), title="name"),
    NodeType("Phone", "e164", "Số điện thoại", "Phone", "#9467bd", "diamond",
             required=("e164",), title="e164"),
    NodeType("Email", "address", "Thư điện tử", "E-mail", "#bcbd22", "diamond",
             required=("address",), title="address"),
    NodeType("Vehicle", "plate", "Phương tiện", "Vehicle", "#7f7f7f", "diamond",
             required=("plate",), title="plate"),
    NodeType("BorderPoint", "code", "Cửa khẩu / điểm", "Border point", "#ff7f0e",
             "star", required=("code",), title="name"),
    NodeType("ApprehensionCase", "case_ref", "Vụ việc", "Apprehension case",
             "#e377c2", "hexagon", required=("case_ref",), title="case_ref"),
    NodeType("CrossingGroup", "group_ref", "Nhóm", "Group", "#c5b0d5", "hexagon",
             required=("group_ref",), title="group_ref"),
    # --- source rows: the evidence, one node per row, keyed by <feed>:<key> ---
    _record("ResidenceRecord", "Hồ sơ cư trú", "Residence record", "#ff9896"),
    _record("Sponsorship", "Bảo lãnh", "Sponsorship", "#ffbb78"),
    _record("Registration", "Đăng ký doanh nghiệp", "Enterprise registration",
            "#aec7e8"),
    _record("EnterpriseRole", "Vai trò trong doanh nghiệp", "Enterprise role",
            "#c7c7c7"),
    _record("WorkPermit", "Giấy phép lao động", "Work permit", "#98df8a", "permit_no"),
    _record("Stay", "Khai báo tạm trú", "Residence declaration", "#c49c94"),
    _record("BorderEvent", "Sự kiện biên giới", "Border event", "#ffd27f"),
    _record("Marriage", "Kết hôn", "Marriage", "#f7b6d2"),
    # Person search: one node per (name token or document number, person),
    # keyed "<term> <person_id>" so the key's own index answers a term
    # (STARTS WITH); written by resolution (ingest/resolve/search_terms.py).
    NodeType("PersonTerm", "key", "Từ tìm kiếm", "Search term", "#aaaaaa", "dot",
             required=("key", "person_id")),
    # One node: a token every term write renews, for the API's word cache.
    NodeType("TermLedger", "key", "Sổ thay đổi từ tìm kiếm", "Search term ledger", "#aaaaaa",
             "dot", required=("key", "change")),
    # --- analysis and operations ---
    NodeType("Flag", "flag_id", "Cảnh báo", "Flag", "#000000", "star",
             required=("flag_id", "kind"), indexed=("kind", "status", "score"),
             title="kind"),
    NodeType("FlagEvent", "event_id", "Lịch sử cảnh báo", "Flag history", "#555555",
             "dot", required=("event_id", "flag_id"), indexed=("flag_id",)),
    # One node: a token every flag write renews, for the API's listing index.
    NodeType("FlagLedger", "key", "Sổ thay đổi cảnh báo", "Flag ledger", "#555555", "dot",
             required=("key", "change")),
    NodeType("ResolutionDecision", "decision_id", "Quyết định hợp nhất",
             "Resolution decision", "#999999", "dot",
             required=("decision_id", "kind"), indexed=("kind",)),
    # --- API access: keys (only a hash of the secret) and the audit trail ---
    NodeType("ApiKey", "key_id", "Khoá truy cập", "API key", "#444444", "dot",
             required=("key_id", "hash", "role")),
    NodeType("AuditEntry", "entry_id", "Nhật ký truy cập", "Audit entry", "#666666",
             "dot", required=("entry_id", "at", "key_id"), indexed=("at",)),
    # A workspace login, shared by every API process: only a hash of its cookie.
    NodeType("WorkspaceSession", "token_hash", "Phiên làm việc", "Workspace session",
             "#444444", "dot", required=("token_hash", "key_id", "csrf", "seen_at")),
    # --- webhook push to the case system: how far it has got along the flag
    # feed, and the changes it gave up on (kept for an admin to redeliver) ---
    NodeType("WebhookCursor", "target", "Vị trí gửi webhook", "Webhook cursor", "#444444",
             "dot", required=("target", "cursor")),
    NodeType("DeadLetter", "letter_id", "Webhook gửi lỗi", "Undelivered webhook",
             "#444444", "dot", required=("letter_id", "flag_id", "body")),
)

_RECORDS = tuple(n.label for n in NODE_TYPES if n.is_record)

REL_TYPES: tuple[RelType, ...] = (
    RelType("NAMES", _RECORDS, ("Mention",), "nêu tên", "names", ("role",)),
    RelType("RESOLVES_TO", ("Mention",), ("Person",), "là", "is", ("score",)),
    RelType("ABOUT", _RECORDS, ("Enterprise", "Organisation"), "về", "about",
            ("role",)),
    RelType("AT_ADDRESS", _RECORDS + ("Enterprise", "Establishment"),
            ("Address",), "tại", "at", ("role",)),
    RelType("USES_PHONE", _RECORDS + ("Enterprise",), ("Phone",), "dùng số",
            "uses phone", ("role",)),
    RelType("USES_EMAIL", _RECORDS + ("Enterprise",), ("Email",), "dùng thư",
            "uses e-mail", ("role",)),
    RelType("USES_VEHICLE", ("BorderEvent",), ("Vehicle",), "dùng xe", "uses vehicle"),
    RelType("AT_ESTABLISHMENT", ("Stay",), ("Establishment",), "lưu trú tại",
            "stayed at"),
    RelType("AT_POINT", ("BorderEvent",), ("BorderPoint",), "tại điểm", "at point"),
    RelType("IN_CASE", ("BorderEvent",), ("ApprehensionCase",), "thuộc vụ",
            "in case"),
    RelType("IN_GROUP", ("BorderEvent",), ("CrossingGroup",), "cùng nhóm",
            "in group"),
    RelType("BRANCH_OF", ("Enterprise",), ("Enterprise",), "chi nhánh của",
            "branch of"),
    RelType("RUN_BY", ("Establishment",), ("Enterprise",), "thuộc", "run by"),
    # A flag points at everything its evidence names: people, enterprises,
    # the source rows, and the shared objects (phones, vehicles, places,
    # cases) that tie a network or a front together.
    RelType("FLAGS", ("Flag",), ("Person", "Enterprise", "Mention")
            + _RECORDS + ("Organisation", "Address", "Establishment", "Phone", "Email",
                          "Vehicle", "BorderPoint", "ApprehensionCase", "CrossingGroup"),
            "cảnh báo", "flags", ("role",)),
    RelType("HISTORY", ("Flag",), ("FlagEvent",), "lịch sử", "history"),
    RelType("DECIDES", ("ResolutionDecision",), ("Mention", "Person"), "quyết định",
            "decides"),
)

_NODES = {n.label: n for n in NODE_TYPES}
_RELS = {r.type: r for r in REL_TYPES}


def node_type(label: str) -> NodeType:
    """The declared node type for ``label``; KeyError names the known ones."""
    try:
        return _NODES[label]
    except KeyError:
        raise KeyError(
            f"'{label}' is not a node type; known: {', '.join(sorted(_NODES))}"
        ) from None


def rel_type(name: str) -> RelType:
    try:
        return _RELS[name]
    except KeyError:
        raise KeyError(
            f"'{name}' is not a relationship type; known: {', '.join(sorted(_RELS))}"
        ) from None


def is_node_label(label: str) -> bool:
    return label in _NODES


def is_rel_type(name: str) -> bool:
    return name in _RELS


def constraint_statements() -> list[str]:
    """One uniqueness constraint per node type, on its key.

    Labels and property names come from this module, never from input, which is
    why formatting them into DDL is safe (Cypher cannot parameterise them).
    """
    return [
        f"CREATE CONSTRAINT {n.label.lower()}_key IF NOT EXISTS "
        f"FOR (n:{n.label}) REQUIRE n.{n.key} IS UNIQUE"
        for n in NODE_TYPES
    ]


def index_statements() -> list[str]:
    return [
        f"CREATE INDEX {n.label.lower()}_{prop} IF NOT EXISTS "
        f"FOR (n:{n.label}) ON (n.{prop})"
        for n in NODE_TYPES
        for prop in n.indexed
    ]
