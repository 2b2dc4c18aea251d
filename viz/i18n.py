"""The words of the graph views, in Vietnamese (the default) and English.

Node and relationship captions come from :mod:`graph.schema`; this module holds
only what the schema does not: page text, flag kinds, statuses and roles.
"""

from __future__ import annotations

from graph.schema import NodeType, RelType, node_type, rel_type

__all__ = ["LANGS", "check_lang", "text", "node_caption", "rel_caption", "kind_caption",
           "status_caption", "role_caption", "words"]

LANGS = ("vi", "en")

_TEXT: dict[str, tuple[str, str]] = {
    "app": ("lienket: phân tích liên kết", "lienket: link analysis"),
    "legend": ("Chú giải", "Legend"),
    "flagged": ("Có cảnh báo (viền đỏ, điểm rủi ro)", "Flagged (red border, risk score)"),
    "aggregate": ("Nhóm nhiều nút (số lượng)", "Group of many nodes (count)"),
    "more_hidden": ("Còn {n} nút ẩn", "{n} more hidden"),
    "hidden_marker": ("Nút ẩn (bấm để mở rộng)", "Hidden nodes (click to expand)"),
    "filter": ("Lọc theo loại nút", "Filter by node type"),
    "neighbourhood": ("Quan hệ của {name}", "Neighbourhood of {name}"),
    "flag_graph": ("Chứng cứ của cảnh báo {flag}", "Evidence of flag {flag}"),
    "network_graph": ("Mạng lưới xuất nhập cảnh trái phép {flag}",
                      "Illegal-entry network {flag}"),
    "path_graph": ("Đường liên kết: {a} → {b}", "Connections: {a} → {b}"),
    "no_path": ("Không tìm thấy đường liên kết nào.", "No connection was found."),
    "depth": ("độ sâu {n}", "depth {n}"),
    "nodes_edges": ("{n} nút, {e} cạnh", "{n} nodes, {e} edges"),
    "capped": ("đồ thị giới hạn ở {cap} nút", "the graph is capped at {cap} nodes"),
    "facilitators": ("Người giúp sức, xếp theo độ trung gian",
                     "Facilitators, ranked by centrality"),
    "centrality": ("độ trung gian", "centrality"),
    "evidence": ("Chứng cứ", "Evidence"),
    "score": ("Điểm rủi ro", "Risk score"),
    "status": ("Trạng thái", "Status"),
    "kind": ("Loại", "Kind"),
    "sources": ("Nguồn", "Sources"),
    "flags": ("Cảnh báo", "Flags"),
    "key": ("Mã", "Key"),
    "nationality": ("Quốc tịch", "Nationality"),
    "born": ("Ngày sinh", "Born"),
    "role": ("Vai trò", "Role"),
    "rule": ("Căn cứ", "Rule"),
    "details": ("Chi tiết nút", "Node details"),
    "click_hint": ("Bấm vào một nút để xem chi tiết và mở rộng quan hệ.",
                   "Click a node to see its details and expand its neighbours."),
    "expanding": ("Đang mở rộng…", "Expanding…"),
    "expand_failed": ("Không mở rộng được: {why}", "Could not expand: {why}"),
    "open_entity": ("Mở hồ sơ", "Open record"),
    "generated": ("Tạo lúc {at}", "Generated {at}"),
    "search": ("Tìm kiếm", "Search"),
    "inbox": ("Hộp cảnh báo", "Flags inbox"),
    "logout": ("Đăng xuất", "Log out"),
    "login": ("Đăng nhập", "Log in"),
    "api_key": ("Khoá API", "API key"),
    "purpose": ("Mục đích truy cập / số hồ sơ vụ việc", "Purpose of access / case reference"),
    "login_hint": ("Dán khoá API được cấp. Mọi lần đọc đều được ghi nhật ký kèm mục đích.",
                   "Paste the API key you were given. Every read is logged with its purpose."),
    "bad_login": ("Khoá API không đúng hoặc đã bị thu hồi.", "The API key is unknown or revoked."),
    "need_purpose": ("Ghi mục đích truy cập (ví dụ số hồ sơ vụ việc).",
                     "Give the purpose of access (e.g. the case reference)."),
    "query": ("Từ khoá", "Query"),
    "type": ("Loại", "Type"),
    "results": ("Kết quả", "Results"),
    "no_results": ("Không có kết quả.", "No results."),
    "graph": ("Đồ thị", "Graph"),
    "properties": ("Thuộc tính", "Properties"),
    "records": ("Bản ghi nguồn", "Source records"),
    "path_to": ("Tìm đường liên kết tới", "Find connections to"),
    "path_hint": ("Loại:mã, ví dụ Enterprise:4900123456", "Type:key, e.g. Enterprise:4900123456"),
    "find": ("Tìm", "Find"),
    "all": ("Tất cả", "All"),
    "min_score": ("Điểm tối thiểu", "Minimum score"),
    "apply": ("Lọc", "Filter"),
    "subject": ("Đối tượng", "Subject"),
    "open_graph": ("Mở đồ thị chứng cứ", "Open evidence graph"),
    "move_to": ("Chuyển trạng thái sang", "Move status to"),
    "reason": ("Lý do", "Reason"),
    "save": ("Lưu", "Save"),
    "history": ("Lịch sử", "History"),
    "final": ("Trạng thái cuối; không thể chuyển tiếp.", "A final status; it cannot move on."),
    "next_page": ("Trang sau", "Next page"),
    "signed_in": ("{role} · mục đích: {purpose}", "{role} · purpose: {purpose}"),
    "persons": ("Người liên quan", "People"),
    "error": ("Lỗi", "Error"),
    "resolution": ("Giải thích hợp nhất danh tính", "How this person was resolved"),
}

