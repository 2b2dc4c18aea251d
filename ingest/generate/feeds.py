"""The eight feeds of contract/FEEDS.md, declared once, and how this province writes them.

Columns are (canonical, alias, required) in the contract's order. The rest
of a :class:`FeedSpec` says how the agency exports it (format, header style,
BOM, date order) and which columns a bad row can break, and how.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

__all__ = ["Column", "FeedSpec", "FEEDS", "VI_HEADERS"]

Column = tuple[str, str, bool]


@dataclass(frozen=True)
class FeedSpec:
    name: str
    columns: tuple[Column, ...]
    key: str | None                      # id column; None = the 1-based row number
    fmt: str = "csv"                     # csv | xlsx | jsonl
    header: str = "canonical"            # canonical | alias | vi (spaced, with diacritics)
    bom: bool = False
    crlf: bool = False
    dates: str = "iso"                   # iso | dmy | mixed (a share of rows in DD/MM/YYYY)
    date_cols: tuple[str, ...] = ()
    timestamp_cols: tuple[str, ...] = ()
    nationality_cols: tuple[str, ...] = ()
    codes: dict[str, str] = field(default_factory=dict)   # column -> an unknown value for bad rows
    amount_cols: tuple[str, ...] = ()
    pct_cols: tuple[str, ...] = ()
    ranges: tuple[tuple[str, str], ...] = ()              # (start, end) pairs

    @property
    def file_name(self) -> str:
        return f"{self.name}.{self.fmt}"

    @cached_property
    def names(self) -> list[str]:
        return [c for c, _, _ in self.columns]

    @cached_property
    def required(self) -> list[str]:
        return [c for c, _, req in self.columns if req]

    def header_row(self) -> list[str]:
        if self.header == "alias":
            return [a for _, a, _ in self.columns]
        if self.header == "vi":
            return [VI_HEADERS[a] for _, a, _ in self.columns]
        return self.names


def _cols(text: str) -> tuple[Column, ...]:
    out = []
    for item in text.split():
        canon, alias = item.split("/")
        req = canon.endswith("*")
        out.append((canon.rstrip("*"), alias, req))
    return tuple(out)


FEEDS: dict[str, FeedSpec] = {f.name: f for f in [
    FeedSpec("foreigners", _cols(
        "record_id*/ma_ho_so full_name*/ho_ten sex/gioi_tinh date_of_birth/ngay_sinh nationality*/quoc_tich "
        "passport_no*/so_ho_chieu passport_expiry/han_ho_chieu residence_doc_type/loai_giay_to "
        "residence_doc_no/so_giay_to residence_symbol/ky_hieu valid_from/tu_ngay valid_to/den_ngay "
        "sponsor_code/ma_don_vi_bao_lanh sponsor_name/don_vi_bao_lanh address/dia_chi_tam_tru "
        "phone/so_dien_thoai"), key="record_id",
        date_cols=("date_of_birth", "passport_expiry", "valid_from", "valid_to"),
        nationality_cols=("nationality",), codes={"residence_symbol": "XX9", "residence_doc_type": "PERMIT"},
        ranges=(("valid_from", "valid_to"),)),
    FeedSpec("sponsorships", _cols(
        "application_id*/ma_don sponsor_type*/loai_bao_lanh sponsor_code*/ma_don_vi_bao_lanh "
        "sponsor_name/don_vi_bao_lanh full_name*/ho_ten passport_no/so_ho_chieu nationality/quoc_tich "
        "date_of_birth/ngay_sinh purpose_symbol/ky_hieu submitted_on/ngay_nop stay_from/tu_ngay "
        "stay_to/den_ngay"), key="application_id", header="alias", crlf=True,
        date_cols=("date_of_birth", "submitted_on", "stay_from", "stay_to"), nationality_cols=("nationality",),
        codes={"sponsor_type": "PERSONAL", "purpose_symbol": "XX9"}, ranges=(("stay_from", "stay_to"),)),
    FeedSpec("enterprises", _cols(
        "enterprise_code*/ma_so_doanh_nghiep name*/ten_doanh_nghiep foreign_name/ten_nuoc_ngoai "
        "address/dia_chi_tru_so registered_on/ngay_dang_ky status/tinh_trang industry_codes/nganh_nghe "
        "charter_capital_vnd/von_dieu_le foreign_capital_pct/ty_le_von_nuoc_ngoai phone/so_dien_thoai "
        "email/email"), key="enterprise_code", fmt="xlsx",
        date_cols=("registered_on",), codes={"status": "ACTIV"}, amount_cols=("charter_capital_vnd",),
        pct_cols=("foreign_capital_pct",)),
    FeedSpec("enterprise_people", _cols(
        "enterprise_code*/ma_so_doanh_nghiep role*/vai_tro full_name*/ho_ten id_type/loai_giay_to "
        "id_no/so_giay_to nationality/quoc_tich date_of_birth/ngay_sinh share_pct/ty_le_von "
        "capital_vnd/von_gop address/dia_chi phone/so_dien_thoai since/tu_ngay until/den_ngay"),
        key=None, bom=True, crlf=True, dates="dmy",
        date_cols=("date_of_birth", "since", "until"), nationality_cols=("nationality",),
        codes={"role": "BOSS", "id_type": "DRIVING_LICENCE"}, amount_cols=("capital_vnd",),
        pct_cols=("share_pct",), ranges=(("since", "until"),)),
    FeedSpec("work_permits", _cols(
        "permit_no*/so_giay_phep kind/loai status/tinh_trang full_name*/ho_ten passport_no*/so_ho_chieu "
        "nationality/quoc_tich date_of_birth/ngay_sinh employer_code*/ma_so_doanh_nghiep "
        "job_title/chuc_danh position/vi_tri work_address/dia_diem_lam_viec valid_from/tu_ngay "
        "valid_to/den_ngay revoked_on/ngay_thu_hoi"), key="permit_no", fmt="jsonl",
        date_cols=("date_of_birth", "valid_from", "valid_to", "revoked_on"), nationality_cols=("nationality",),
        codes={"status": "ACTIV", "kind": "LICENSE", "position": "BOSS"}, ranges=(("valid_from", "valid_to"),)),
    FeedSpec("residence_declarations", _cols(
        "declaration_id*/ma_khai_bao establishment_name*/co_so_luu_tru establishment_type/loai_co_so "
        "establishment_code/ma_co_so establishment_address*/dia_chi_co_so host_name/chu_co_so "
        "host_phone/sdt_chu_co_so full_name*/ho_ten passport_no/so_ho_chieu nationality*/quoc_tich "
        "date_of_birth/ngay_sinh arrived_on*/ngay_den left_on/ngay_di declared_at/thoi_diem_khai_bao"),
        key="declaration_id", bom=True, dates="mixed",
        date_cols=("date_of_birth", "arrived_on", "left_on"), timestamp_cols=("declared_at",),
        nationality_cols=("nationality",), codes={"establishment_type": "MOTEL"},
        ranges=(("arrived_on", "left_on"),)),
    FeedSpec("border_events", _cols(
        "event_id*/ma_su_kien event_type*/loai_su_kien occurred_at*/thoi_diem border_point_code*/ma_cua_khau "
        "border_point_name/ten_cua_khau border_point_kind/loai_diem full_name*/ho_ten passport_no/so_ho_chieu "
        "id_no/so_giay_to nationality/quoc_tich date_of_birth/ngay_sinh sex/gioi_tinh "
        "document_type/loai_giay_to vehicle_plate/bien_so_xe phone/so_dien_thoai group_ref/ma_nhom "
        "case_ref/ma_vu_viec role/vai_tro"), key="event_id",
        date_cols=("date_of_birth",), timestamp_cols=("occurred_at",), nationality_cols=("nationality",),
        codes={"event_type": "CROSSING", "border_point_kind": "BRIDGE", "document_type": "ID_CARD",
               "role": "PASSENGER", "sex": "Q"}),
    FeedSpec("marriages", _cols(
        "record_id*/ma_ho_so registered_on/ngay_dang_ky vn_full_name*/ho_ten_cong_dan vn_id_no*/so_cccd "
        "vn_date_of_birth/ngay_sinh_cong_dan vn_address/dia_chi_cong_dan "
        "foreign_full_name*/ho_ten_nguoi_nuoc_ngoai foreign_passport_no/so_ho_chieu "
        "foreign_nationality*/quoc_tich foreign_date_of_birth/ngay_sinh_nguoi_nuoc_ngoai"),
        key="record_id", header="vi", bom=True, crlf=True, dates="dmy",
        date_cols=("registered_on", "vn_date_of_birth", "foreign_date_of_birth"),
        nationality_cols=("foreign_nationality",)),
]}

#: Vietnamese spaced headers with diacritics, as the Justice department's export writes them.
VI_HEADERS = {
    "ma_ho_so": "Mã hồ sơ", "ngay_dang_ky": "Ngày đăng ký", "ho_ten_cong_dan": "Họ tên công dân",
    "so_cccd": "Số CCCD", "ngay_sinh_cong_dan": "Ngày sinh công dân", "dia_chi_cong_dan": "Địa chỉ công dân",
    "ho_ten_nguoi_nuoc_ngoai": "Họ tên người nước ngoài", "so_ho_chieu": "Số hộ chiếu",
    "quoc_tich": "Quốc tịch", "ngay_sinh_nguoi_nuoc_ngoai": "Ngày sinh người nước ngoài",
}
