"""Personal names by origin, and the ways sources write them.

A name is generated as parts (family name, given-name syllables) so every
source can render the same person differently: family-first or given-first,
syllables joined or spaced, with or without diacritics, now and then with a
typo. Vietnamese names keep their diacritics in the canonical form; Lạng Sơn
has many Tày and Nùng family names (Hoàng, Nông, Vi, Lương, Lăng, Hà, Triệu).
"""

from __future__ import annotations

import random
import unicodedata

from .pick import weighted

__all__ = ["Name", "fold", "vn_name", "foreign_name", "render", "typo", "FOREIGN_STYLE"]


def fold(text: str) -> str:
    """Strip Vietnamese diacritics; Đ/đ has no decomposition, so map it by hand."""
    text = text.replace("Đ", "D").replace("đ", "d")
    return "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn")


class Name:
    """A name as parts. ``family_first`` is the order of the passport rendering."""

    __slots__ = ("family", "given", "family_first", "vietnamese", "joiner", "_canon")

    def __init__(self, family: str, given: tuple[str, ...], family_first: bool, vietnamese: bool,
                 joiner: str = " "):
        self.family, self.given = family, given
        self.family_first, self.vietnamese = family_first, vietnamese
        #: how the passport joins given-name syllables: "" (XIAOMING), "-" (CHIH-MING), " "
        self.joiner = joiner
        self._canon = ""

    @property
    def canonical(self) -> str:
        if not self._canon:
            if self.vietnamese:
                self._canon = " ".join((self.family, *self.given))
            else:
                self._canon = _join(self.family, self.joiner.join(self.given), self.family_first)
        return self._canon


# --- Vietnamese -----------------------------------------------------------
_VN_FAMILY = (("Nguyễn", 26), ("Hoàng", 10), ("Trần", 7), ("Lê", 6), ("Phạm", 4), ("Nông", 5),
              ("Vi", 3), ("Lương", 3), ("Lăng", 2), ("Hà", 3), ("Triệu", 2), ("Vũ", 2), ("Đặng", 2),
              ("Bùi", 2), ("Đỗ", 2), ("Ngô", 1), ("Dương", 2), ("Lý", 1), ("Đinh", 1), ("Lộc", 1),
              ("Chu", 1), ("Đàm", 1), ("Hứa", 1), ("Lục", 1), ("Mã", 1), ("Sầm", 1), ("Đoàn", 1), ("Doãn", 1))
_VN_MIDDLE_M = (("Văn", 12), ("Đức", 3), ("Minh", 3), ("Quang", 2), ("Hữu", 2), ("Xuân", 1), ("Thế", 1), ("Tiến", 1))
_VN_MIDDLE_F = (("Thị", 14), ("Thu", 2), ("Ngọc", 2), ("Thanh", 2), ("Hồng", 1), ("Kim", 1), ("Minh", 1))
_VN_GIVEN_M = ["Hùng", "Dũng", "Tuấn", "Hải", "Long", "Nam", "Thắng", "Cường", "Toàn", "Phúc", "Quân", "Tùng",
               "Sơn", "Hưng", "Đạt", "Khánh", "Minh", "Trung", "Việt", "Bình", "Công", "Thành", "Huy", "Kiên",
               "Lâm", "Quyết", "Tâm", "Thịnh", "Vinh", "Hoàng", "Chiến", "Đông", "Giang", "Hiếu", "Mạnh"]
_VN_GIVEN_F = ["Lan", "Hương", "Hoa", "Mai", "Thảo", "Linh", "Trang", "Huyền", "Nga", "Hạnh", "Yến", "Phương",
               "Thủy", "Dung", "Thu", "Hiền", "Nhung", "Loan", "Vân", "Ngọc", "Duyên", "Hằng", "Liên", "Oanh"]


def _pick(rng: random.Random, table: tuple[tuple[str, int], ...]) -> str:
    return weighted(rng, table)


def vn_name(rng: random.Random, sex: str) -> Name:
    family = _pick(rng, _VN_FAMILY)
    if sex == "M":
        middle, given = _pick(rng, _VN_MIDDLE_M), rng.choice(_VN_GIVEN_M)
    else:
        middle, given = _pick(rng, _VN_MIDDLE_F), rng.choice(_VN_GIVEN_F)
    return Name(family, (middle, given), True, True)


# --- Foreign --------------------------------------------------------------
_CN_FAMILY = ["WANG", "LI", "ZHANG", "LIU", "CHEN", "YANG", "HUANG", "ZHAO", "WU", "ZHOU", "XU", "SUN", "MA",
              "ZHU", "HU", "GUO", "HE", "LIN", "LUO", "GAO", "LIANG", "ZHENG", "XIE", "TANG", "HAN", "FENG",
              "DENG", "CAO", "PENG", "ZENG", "XIAO", "TIAN", "DONG", "PAN", "YUAN", "CAI", "JIANG", "YU", "DU",
              "YE", "WEI", "SU", "LU", "DING", "NONG", "LAN", "QIN", "MO", "LONG", "LAO"]
