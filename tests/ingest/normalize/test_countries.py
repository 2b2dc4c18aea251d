"""Tests for ingest.normalize.countries: every code and name form."""

import gettext

import pycountry
import pytest

from ingest.normalize._country_names import EXTRA_NAMES
from ingest.normalize.countries import is_vietnamese, nationality
from ingest.normalize.errors import NormalizationError
from ingest.normalize.text import fold

VI = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["vi"])
COUNTRIES = sorted(pycountry.countries, key=lambda c: c.alpha_3)


@pytest.mark.parametrize("empty", [None, "", "  "])
def test_empty_is_none(empty):
    assert nationality(empty) is None
    assert is_vietnamese(empty) is None


@pytest.mark.parametrize(("raw", "alpha3"), [
    # the forms FEEDS.md and the brief name
    ("CHN", "CHN"), ("CN", "CHN"), ("chn", "CHN"), ("cn", "CHN"),
    ("Trung Quốc", "CHN"), ("TRUNG QUOC", "CHN"), ("trung quoc", "CHN"), ("TRUNG QUỐC", "CHN"),
    ("Trung Quo\u0302\u0301c", "CHN"), ("China", "CHN"),
    ("Hàn Quốc", "KOR"), ("HAN QUOC", "KOR"), ("Nam Hàn", "KOR"), ("South Korea", "KOR"),
    ("Triều Tiên", "PRK"), ("Bắc Triều Tiên", "PRK"), ("North Korea", "PRK"),
    ("Lào", "LAO"), ("LAO", "LAO"), ("lao", "LAO"), ("LA", "LAO"), ("Laos", "LAO"),
    ("Campuchia", "KHM"), ("CAMPUCHIA", "KHM"), ("Cam-pu-chia", "KHM"), ("Cambodia", "KHM"),
    ("Đài Loan", "TWN"), ("DAI LOAN", "TWN"), ("Taiwan", "TWN"),
    ("Việt Nam", "VNM"), ("VIET NAM", "VNM"), ("Vietnam", "VNM"), ("VN", "VNM"),
    ("VNM", "VNM"),
    ("Hoa Kỳ", "USA"), ("HOA KY", "USA"), ("Mỹ", "USA"), ("My", "USA"), ("USA", "USA"),
    ("United States", "USA"),
    ("Anh", "GBR"), ("ANH", "GBR"), ("Vương quốc Anh", "GBR"), ("United Kingdom", "GBR"),
    ("UK", "GBR"), ("GB", "GBR"),
    ("Nga", "RUS"), ("Liên bang Nga", "RUS"), ("Russia", "RUS"), ("RU", "RUS"),
    ("Nhật Bản", "JPN"), ("NHAT BAN", "JPN"), ("Nhật", "JPN"), ("Japan", "JPN"),
    ("Hồng Kông", "HKG"), ("HONG KONG", "HKG"), ("Hong Kong", "HKG"), ("HK", "HKG"),
    ("Ma Cao", "MAC"), ("MA CAO", "MAC"), ("Macau", "MAC"), ("Macao", "MAC"),
    ("Thái Lan", "THA"), ("Ấn Độ", "IND"), ("Đức", "DEU"), ("DUC", "DEU"),
    ("Pháp", "FRA"), ("Úc", "AUS"), ("Ý", "ITA"), ("Ả Rập Xê Út", "SAU"),
    ("Xin-ga-po", "SGP"), ("Singapore", "SGP"), ("Ma-lai-xi-a", "MYS"), ("Malaysia", "MYS"),
    ("In-đô-nê-xi-a", "IDN"), ("Phi-líp-pin", "PHL"), ("Mi-an-ma", "MMR"), ("Myanmar", "MMR"),
    ("Thổ Nhĩ Kỳ", "TUR"), ("Turkey", "TUR"), ("Türkiye", "TUR"), ("Séc", "CZE"),
    ("Bỉ", "BEL"), ("Áo", "AUT"), ("Thụy Sĩ", "CHE"), ("Hà Lan", "NLD"),
    ("Tây Ban Nha", "ESP"), ("Bồ Đào Nha", "PRT"), ("Ba Lan", "POL"), ("U-crai-na", "UKR"),
    ("Mông Cổ", "MNG"), ("Nam Phi", "ZAF"), ("Ni-giê-ri-a", "NGA"), ("Nigeria", "NGA"),
    # ICAO passport codes that are not ISO
    ("D", "DEU"), ("GBD", "GBR"), ("GBN", "GBR"), ("GBO", "GBR"), ("GBP", "GBR"),
    ("GBS", "GBR"), ("RKS", "XKX"), ("UNK", "XKX"), ("XK", "XKX"), ("Kosovo", "XKX"),
    ("XXA", "XXA"), ("XXB", "XXB"), ("XXC", "XXC"), ("XXX", "XXX"),
    ("UNO", "XXX"), ("UNA", "XXX"), ("EUE", "XXX"), ("XPO", "XXX"),
])
def test_nationality(raw, alpha3):
    assert nationality(raw) == alpha3


