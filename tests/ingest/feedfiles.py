"""Small, valid rows of every feed, and writers for the three formats."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from ingest.contract import feed

SAMPLE_ROWS: dict[str, list[dict[str, str]]] = {
    "foreigners": [
        {"record_id": "R001", "full_name": "WANG XIAOMING", "sex": "M", "date_of_birth": "1985-03-02",
         "nationality": "CHN", "passport_no": "E12345678", "passport_expiry": "2030-01-01",
         "residence_doc_type": "TRC", "residence_doc_no": "TT123", "residence_symbol": "LĐ1",
         "valid_from": "2025-01-01", "valid_to": "2026-12-31", "sponsor_code": "4900123456",
         "sponsor_name": "CÔNG TY TNHH AN PHÁT", "address": "Số 12 đường Lê Lợi, P. Vĩnh Trại, TP. Lạng Sơn",
         "phone": "0912 345 678"},
        {"record_id": "R002", "full_name": "Nguyễn Thị Lan", "sex": "Nữ", "date_of_birth": "02/03/1990",
         "nationality": "Lào", "passport_no": "P 1234567", "residence_symbol": "TT",
         "valid_from": "01/01/2025", "valid_to": "31/12/2025", "sponsor_code": "020190001234"},
    ],
    "sponsorships": [
        {"application_id": "A17", "sponsor_type": "ENTERPRISE", "sponsor_code": "4900123456",
         "sponsor_name": "CÔNG TY TNHH AN PHÁT", "full_name": "XIAO MING WANG", "passport_no": "e12345678",
         "nationality": "CN", "date_of_birth": "1985-03-02", "purpose_symbol": "LD1",
         "submitted_on": "2024-12-01", "stay_from": "2025-01-01", "stay_to": "2026-12-31"},
        {"application_id": "A18", "sponsor_type": "INDIVIDUAL", "sponsor_code": "020190001234",
         "sponsor_name": "Hoàng Văn Minh", "full_name": "LI NA", "passport_no": "E22223333",
         "nationality": "Trung Quốc", "purpose_symbol": "TT", "stay_from": "2025-02-01", "stay_to": "2025-08-01"},
    ],
    "enterprises": [
        {"enterprise_code": "4900123456", "name": "CÔNG TY TNHH AN PHÁT", "foreign_name": "AN PHAT CO., LTD",
         "address": "Số 12 đường Lê Lợi, phường Vĩnh Trại, Lạng Sơn", "registered_on": "2019-05-01",
         "status": "ACTIVE", "industry_codes": "4610;4669", "charter_capital_vnd": "5.000.000.000",
         "foreign_capital_pct": "0", "phone": "0205 3812 345", "email": "Info@AnPhat.vn"},
    ],
    "enterprise_people": [
        {"enterprise_code": "4900123456", "role": "OWNER", "full_name": "Hoàng Văn Minh", "id_type": "CCCD",
         "id_no": "020190001234", "nationality": "VNM", "date_of_birth": "1990-07-07", "share_pct": "100",
         "capital_vnd": "5000000000", "since": "2019-05-01"},
        {"enterprise_code": "4900123456", "role": "DIRECTOR", "full_name": "WANG XIAOMING", "id_type": "PASSPORT",
         "id_no": "E12345678", "nationality": "CHN", "since": "2020-01-01", "until": "2026-01-01"},
    ],
    "work_permits": [
        {"permit_no": "GP-2025-0012", "kind": "PERMIT", "status": "VALID", "full_name": "WANG XIAO MING",
         "passport_no": "E1234-5678", "nationality": "CHN", "date_of_birth": "1985-03-02",
         "employer_code": "4900123456-001", "job_title": "Giám đốc kỹ thuật", "position": "MANAGER",
         "valid_from": "2025-01-01", "valid_to": "2026-12-31"},
    ],
    "residence_declarations": [
        {"declaration_id": "KB991", "establishment_name": "Nhà ông Hoàng Văn Minh",
         "establishment_type": "HOUSEHOLD", "establishment_code": "020190001234",
         "establishment_address": "Thôn Nà Pàn, xã Tân Thanh, tỉnh Lạng Sơn", "host_name": "Hoàng Văn Minh",
         "host_phone": "0987654321", "full_name": "LI NA", "passport_no": "E22223333", "nationality": "CHN",
         "arrived_on": "2025-02-02", "left_on": "2025-03-01", "declared_at": "2025-02-02 20:15"},
        {"declaration_id": "KB992", "establishment_name": "Ký túc xá An Phát",
         "establishment_type": "ENTERPRISE_DORMITORY", "establishment_code": "4900123456",
         "establishment_address": "Số 12 đường Lê Lợi, P. Vĩnh Trại, TP. Lạng Sơn",
         "full_name": "WANG XIAOMING", "passport_no": "E12345678", "nationality": "CHN",
         "arrived_on": "2025-01-05", "declared_at": "2025-01-05T08:00:00Z"},
    ],
    "border_events": [
        {"event_id": "EV5521", "event_type": "APPREHENDED", "occurred_at": "2025-03-01 22:10",
         "border_point_code": "LM-TT-01", "border_point_name": "Lối mở Nà Pàn", "border_point_kind": "TRAIL",
         "full_name": "ZHANG WEI", "nationality": "CHN", "sex": "M", "document_type": "NONE",
         "group_ref": "G-1", "case_ref": "VV-2025-01", "role": "TRAVELLER"},
        {"event_id": "EV5522", "event_type": "APPREHENDED", "occurred_at": "2025-03-01T22:10:00+07:00",
         "border_point_code": "LM-TT-01", "border_point_kind": "TRAIL", "full_name": "Nông Văn Hùng",
         "id_no": "020090001234", "nationality": "Việt Nam", "vehicle_plate": "12A-345.67",
         "phone": "+84 912 000 111", "group_ref": "G-1", "case_ref": "VV-2025-01", "role": "GUIDE"},
    ],
    "marriages": [
        {"record_id": "HN22", "registered_on": "2023-06-01", "vn_full_name": "Hoàng Văn Minh",
         "vn_id_no": "020190001234", "vn_date_of_birth": "1990-07-07",
         "vn_address": "Thôn Nà Pàn, xã Tân Thanh, tỉnh Lạng Sơn", "foreign_full_name": "LI NA",
         "foreign_passport_no": "E22223333", "foreign_nationality": "CHN"},
    ],
}


def header_names(feed_name: str, names: list[str], style: str) -> list[str]:
    """Header cells in a style: canonical, alias, or a shouted alias with spaces."""
    spec = feed(feed_name)
    if style == "canonical":
        return names
    aliases = [spec.column(n).alias for n in names]
    if style == "alias":
        return aliases
    return [a.replace("_", " ").upper() for a in aliases]


def write_csv(path: Path, feed_name: str, rows: list[dict], *, style: str = "canonical",
              bom: bool = False) -> Path:
    names = list(dict.fromkeys(k for row in rows for k in row))
    with open(path, "w", newline="", encoding="utf-8-sig" if bom else "utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header_names(feed_name, names, style))
        for row in rows:
            writer.writerow([row.get(n, "") for n in names])
    return path


def write_jsonl(path: Path, feed_name: str, rows: list[dict], *, style: str = "canonical") -> Path:
    names = list(dict.fromkeys(k for row in rows for k in row))
    heads = header_names(feed_name, names, style)
    with open(path, "w", encoding="utf-8") as handle:
        for row in rows:
            handle.write(json.dumps({h: row.get(n, "") for h, n in zip(heads, names)},
                                    ensure_ascii=False) + "\n")
    return path


def write_xlsx(path: Path, feed_name: str, rows: list[dict], *, style: str = "canonical") -> Path:
    import openpyxl

    names = list(dict.fromkeys(k for row in rows for k in row))
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(header_names(feed_name, names, style))
    for row in rows:
        sheet.append([row.get(n, "") or None for n in names])
    book.save(path)
    return path
