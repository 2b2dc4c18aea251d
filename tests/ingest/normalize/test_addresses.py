"""Tests for ingest.normalize.addresses: parts and the merge key."""

import pytest

from ingest.normalize.addresses import Address, parse_address


@pytest.mark.parametrize("empty", [None, "", "   "])
def test_empty_is_none(empty):
    assert parse_address(empty) is None


def test_full_address_fields():
    raw = "Số 12 đường Lê Lợi,  P. Vĩnh Trại, TP. Lạng Sơn, tỉnh Lạng Sơn"
    assert parse_address(raw) == Address(
        display="Số 12 đường Lê Lợi, P. Vĩnh Trại, TP. Lạng Sơn, tỉnh Lạng Sơn",
        house_no="12", street="le loi", village=None, commune="vinh trai",
        district="lang son", province="lang son", key="12|le loi||vinh trai|lang son",
    )


def test_display_is_nfc_and_keeps_the_original():
    address = parse_address("Thôn Na\u0300 Pa\u0300n,   xã Tân Thanh")
    assert address.display == "Thôn Nà Pàn, xã Tân Thanh"
    assert address.village == "thon na pan"


# Each group: one place written differently; all must share the key.
SAME_PLACE = {
    "12|le loi||vinh trai|lang son": [
        "Số 12 đường Lê Lợi, phường Vĩnh Trại, thành phố Lạng Sơn, tỉnh Lạng Sơn",
        "Số 12 Lê Lợi, P. Vĩnh Trại, TP. Lạng Sơn, T. Lạng Sơn",
        "12 Đ. Lê Lợi, P.Vĩnh Trại, Tp Lạng Sơn, Lạng Sơn",
        "12 Đ.Lê Lợi, P.Vĩnh Trại, TP.Lạng Sơn",
        "SO 12 DUONG LE LOI, P. VINH TRAI, TP LANG SON, LANG SON",
        "so 12 le loi, phuong vinh trai, lang son",
        "Số 12 đường Lê Lợi phường Vĩnh Trại thành phố Lạng Sơn tỉnh Lạng Sơn",
        "12 Lê Lợi, Vĩnh Trại, Lạng Sơn",
        "Số nhà 12, đường Lê Lợi, phường Vĩnh Trại, tỉnh Lạng Sơn, Việt Nam",
        "So\u0302\u0301 12 đường Lê Lợi, phường Vĩnh Trại, tỉnh Lạng Sơn",
    ],
    "||thon na pan|tan thanh|lang son": [
        "Thôn Nà Pàn, xã Tân Thanh, huyện Văn Lãng, tỉnh Lạng Sơn",
        "thôn Nà Pàn, X. Tân Thanh, H. Văn Lãng, T. Lạng Sơn",
        "THON NA PAN, XA TAN THANH, HUYEN VAN LANG, TINH LANG SON",
        "THON NA PAN XA TAN THANH HUYEN VAN LANG TINH LANG SON",
        "Thôn Nà Pàn xã Tân Thanh huyện Văn Lãng tỉnh Lạng Sơn",
        "thon Na Pan, Tan Thanh, Van Lang, LANG SON",
        "Thôn Nà Pàn, Tân Thanh, Lạng Sơn",
        "Thôn Nà Pàn, xã Tân Thanh, tỉnh Lạng Sơn",  # since 1 Jul 2025: no district
    ],
    "123|nguyen hue||phuong 5|ho chi minh": [
        "123 Nguyễn Huệ, Phường 5, Quận 1, TP.HCM",
        "Số 123 đường Nguyễn Huệ, P. 5, Q. 1, Thành phố Hồ Chí Minh",
        "123 Nguyen Hue, P.5, Q.1, TPHCM",
        "123 Nguyễn Huệ, phường 5, TP. Hồ Chí Minh, Việt Nam",
        "123 NGUYEN HUE, PHUONG 5, QUAN 1, SAI GON",
    ],
    "|||dong dang|lang son": [
        "thị trấn Đồng Đăng, huyện Cao Lộc, tỉnh Lạng Sơn",
        "TT. Đồng Đăng, H. Cao Lộc, T. Lạng Sơn",
        "TT Đồng Đăng, Cao Lộc, Lạng Sơn",
        "Đồng Đăng, Cao Lộc, Lạng Sơn",
    ],
}