@pytest.mark.parametrize(("capitals", "code_country", "written", "name_country"), [
    ("NGA", "NGA", "Nga", "RUS"),  # Nigeria's code, Russia's Vietnamese name
    ("MY", "MYS", "My", "USA"),  # Malaysia's code, Mỹ without diacritics
    ("AO", "AGO", "Ao", "AUT"),  # Angola's code, Áo (Austria)
    ("BI", "BDI", "Bi", "BEL"),  # Burundi's code, Bỉ (Belgium)
])
def test_capitals_read_as_codes_other_case_as_names(capitals, code_country, written, name_country):
    assert nationality(capitals) == code_country
    assert nationality(written) == name_country
    assert nationality(written.lower()) == name_country


@pytest.mark.parametrize("country", COUNTRIES, ids=lambda c: c.alpha_3)
def test_every_country_by_code_and_english_name(country):
    assert nationality(country.alpha_3) == country.alpha_3
    assert nationality(country.alpha_2) == country.alpha_3
    assert nationality(country.name) == country.alpha_3
    assert nationality(country.name.upper()) == country.alpha_3


@pytest.mark.parametrize("country", COUNTRIES, ids=lambda c: c.alpha_3)
def test_every_country_by_vietnamese_name(country):
    vietnamese = VI.gettext(country.name)
    assert nationality(vietnamese) == country.alpha_3
    assert nationality(fold(vietnamese)) == country.alpha_3
    if len(vietnamese) > 3:  # short capitals read as codes: see the test above
        assert nationality(fold(vietnamese).upper()) == country.alpha_3


@pytest.mark.parametrize(("alpha3", "name"),
                         [(code, name) for code, names in EXTRA_NAMES.items() for name in names])
def test_every_hand_table_name(alpha3, name):
    assert nationality(name) == alpha3
    assert nationality(fold(name)) == alpha3


def test_hand_table_codes_exist():
    unknown = {code for code in EXTRA_NAMES if code != "XKX"
               and pycountry.countries.get(alpha_3=code) is None}
    assert unknown == set()


@pytest.mark.parametrize("raw", ["Atlantis", "ZZ", "QQQ", "Trung", "12", "Lao Cai"])
def test_unknown_is_rejected_naming_the_value(raw):
    with pytest.raises(NormalizationError) as caught:
        nationality(raw)
    assert str(caught.value) == (f"'{raw}' is not a known nationality: use an ISO code "
                                 "(CHN or CN) or a country name (Trung Quốc, China)")


@pytest.mark.parametrize(("raw", "result"), [
    ("VNM", True), ("VN", True), ("Việt Nam", True), ("viet nam", True),
    ("CHN", False), ("Lào", False), ("XXA", False),
])
def test_is_vietnamese(raw, result):
    assert is_vietnamese(raw) is result