_CN_FAMILY_W = tuple(zip(_CN_FAMILY, [12, 12, 10, 7, 6, 5, 5, 4, 4, 4] + [2] * 40))
_CN_SYLL = ["WEI", "FANG", "NA", "MIN", "JING", "LI", "QIANG", "LEI", "JUN", "YANG", "YONG", "YAN", "JIE", "TAO",
            "MING", "CHAO", "XIU", "YING", "HUA", "HUI", "PING", "GANG", "GUI", "XIAO", "HONG", "JIAN", "BIN",
            "HAI", "FENG", "BO", "LING", "XIN", "YU", "ZHI", "WEN", "JIA", "QING", "PENG", "HAO", "KAI", "ZHEN",
            "LIN", "CHUN", "DONG", "XUE", "MEI", "LAN", "JUAN", "YUN", "LONG", "SHENG", "GUO", "DE", "CHENG"]
_TW_FAMILY = ["CHEN", "LIN", "HUANG", "CHANG", "LEE", "WANG", "WU", "LIU", "TSAI", "YANG", "HSU", "CHENG"]
_TW_SYLL = ["CHIH", "MING", "YU", "TING", "CHIA", "HAO", "WEN", "HSIN", "CHUN", "HUI", "KUAN", "YI", "SHU", "FEN"]
_KR_FAMILY = ["KIM", "LEE", "PARK", "CHOI", "JUNG", "KANG", "CHO", "YOON", "JANG", "LIM", "HAN", "OH", "SEO",
              "SHIN", "KWON", "HWANG", "AHN", "SONG", "YOO", "HONG"]
_KR_FAMILY_W = [20, 14, 8, 5, 5, 3, 3, 3, 2, 2] + [1] * 10
_KR_SYLL = ["MIN", "JUN", "SEO", "YEON", "JI", "HYUN", "WOO", "SUNG", "YOUNG", "HO", "JAE", "EUN", "SOO",
            "HEE", "JIN", "KYUNG", "DONG", "SANG", "HYE", "JUNG", "HOON", "BIN", "YUN", "CHAN"]
_JP_FAMILY = ["SATO", "SUZUKI", "TAKAHASHI", "TANAKA", "WATANABE", "ITO", "YAMAMOTO", "NAKAMURA", "KOBAYASHI", "KATO"]
_JP_GIVEN = ["HIROSHI", "TAKESHI", "KENJI", "YUKI", "AKIKO", "NAOKI", "HARUTO", "YUTO", "SAKURA", "YUI", "DAISUKE"]
_TH = (["SOMCHAI", "SOMSAK", "NARONG", "SUDA", "PORNTIP", "ANAN", "KANYA", "WICHAI", "MALEE", "PRASERT"],
       ["JAIDEE", "SRISUK", "WONGSAWAT", "BOONMA", "CHAIYAPORN", "SAETANG", "RATTANAKORN", "KAEWKLA"])
_LA = (["SOUKSAVANH", "BOUNMY", "VIENGKHAM", "KHAMPHOUI", "PHONESAVANH", "NOY", "SENGDAO", "KHAMLA"],
       ["PHOMMACHANH", "KEOMANY", "SISOUVONG", "VONGSAVATH", "INTHAVONG", "CHANTHAVONG", "SAYASENG"])
_KH = (["SOK", "CHAN", "KIM", "HENG", "SAO", "CHEA", "MEAS", "LIM", "PHAN", "NOUN"],
       ["DARA", "SOPHEAP", "SOKHA", "VANNAK", "SOPHAL", "SOVANN", "SREYMOM", "PISETH", "RATHA", "BOPHA"])
_IN = (["RAJESH", "AMIT", "PRIYA", "SUNIL", "ANIL", "DEEPAK", "NEHA", "VIKRAM", "ARJUN"],
       ["KUMAR", "SHARMA", "PATEL", "SINGH", "GUPTA", "REDDY", "NAIR", "IYER"])
_PH = (["JUAN", "MARIA", "JOSE", "ANTONIO", "MARK", "ROSALIE", "RICARDO", "JOCELYN"],
       ["DELA CRUZ", "SANTOS", "REYES", "GARCIA", "MENDOZA", "BAUTISTA", "AQUINO"])