_KINDS = {
    "nominee_investment": ("Đầu tư núp bóng", "Nominee investment"),
    "unlicensed_employment": ("Lao động không phép", "Unlicensed employment"),
    "illegal_entry_network": ("Mạng lưới xuất nhập cảnh trái phép", "Illegal-entry network"),
}
_STATUSES = {"new": ("Mới", "New"), "in_review": ("Đang xem xét", "In review"),
             "confirmed": ("Đã xác nhận", "Confirmed"), "dismissed": ("Đã bác bỏ", "Dismissed")}
_ROLES = {
    "subject": ("đối tượng", "subject"), "related": ("liên quan", "related"),
    "evidence": ("chứng cứ", "evidence"), "controller": ("người kiểm soát", "controller"),
    "nominee": ("người đứng tên", "nominee"), "worker": ("người lao động", "worker"),
    "facilitator": ("người giúp sức", "facilitator"), "traveller": ("người vượt biên",
                                                                      "traveller"),
    "ORGANISER": ("tổ chức", "organiser"), "GUIDE": ("dẫn đường", "guide"),
    "DRIVER": ("lái xe", "driver"), "HOST": ("chứa chấp", "host"),
}


def check_lang(lang: str | None) -> str:
    """``vi`` unless ``en`` is asked for; anything else is refused with the choices."""
    lang = (lang or "vi").lower()
    if lang not in LANGS:
        raise ValueError(f"'{lang}' is not a language of the views; use vi or en.")
    return lang


def _pick(pair: tuple[str, str], lang: str) -> str:
    return pair[LANGS.index(lang)]


def text(word: str, lang: str, **values: object) -> str:
    return _pick(_TEXT[word], lang).format(**values)


def words(lang: str) -> dict[str, str]:
    """Every page string in ``lang``, for templates and the page's script."""
    return {k: _pick(v, lang) for k, v in _TEXT.items()}


def node_caption(label: str | NodeType, lang: str) -> str:
    spec = label if isinstance(label, NodeType) else node_type(label)
    return spec.caption_vi if lang == "vi" else spec.caption_en


def rel_caption(name: str | RelType, lang: str) -> str:
    spec = name if isinstance(name, RelType) else rel_type(name)
    return spec.caption_vi if lang == "vi" else spec.caption_en


def kind_caption(kind: str, lang: str) -> str:
    return _pick(_KINDS[kind], lang) if kind in _KINDS else kind


def status_caption(status: str, lang: str) -> str:
    return _pick(_STATUSES[status], lang) if status in _STATUSES else status


def role_caption(role: str | None, lang: str) -> str:
    if not role:
        return ""
    return _pick(_ROLES[role], lang) if role in _ROLES else role.lower()
