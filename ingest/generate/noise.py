"""How each agency writes the same facts: the realistic variation between sources.

Nothing here breaks the contract: every value is still valid input (a
day/month swap gives another real date, a spaced passport number normalises
to the same number). Contract-breaking rows are made in ``badrows.py``.
"""

from __future__ import annotations

import random
from datetime import date, datetime

from .names import fold, render, typo
from .pick import weighted
from .model import Person

__all__ = ["COUNTRIES", "Profile", "PROFILES", "Voice"]

# alpha-3 -> (alpha-2, Vietnamese name, ICAO code where it differs)
COUNTRIES: dict[str, tuple[str, str, str]] = {
    "CHN": ("CN", "Trung Quốc", ""), "KOR": ("KR", "Hàn Quốc", ""), "TWN": ("TW", "Đài Loan", ""),
    "JPN": ("JP", "Nhật Bản", ""), "THA": ("TH", "Thái Lan", ""), "LAO": ("LA", "Lào", ""),
    "KHM": ("KH", "Campuchia", ""), "VNM": ("VN", "Việt Nam", ""), "USA": ("US", "Hoa Kỳ", ""),
    "GBR": ("GB", "Vương quốc Anh", ""), "DEU": ("DE", "Đức", "D"), "FRA": ("FR", "Pháp", ""),
    "RUS": ("RU", "Nga", ""), "AUS": ("AU", "Úc", ""), "HKG": ("HK", "Hồng Kông", ""),
    "MAC": ("MO", "Ma Cao", ""), "IND": ("IN", "Ấn Độ", ""), "MYS": ("MY", "Malaysia", ""),
    "SGP": ("SG", "Singapore", ""), "PHL": ("PH", "Philippines", ""),
}


class Profile:
    """One agency's habits. Rates are per row."""

    __slots__ = ("nat_forms", "variant", "typo", "messy_passport", "dob_missing", "dm_swap", "sex",
                 "dmy_share", "no_offset")

    def __init__(self, nat_forms: tuple[tuple[str, float], ...], variant: float = 0.1, typo: float = 0.005,
                 messy_passport: float = 0.02, dob_missing: float = 0.03, dm_swap: float = 0.0,
                 sex: str = "MF", dmy_share: float = 0.0, no_offset: float = 0.0):
        self.nat_forms, self.variant, self.typo = nat_forms, variant, typo
        self.messy_passport, self.dob_missing, self.dm_swap = messy_passport, dob_missing, dm_swap
        self.sex, self.dmy_share, self.no_offset = sex, dmy_share, no_offset


PROFILES: dict[str, Profile] = {
    "foreigners": Profile((("alpha3", 1.0),), variant=0.04, typo=0.003, messy_passport=0.01, dob_missing=0.01),
    "sponsorships": Profile((("vi", 0.7), ("alpha3", 0.3)), variant=0.25, typo=0.01, messy_passport=0.08,
                            dob_missing=0.15, dm_swap=1.0),
    "enterprises": Profile((("alpha3", 1.0),)),
    "enterprise_people": Profile((("vi", 0.5), ("alpha3", 0.3), ("vi_upper", 0.2)), variant=0.2, typo=0.005,
                                 messy_passport=0.05, dob_missing=0.05, dm_swap=1.0),
    "work_permits": Profile((("alpha2", 0.6), ("alpha3", 0.4)), variant=0.15, typo=0.008,
                            messy_passport=0.05, dob_missing=0.02, dm_swap=1.0),
    "residence_declarations": Profile((("alpha3", 0.4), ("vi", 0.3), ("vi_upper", 0.3)), variant=0.35,
                                      typo=0.02, messy_passport=0.12, dob_missing=0.2, dm_swap=1.0,
                                      dmy_share=0.25, no_offset=0.3),
    "border_events": Profile((("alpha3", 0.97), ("alpha2", 0.03)), variant=0.04, typo=0.003,
                             messy_passport=0.0, dob_missing=0.05, sex="vi", no_offset=0.15),
    "marriages": Profile((("vi", 0.8), ("alpha3", 0.2)), variant=0.3, typo=0.01, messy_passport=0.05,
                         dob_missing=0.02, dm_swap=1.0),
}


class Voice:
    """Renders facts as one feed writes them, using that feed's own random stream."""

    def __init__(self, feed: str, rng: random.Random, dm_swap_rate: float):
        self.feed, self.rng, self.p = feed, rng, PROFILES[feed]
        self.dm_swap_rate = dm_swap_rate * self.p.dm_swap
        self.row_dmy = False  # whether the current row writes DD/MM/YYYY (mixed feeds)

    def begin_row(self, dmy_feed: bool = False) -> None:
        self.row_dmy = dmy_feed or (self.p.dmy_share > 0 and self.rng.random() < self.p.dmy_share)

    def day(self, d: date | None) -> str:
        if d is None:
            return ""
        return f"{d.day:02d}/{d.month:02d}/{d.year}" if self.row_dmy else d.isoformat()

    def dob(self, p: Person) -> str:
        rng = self.rng
        if rng.random() < self.p.dob_missing:
            return ""
        d = p.dob
        if d.day <= 12 and d.day != d.month and rng.random() < self.dm_swap_rate:
            d = date(d.year, d.day, d.month)  # day and month written the wrong way round
        return self.day(d)

    def stamp(self, t: datetime) -> str:
        text = t.isoformat()
        return text if self.rng.random() < self.p.no_offset else text + "+07:00"

    def name(self, p: Person) -> str:
        text = render(p.name, self.rng, self.p.variant)
        if self.rng.random() < self.p.typo:
            text = typo(text, self.rng)
        return text

    def passport(self, number: str) -> str:
        rng = self.rng
        if not number or rng.random() >= self.p.messy_passport:
            return number
        r = rng.random()
        if r < 0.35:
            return number.lower()
        if r < 0.65 and len(number) > 5:
            cut = 1 if number[0].isalpha() and number[1].isdigit() else 2
            return f"{number[:cut]} {number[cut:cut + 4]} {number[cut + 4:]}".replace("  ", " ").strip()
        return f"{number[:-4]}-{number[-4:]}"

    def nationality(self, alpha3: str) -> str:
        forms = self.p.nat_forms
        form = forms[0][0] if len(forms) == 1 else weighted(self.rng, forms)
        a2, vi, icao = COUNTRIES[alpha3]
        if form == "alpha2":
            return a2
        if form == "vi":
            return vi
        if form == "vi_upper":
            return fold(vi).upper()
        return icao if icao and self.rng.random() < 0.5 else alpha3

    def sex(self, p: Person) -> str:
        if self.p.sex == "vi":
            return "Nam" if p.sex == "M" else "Nữ"
        return p.sex

    def phone(self, number: str) -> str:
        """Vietnamese numbers as 0912345678, 0912 345 678, +84912345678 or 84912345678."""
        if not number or number.startswith("+86"):
            return number
        r = self.rng.random()
        if r < 0.7 or not number.startswith("0"):
            return number
        if r < 0.82:
            return f"{number[:4]} {number[4:7]} {number[7:]}"
        if r < 0.94:
            return "+84" + number[1:]
        return "84" + number[1:]
