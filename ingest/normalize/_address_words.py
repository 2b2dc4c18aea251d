"""Words that label the parts of a Vietnamese address, and the province names.

Data only, read by ``addresses.py``. Spellings are lower case as written
(with diacritics); matching also accepts them typed without diacritics.
Province names are the 63 provinces before the 1 Jul 2025 merger: old
addresses still name them, and the 34 new provinces all kept one of these
names.
"""

from __future__ import annotations

__all__ = ["CENTRAL_CITIES", "MARKERS", "PROVINCES", "PROVINCE_ALIASES", "SAFE_WITHOUT_DIACRITICS"]

# (kind, canonical folded word kept in values, spellings). "city" is
# "thành phố": a province when it names a centrally-run city, else a district.
MARKERS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("house", "so", ("số nhà", "số")),
    ("street", "duong", ("đường", "đ.")),
    ("street", "pho", ("phố",)),
    ("village", "thon", ("thôn",)),
    ("village", "ban", ("bản",)),
    ("village", "khoi", ("khối",)),
    ("village", "to dan pho", ("tổ dân phố", "tdp")),
    ("village", "to", ("tổ",)),
    ("village", "xom", ("xóm",)),
    ("village", "ap", ("ấp",)),
    ("village", "khu pho", ("khu phố", "kp", "kp.")),
    ("village", "khu", ("khu",)),
    ("commune", "xa", ("xã", "x.")),
    ("commune", "phuong", ("phường", "p.")),
    ("commune", "thi tran", ("thị trấn", "tt", "tt.")),
    ("district", "huyen", ("huyện", "h.")),
    ("district", "quan", ("quận", "q.")),
    ("district", "thi xa", ("thị xã", "tx", "tx.")),
    ("city", "thanh pho", ("thành phố", "tp", "tp.")),
    ("province", "tinh", ("tỉnh", "t.")),
)

# Typed without diacritics, most short unit words are also ordinary words or
# names ("to" is Tô, "ban" Bàn, "duong" Dương), so in the middle of a part
# only these are taken as labels; at the start of a comma-separated part
# every label counts.
SAFE_WITHOUT_DIACRITICS = frozenset({
    "thanh pho", "thi tran", "thi xa", "huyen", "phuong", "tinh", "xa", "quan",
    "thon", "xom", "tp", "tt", "tx", "kp", "tdp",
})

PROVINCES = frozenset("""
ha noi|ho chi minh|hai phong|da nang|can tho|hue|ha giang|cao bang|bac kan|
tuyen quang|lao cai|dien bien|lai chau|son la|yen bai|hoa binh|thai nguyen|
lang son|quang ninh|bac giang|phu tho|vinh phuc|bac ninh|hai duong|hung yen|
thai binh|ha nam|nam dinh|ninh binh|thanh hoa|nghe an|ha tinh|quang binh|
quang tri|quang nam|quang ngai|binh dinh|phu yen|khanh hoa|ninh thuan|
binh thuan|kon tum|gia lai|dak lak|dak nong|lam dong|binh phuoc|tay ninh|
binh duong|dong nai|ba ria vung tau|long an|tien giang|ben tre|tra vinh|
vinh long|dong thap|an giang|kien giang|hau giang|soc trang|bac lieu|ca mau
""".replace("\n", "").split("|"))

# Other spellings → the name above. Thừa Thiên Huế became the centrally-run
# city of Huế (2025): one territory, one value.
PROVINCE_ALIASES = {
    "hcm": "ho chi minh", "tphcm": "ho chi minh", "sai gon": "ho chi minh",
    "thanh pho ho chi minh": "ho chi minh", "thua thien hue": "hue",
    "bac can": "bac kan", "dac lac": "dak lak", "dak lac": "dak lak",
    "dac nong": "dak nong", "brvt": "ba ria vung tau",
}

CENTRAL_CITIES = frozenset({"ha noi", "ho chi minh", "hai phong", "da nang", "can tho", "hue"})
