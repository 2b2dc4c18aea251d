"""Vietnamese (and a few English) country names that pycountry does not give.

pycountry's Vietnamese catalogue (gettext domain ``iso3166-1``, locale
``vi``) covers every country but in an old style ("Căm Bốt", "Nam Hàn",
"A Phú Hãn"). This table adds the names used today by the Ministry of
Foreign Affairs and the press, the short and colloquial forms clerks type
("Mỹ", "Anh", "Hàn"), and English short names. Matching is done on the
folded text with spaces and hyphens removed, so "Cam-pu-chia", "Campuchia"
and "CAMPU CHIA" are one entry. Data only: read by ``countries.py``.
"""

from __future__ import annotations

__all__ = ["EXTRA_NAMES"]

_TABLE = """
AFG: Áp-ga-ni-xtan; Afghanistan
AGO: Ăng-gô-la
ALB: An-ba-ni; Albani
ARE: Các Tiểu vương quốc Ả Rập Thống nhất; UAE; Các TVQ Ả Rập Thống nhất; Emirates
ARG: Ác-hen-ti-na; Argentina
ARM: Ác-mê-ni-a; Armenia
AUS: Úc; Ô-xtrây-li-a; Australia
AUT: Áo
AZE: A-déc-bai-gian
BEL: Bỉ
BGD: Băng-la-đét; Bangladesh
BGR: Bun-ga-ri; Bulgaria
BHR: Ba-ranh; Bahrain
BIH: Bô-xni-a Héc-dê-gô-vi-na; Bosnia
BLR: Bê-la-rút; Belarus
BOL: Bô-li-vi-a; Bolivia
BRA: Bra-xin; Brasil
BRN: Bru-nây; Brunei; Brunei Darussalam
BTN: Bu-tan
BWA: Bốt-xoa-na
CAF: Cộng hòa Trung Phi; Trung Phi
CAN: Ca-na-đa
CHE: Thụy Sĩ; Thụy Sỹ
CHL: Chi-lê
CHN: Trung Quốc; Trung Hoa; Cộng hòa Nhân dân Trung Hoa; CHND Trung Hoa; Trung Quốc Đại Lục; China
CIV: Bờ Biển Ngà; Cốt Đi-voa; Ivory Coast
CMR: Ca-mơ-run
COD: Cộng hòa Dân chủ Công-gô; CHDC Công-gô; DR Congo; Congo-Kinshasa
COG: Cộng hòa Công-gô; Congo-Brazzaville
COL: Cô-lôm-bi-a
CPV: Cáp-ve; Cape Verde
CRI: Cô-xta Ri-ca
CUB: Cu Ba
CYP: Síp
CZE: Séc; Cộng hòa Séc; Czech; Czech Republic
DEU: Đức; Cộng hòa Liên bang Đức; CHLB Đức; Germany
DNK: Đan Mạch
DOM: Cộng hòa Đô-mi-ni-ca
DZA: An-giê-ri
ECU: Ê-cu-a-đo
EGY: Ai Cập
ERI: Ê-ri-tơ-ri-a
ESP: Tây Ban Nha
EST: E-xtô-ni-a
ETH: Ê-ti-ô-pi-a
FIN: Phần Lan
FJI: Phi-gi
FRA: Pháp; Cộng hòa Pháp
FSM: Mi-crô-nê-xi-a; Micronesia
GAB: Ga-bông
GBR: Anh; Vương quốc Anh; Liên hiệp Anh; Vương quốc Liên hiệp Anh và Bắc Ai-len
GBR: Great Britain; Britain; UK; England
GEO: Gru-di-a
GHA: Ga-na
GIN: Ghi-nê
GNB: Ghi-nê Bít-xao
GNQ: Ghi-nê Xích đạo
GRC: Hy Lạp
GTM: Goa-tê-ma-la
HKG: Hồng Kông; Hương Cảng; Hồng Kông Trung Quốc; Hongkong
HND: Hôn-đu-rát
HRV: Crô-a-ti-a
HTI: Ha-i-ti
HUN: Hung-ga-ri; Hung
IDN: In-đô-nê-xi-a; Nam Dương
IND: Ấn Độ
IRL: Ai-len; Ái Nhĩ Lan
IRN: I-ran; Iran; Ba Tư
IRQ: I-rắc
ISL: Ai-xơ-len; Băng Đảo
ISR: I-xra-en; Do Thái
ITA: Ý; I-ta-li-a; Italia
JAM: Gia-mai-ca
JOR: Gioóc-đa-ni
JPN: Nhật Bản; Nhật
KAZ: Ca-dắc-xtan
KEN: Kê-ni-a
KGZ: Cư-rơ-gư-xtan; Kyrgyzstan
KHM: Campuchia; Cam-pu-chia; Căm-pu-chia; Cao Miên; Vương quốc Campuchia; Cambodia
KOR: Hàn Quốc; Hàn; Nam Hàn; Đại Hàn; Đại Hàn Dân Quốc; Nam Triều Tiên; South Korea; Korea
KWT: Cô-oét
LAO: Lào; Cộng hòa Dân chủ Nhân dân Lào; CHDCND Lào; Laos
LBN: Li-băng
LBY: Li-bi
LKA: Xri Lan-ca; Tích Lan
LTU: Lít-va
LUX: Lúc-xăm-bua
LVA: Lát-vi-a
MAC: Ma Cao; Áo Môn; Ma Cao Trung Quốc; Macau
MAR: Ma-rốc
MDA: Môn-đô-va; Moldova
MDG: Ma-đa-gát-xca
MDV: Man-đi-vơ
MEX: Mê-hi-cô; Mễ Tây Cơ
MKD: Bắc Ma-xê-đô-ni-a; Ma-xê-đô-ni-a; Macedonia
MLT: Man-ta
MMR: Mi-an-ma; Miến Điện; Burma
MNE: Môn-tê-nê-grô
MNG: Mông Cổ
MOZ: Mô-dăm-bích
MUS: Mô-ri-xơ
MYS: Ma-lai-xi-a; Mã Lai
NGA: Ni-giê-ri-a
NIC: Ni-ca-ra-goa
NLD: Hà Lan; Hòa Lan; Holland
NOR: Na Uy
NPL: Nê-pan
NZL: Niu Di-lân; Tân Tây Lan
OMN: Ô-man
PAK: Pa-ki-xtan
PAN: Pa-na-ma
PER: Pê-ru
PHL: Phi-líp-pin; Phi Luật Tân
PNG: Pa-pua Niu Ghi-nê
POL: Ba Lan
PRK: Triều Tiên; Bắc Triều Tiên; Cộng hòa Dân chủ Nhân dân Triều Tiên; CHDCND Triều Tiên
PRK: Bắc Hàn; North Korea
PRT: Bồ Đào Nha
PRY: Pa-ra-goay
PSE: Pa-le-xtin; Palestine
QAT: Ca-ta
ROU: Ru-ma-ni
RUS: Nga; Liên bang Nga; LB Nga; Russia
RWA: Ru-an-đa
SAU: Ả Rập Xê Út; Ả-rập Xê-út; Saudi
SDN: Xu-đăng
SEN: Xê-nê-gan
SGP: Xinh-ga-po; Xin-ga-po; Singapo; Tân Gia Ba
SLV: En Xan-va-đo
SOM: Xô-ma-li
SRB: Xéc-bi-a; Serbia
SSD: Nam Xu-đăng
SVK: Xlô-va-ki-a
SVN: Xlô-ven-ni-a
SWE: Thụy Điển
SWZ: Xoa-di-len; Swaziland
SYR: Xy-ri; Syria
TCD: Sát
THA: Thái Lan
TJK: Tát-gi-ki-xtan
TKM: Tuốc-mê-ni-xtan
TLS: Đông Ti-mo; Đông Timor; East Timor
TUN: Tuy-ni-di
TUR: Thổ Nhĩ Kỳ; Turkey
TWN: Đài Loan; Đài Loan Trung Quốc; Trung Hoa Đài Bắc; Taiwan
TZA: Tan-da-ni-a
UGA: U-gan-đa
UKR: U-crai-na; Ukraina
URY: U-ru-goay
USA: Hoa Kỳ; Mỹ; Hợp chủng quốc Hoa Kỳ; Hợp chúng quốc Hoa Kỳ; America; USA
UZB: U-dơ-bê-ki-xtan
VAT: Tòa Thánh Va-ti-căng; Va-ti-căng; Vatican
VEN: Vê-nê-xu-ê-la; Venezuela
VNM: Việt Nam; Cộng hòa Xã hội Chủ nghĩa Việt Nam; CHXHCN Việt Nam; Vietnam
XKX: Kosovo; Cô-xô-vô
YEM: Y-ê-men
ZAF: Nam Phi
ZMB: Dăm-bi-a
ZWE: Dim-ba-bu-ê
"""


def _parse(table: str) -> dict[str, tuple[str, ...]]:
    """``CODE: name; name`` lines; a code may take several lines."""
    names: dict[str, tuple[str, ...]] = {}
    for line in table.strip().splitlines():
        code, listed = line.split(":", 1)
        names[code] = names.get(code, ()) + tuple(n.strip() for n in listed.split(";"))
    return names


EXTRA_NAMES = _parse(_TABLE)