@pytest.mark.parametrize(("key", "raw"), [(k, r) for k, rs in SAME_PLACE.items() for r in rs])
def test_same_place_same_key(key, raw):
    assert parse_address(raw).key == key


@pytest.mark.parametrize(("a", "b"), [
    ("Thôn Nà Pàn, xã Tân Thanh, tỉnh Lạng Sơn", "Bản Nà Pàn, xã Tân Thanh, tỉnh Lạng Sơn"),
    ("Số 12 Lê Lợi, P. Vĩnh Trại, Lạng Sơn", "Số 14 Lê Lợi, P. Vĩnh Trại, Lạng Sơn"),
    ("Phường 5, Quận 1, TP.HCM", "Xã Tân Thanh, Lạng Sơn"),
    ("huyện Văn Lãng", "huyện Cao Lộc"),  # only a district: keys still differ
])
def test_different_places_differ(a, b):
    assert parse_address(a).key != parse_address(b).key


@pytest.mark.parametrize(("raw", "fields"), [
    ("Tổ 5, khối 3, P. Chi Lăng, Tp Lạng Sơn",
     dict(village="to 5, khoi 3", commune="chi lang", district="lang son", province="lang son")),
    ("Khu 3, thị trấn Na Sầm, Văn Lãng, Lạng Sơn",
     dict(village="khu 3", commune="na sam", district="van lang", province="lang son")),
    ("Xóm 2, Ấp Bình An, Kp 4, Tổ dân phố 6",
     dict(village="xom 2, ap binh an, khu pho 4, to dan pho 6")),
    ("12/3A Tô Hiến Thành, phường 13, quận 10, Thành phố Hồ Chí Minh",
     dict(house_no="12/3a", street="to hien thanh", commune="phuong 13", district="quan 10",
          province="ho chi minh")),
    ("Số 5 ngõ 12 phố Huế, quận Hai Bà Trưng, Hà Nội",
     dict(house_no="5", street="ngo 12, hue", district="hai ba trung", province="ha noi")),
    ("Số 5, Bà Triệu, Hoàng Văn Thụ, Lạng Sơn",
     dict(house_no="5", street="ba trieu", commune="hoang van thu", province="lang son")),
    ("Lê Lợi số 12, Lạng Sơn", dict(house_no="12", street="le loi", province="lang son")),
    ("Nà Pàn, Tân Thanh, Văn Lãng, Lạng Sơn",
     dict(street="na pan", commune="tan thanh", district="van lang", province="lang son")),
    ("Tân Thanh, Lạng Sơn", dict(commune="tan thanh", province="lang son")),
    ("Bản Chắt, Đồng Văn, Đình Lập",
     dict(village="ban chat", commune="dong van", district="dinh lap")),
    ("Thị xã Đông Triều, Quảng Ninh", dict(district="dong trieu", province="quang ninh")),
    ("Quận Ba Đình, Hà Nội", dict(district="ba dinh", province="ha noi")),
    ("Thừa Thiên Huế", dict(province="hue")),
    ("Đắc Lắc", dict(province="dak lak")),
    ("Bà Rịa - Vũng Tàu", dict(province="ba ria vung tau")),
    ("TP Huế, Thừa Thiên Huế", dict(district="hue", province="hue")),
])
def test_parts(raw, fields):
    address = parse_address(raw)
    names = ("house_no", "street", "village", "commune", "district", "province")
    assert {n: getattr(address, n) for n in names} == {n: fields.get(n) for n in names}


@pytest.mark.parametrize(("raw", "street"), [
    ("Chợ Đông Kinh", "cho dong kinh"),
    ("KM 5 Quốc lộ 1A", "km 5 quoc lo 1a"),
    ("Việt Nam", "viet nam"),
    ("tỉnh", "tinh"),
])
def test_unclassified_text_is_kept_in_street(raw, street):
    address = parse_address(raw)
    assert address.street == street
    assert address.key == f"|{street}|||"


def test_plain_names_in_upper_case_are_not_taken_for_unit_words():
    # "TO", "BAN", "DUONG" inside a part are names here (Tô, Bàn, Dương).
    address = parse_address("15 TO HIEN THANH, PHUONG BAN CO, QUAN 3, HCM")
    assert (address.house_no, address.street, address.commune) == (
        "15", "to hien thanh", "ban co")