_MY_FAMILY = ["TAN", "LIM", "LEE", "WONG", "NG", "ONG", "CHONG", "TEO"]
_WEST = (["JOHN", "MICHAEL", "DAVID", "ANNA", "THOMAS", "PIERRE", "SOPHIE", "IVAN", "OLGA", "JAMES", "EMMA",
          "PETER", "MARIA", "ALEXANDER", "LUCAS", "ELENA"],
         ["SMITH", "JOHNSON", "BROWN", "MUELLER", "SCHMIDT", "DUBOIS", "MARTIN", "PETROV", "IVANOVA",
          "WILSON", "TAYLOR", "FISCHER", "BERNARD", "NOVAK", "MILLER", "KOVALENKO"])

#: how each nationality's names are built: (kind, family-first in the passport rendering)
FOREIGN_STYLE: dict[str, str] = {
    "CHN": "cn", "HKG": "cn", "MAC": "cn", "TWN": "tw", "KOR": "kr", "JPN": "jp", "THA": "th", "LAO": "la",
    "KHM": "kh", "VNM": "vn", "IND": "in", "PHL": "ph", "MYS": "my", "SGP": "my",
}


def foreign_name(rng: random.Random, nat: str, sex: str) -> Name:
    """A passport-style Latin name for a person of nationality ``nat`` (alpha-3)."""
    style = FOREIGN_STYLE.get(nat, "west")
    if style == "cn":
        fam = weighted(rng, _CN_FAMILY_W)
        n = 1 if rng.random() < 0.35 else 2
        return Name(fam, tuple(rng.choice(_CN_SYLL) for _ in range(n)), True, False, "")
    if style == "tw":
        return Name(rng.choice(_TW_FAMILY), (rng.choice(_TW_SYLL), rng.choice(_TW_SYLL)), True, False, "-")
    if style == "kr":
        fam = rng.choices(_KR_FAMILY, weights=_KR_FAMILY_W)[0]
        return Name(fam, (rng.choice(_KR_SYLL), rng.choice(_KR_SYLL)), True, False, "")
    if style == "jp":
        return Name(rng.choice(_JP_FAMILY), (rng.choice(_JP_GIVEN),), True, False)
    if style == "my":  # Malaysian and Singaporean Chinese: a Hokkien/Cantonese family name, pinyin-like given
        return Name(rng.choice(_MY_FAMILY), (rng.choice(_CN_SYLL), rng.choice(_CN_SYLL)), True, False, " ")
    if style == "vn":
        vn = vn_name(rng, sex)
        return Name(fold(vn.family).upper(), tuple(fold(g).upper() for g in vn.given), True, False)
    given_pool, family_pool = {"th": _TH, "la": _LA, "kh": _KH, "in": _IN, "ph": _PH}.get(style, _WEST)
    if style == "kh":  # Khmer: family name first
        return Name(rng.choice(given_pool), (rng.choice(family_pool),), True, False)
    return Name(rng.choice(family_pool), (rng.choice(given_pool),), False, False)


def _given_forms(name: Name) -> list[str]:
    """The canonical joining of the given name first, then the other spellings seen."""
    if len(name.given) == 1:
        return [name.given[0]]
    forms = [name.joiner.join(name.given)]
    forms += [j.join(name.given) for j in ("", " ", "-") if j != name.joiner]
    return forms if name.joiner == "-" else forms[:2]


def render(name: Name, rng: random.Random, variant_rate: float) -> str:
    """One source's rendering of ``name``: canonical most of the time."""
    if name.vietnamese:
        r = rng.random()
        full = name.canonical
        if r < variant_rate * 0.5:
            return fold(full).upper()
        if r < variant_rate * 0.8:
            return full.upper()
        if r < variant_rate:
            return fold(full)
        return full
    if rng.random() >= variant_rate:
        return name.canonical
    given = rng.choice(_given_forms(name))
    first = name.family_first if rng.random() < 0.4 else not name.family_first
    return _join(name.family, given, first)


def _join(family: str, given: str, family_first: bool) -> str:
    return f"{family} {given}" if family_first else f"{given} {family}"


_NEAR = {"A": "E", "E": "A", "I": "Y", "Y": "I", "O": "U", "U": "O", "N": "M", "M": "N", "G": "Q", "H": "N",
         "L": "I", "S": "Z", "Z": "S", "J": "G", "X": "S", "C": "G", "W": "V", "K": "C", "T": "D", "D": "T"}


def typo(text: str, rng: random.Random) -> str:
    """One slip of the keyboard: a near letter, a dropped or a doubled one."""
    idx = [i for i, c in enumerate(text) if c.isalpha() and c.upper() in _NEAR]
    if not idx:
        return text
    i = rng.choice(idx)
    kind = rng.random()
    if kind < 0.5:
        rep = _NEAR[text[i].upper()]
        rep = rep if text[i].isupper() else rep.lower()
        return text[:i] + rep + text[i + 1:]
    if kind < 0.75 and len(text) > 4:
        return text[:i] + text[i + 1:]
    return text[:i] + text[i] + text[i:]
