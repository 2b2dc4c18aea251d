"""The eight agency feeds, declared once, exactly as ``contract/FEEDS.md`` says.

Everything about a feed's columns lives here: canonical names, the Vietnamese
alias, whether the column is required, and the kind of value it holds. The
row models (:mod:`ingest.models`), feed recognition (:mod:`ingest.recognise`)
and the reject reasons all read this declaration, so the contract is written
down once. The kinds are named in :mod:`ingest.kinds`, which maps each to its
normaliser.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Column", "Feed", "FEEDS", "feed"]


@dataclass(frozen=True)
class Column:
    name: str
    alias: str
    kind: str
    required: bool = False


@dataclass(frozen=True)
class Feed:
    name: str
    # The id column, or None when the key is the 1-based data-row number.
    key: str | None
    record_label: str
    columns: tuple[Column, ...]
    # (start, end) pairs where an end before its start breaks the contract.
    intervals: tuple[tuple[str, str], ...] = ()

    @property
    def required(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns if c.required)

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)


def C(name: str, alias: str, kind: str = "text", required: bool = False) -> Column:
    return Column(name, alias, kind, required)


def R(name: str, alias: str, kind: str = "text") -> Column:
    return Column(name, alias, kind, True)


FEEDS: tuple[Feed, ...] = (
    Feed("foreigners", "record_id", "ResidenceRecord", (
        R("record_id", "ma_ho_so", "key"),
        R("full_name", "ho_ten", "name"),
        C("sex", "gioi_tinh", "sex"),
        C("date_of_birth", "ngay_sinh", "date"),
        R("nationality", "quoc_tich", "nationality"),
        R("passport_no", "so_ho_chieu", "passport"),
        C("passport_expiry", "han_ho_chieu", "date"),
        C("residence_doc_type", "loai_giay_to", "residence_doc_type"),
        C("residence_doc_no", "so_giay_to", "document_no"),
        C("residence_symbol", "ky_hieu", "symbol"),
        C("valid_from", "tu_ngay", "date"),
        C("valid_to", "den_ngay", "date"),
        C("sponsor_code", "ma_don_vi_bao_lanh", "sponsor_code"),
        C("sponsor_name", "don_vi_bao_lanh", "name"),
        C("address", "dia_chi_tam_tru", "address"),
        C("phone", "so_dien_thoai", "phone"),
    ), intervals=(("valid_from", "valid_to"),)),
    Feed("sponsorships", "application_id", "Sponsorship", (
        R("application_id", "ma_don", "key"),
        R("sponsor_type", "loai_bao_lanh", "sponsor_type"),
        R("sponsor_code", "ma_don_vi_bao_lanh", "sponsor_code"),
        C("sponsor_name", "don_vi_bao_lanh", "name"),
        R("full_name", "ho_ten", "name"),
        C("passport_no", "so_ho_chieu", "passport"),
        C("nationality", "quoc_tich", "nationality"),
        C("date_of_birth", "ngay_sinh", "date"),
        C("purpose_symbol", "ky_hieu", "symbol"),
        C("submitted_on", "ngay_nop", "date"),
        C("stay_from", "tu_ngay", "date"),
        C("stay_to", "den_ngay", "date"),
    ), intervals=(("stay_from", "stay_to"),)),
    Feed("enterprises", "enterprise_code", "Registration", (
        R("enterprise_code", "ma_so_doanh_nghiep", "enterprise_code"),
        R("name", "ten_doanh_nghiep", "name"),
        C("foreign_name", "ten_nuoc_ngoai", "name"),
        C("address", "dia_chi_tru_so", "address"),
        C("registered_on", "ngay_dang_ky", "date"),
        C("status", "tinh_trang", "enterprise_status"),
        C("industry_codes", "nganh_nghe", "industry_codes"),
        C("charter_capital_vnd", "von_dieu_le", "amount"),
        C("foreign_capital_pct", "ty_le_von_nuoc_ngoai", "percentage"),
        C("phone", "so_dien_thoai", "phone"),
        C("email", "email", "email"),
    )),
    Feed("enterprise_people", None, "EnterpriseRole", (
        R("enterprise_code", "ma_so_doanh_nghiep", "enterprise_code"),
        R("role", "vai_tro", "enterprise_role"),
        R("full_name", "ho_ten", "name"),
        C("id_type", "loai_giay_to", "id_type"),
        C("id_no", "so_giay_to", "document_no"),
        C("nationality", "quoc_tich", "nationality"),
        C("date_of_birth", "ngay_sinh", "date"),
        C("share_pct", "ty_le_von", "percentage"),
        C("capital_vnd", "von_gop", "amount"),
        C("address", "dia_chi", "address"),
        C("phone", "so_dien_thoai", "phone"),
        C("since", "tu_ngay", "date"),
        C("until", "den_ngay", "date"),
    ), intervals=(("since", "until"),)),
    Feed("work_permits", "permit_no", "WorkPermit", (
        R("permit_no", "so_giay_phep", "key"),
        C("kind", "loai", "permit_kind"),
        C("status", "tinh_trang", "permit_status"),
        R("full_name", "ho_ten", "name"),
        R("passport_no", "so_ho_chieu", "passport"),
        C("nationality", "quoc_tich", "nationality"),
        C("date_of_birth", "ngay_sinh", "date"),
        R("employer_code", "ma_so_doanh_nghiep", "enterprise_code"),
        C("job_title", "chuc_danh", "text"),
        C("position", "vi_tri", "position"),
        C("work_address", "dia_diem_lam_viec", "address"),
        C("valid_from", "tu_ngay", "date"),
        C("valid_to", "den_ngay", "date"),
        C("revoked_on", "ngay_thu_hoi", "date"),
    ), intervals=(("valid_from", "valid_to"), ("valid_from", "revoked_on"))),
    Feed("residence_declarations", "declaration_id", "Stay", (
        R("declaration_id", "ma_khai_bao", "key"),
        R("establishment_name", "co_so_luu_tru", "name"),
        C("establishment_type", "loai_co_so", "establishment_type"),
        C("establishment_code", "ma_co_so", "establishment_code"),
        R("establishment_address", "dia_chi_co_so", "address"),
        C("host_name", "chu_co_so", "name"),
        C("host_phone", "sdt_chu_co_so", "phone"),
        R("full_name", "ho_ten", "name"),
        C("passport_no", "so_ho_chieu", "passport"),
        R("nationality", "quoc_tich", "nationality"),
        C("date_of_birth", "ngay_sinh", "date"),
        R("arrived_on", "ngay_den", "date"),
        C("left_on", "ngay_di", "date"),
        C("declared_at", "thoi_diem_khai_bao", "timestamp"),
    ), intervals=(("arrived_on", "left_on"),)),
    Feed("border_events", "event_id", "BorderEvent", (
        R("event_id", "ma_su_kien", "key"),
        R("event_type", "loai_su_kien", "border_event_type"),
        R("occurred_at", "thoi_diem", "timestamp"),
        R("border_point_code", "ma_cua_khau", "key"),
        C("border_point_name", "ten_cua_khau", "name"),
        C("border_point_kind", "loai_diem", "border_point_kind"),
        R("full_name", "ho_ten", "name"),
        C("passport_no", "so_ho_chieu", "passport"),
        C("id_no", "so_giay_to", "document_no"),
        C("nationality", "quoc_tich", "nationality"),
        C("date_of_birth", "ngay_sinh", "date"),
        C("sex", "gioi_tinh", "sex"),
        C("document_type", "loai_giay_to", "travel_document_type"),
        C("vehicle_plate", "bien_so_xe", "plate"),
        C("phone", "so_dien_thoai", "phone"),
        C("group_ref", "ma_nhom", "key"),
        C("case_ref", "ma_vu_viec", "key"),
        C("role", "vai_tro", "border_role"),
    )),
    Feed("marriages", "record_id", "Marriage", (
        R("record_id", "ma_ho_so", "key"),
        C("registered_on", "ngay_dang_ky", "date"),
        R("vn_full_name", "ho_ten_cong_dan", "name"),
        R("vn_id_no", "so_cccd", "citizen_id"),
        C("vn_date_of_birth", "ngay_sinh_cong_dan", "date"),
        C("vn_address", "dia_chi_cong_dan", "address"),
        R("foreign_full_name", "ho_ten_nguoi_nuoc_ngoai", "name"),
        C("foreign_passport_no", "so_ho_chieu", "passport"),
        R("foreign_nationality", "quoc_tich", "nationality"),
        C("foreign_date_of_birth", "ngay_sinh_nguoi_nuoc_ngoai", "date"),
    )),
)

_BY_NAME = {f.name: f for f in FEEDS}


def feed(name: str) -> Feed:
    try:
        return _BY_NAME[name]
    except KeyError:
        raise KeyError(
            f"'{name}' is not a feed; the feeds are: {', '.join(_BY_NAME)}"
        ) from None
