"""Identifier formats: CCCD, CMND, passports, enterprise and organisation codes, phones, plates.

Every generator takes the run's ``random.Random`` and a ``taken`` set so a
number is never handed to two people (collisions would be a merge nobody
planted). Formats follow DOMAIN.md.
"""

from __future__ import annotations

import random
from datetime import date

__all__ = ["Ids", "mst_check_digit"]

_NOT_IO = "ABCDEFGHJKLMNPQRSTUVWXYZ"
_VN_MOBILE = ["086", "096", "097", "098", "032", "033", "034", "035", "036", "037", "038", "039", "088",
              "091", "094", "081", "082", "083", "084", "085", "089", "090", "093", "070", "076", "077", "078", "079"]
_CN_MOBILE = ["130", "131", "132", "135", "136", "137", "138", "139", "150", "151", "152", "158", "159",
              "177", "180", "181", "186", "187", "188", "189", "199"]
#: Guangxi border counties for Chinese resident IDs (Pingxiang, Ningming, Longzhou, Nanning)
_CN_AREA = ["451481", "451422", "451423", "450103", "450105", "451402"]
_ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
_MST_WEIGHTS = [31, 29, 23, 19, 17, 13, 7, 5, 3]


def mst_check_digit(nine: str) -> int | None:
    """Check digit of a Vietnamese enterprise (tax) code; None when the body is unusable."""
    r = sum(int(d) * w for d, w in zip(nine, _MST_WEIGHTS)) % 11
    check = 10 - r
    return None if check == 10 else check


class Ids:
    """Unique identifiers for one run."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.taken: set[str] = set()

    def _unique(self, make) -> str:
        while True:
            value = make()
            if value not in self.taken:
                self.taken.add(value)
                return value

    def _digits(self, n: int) -> str:
        return f"{self.rng.randrange(10 ** n):0{n}d}" if n else ""

    # --- Vietnamese citizens ---
    def cccd(self, province: str, dob: date, sex: str) -> str:
        """12 digits: province of registration, century/sex digit, birth year, 6 random."""
        century = 0 if dob.year < 2000 else 2
        digit = century + (1 if sex == "F" else 0)
        return self._unique(lambda: f"{province}{digit}{dob.year % 100:02d}{self._digits(6)}")

    def cmnd(self, local: bool) -> str:
        """The old 9-digit card; Lạng Sơn numbers start with 08."""
        prefix = "08" if local else self.rng.choice(["01", "12", "13", "09", "17", "02"])
        return self._unique(lambda: prefix + self._digits(7))

    # --- passports ---
    def passport(self, nat: str, issued: date) -> str:
        rng = self.rng
        if nat in ("CHN",):
            if issued.year >= 2017 and rng.random() < 0.5:
                make = lambda: "E" + rng.choice(_NOT_IO) + self._digits(7)
            elif issued.year < 2013 and rng.random() < 0.7:
                make = lambda: "G" + self._digits(8)
            else:
                make = lambda: "E" + self._digits(8)
        elif nat == "KOR":
            make = lambda: "M" + self._digits(8)
        elif nat == "VNM":
            make = lambda: rng.choice("BCNP") + self._digits(7)
        elif nat == "HKG":
            make = lambda: "K" + self._digits(8)
        elif nat == "MAC":
            make = lambda: "MA" + self._digits(7)
        elif nat == "TWN":
            make = lambda: "3" + self._digits(8)
        elif nat == "JPN":
            make = lambda: rng.choice(["TK", "TR", "MZ", "TZ"]) + self._digits(7)
        elif nat in ("THA", "LAO", "KHM"):
            make = lambda: {"THA": "AA", "LAO": "P", "KHM": "N"}[nat] + self._digits(7)
        elif nat == "DEU":
            make = lambda: "C" + "".join(rng.choice("CFGHJKLMNPRTVWXYZ0123456789") for _ in range(8))
        elif nat == "FRA":
            make = lambda: self._digits(2) + rng.choice(_NOT_IO) + rng.choice(_NOT_IO) + self._digits(5)
        elif nat == "RUS":
            make = lambda: "7" + self._digits(8)
        else:
            make = lambda: self._digits(9)
        return self._unique(make)

    def cn_resident_id(self, dob: date, sex: str) -> str:
        """18-character Chinese resident ID (border residents carry it with a border pass)."""
        rng = self.rng

        def make() -> str:
            seq = rng.randint(0, 49) * 2 + (1 if sex == "M" else 0)
            body = f"{rng.choice(_CN_AREA)}{dob:%Y%m%d}{rng.randint(0, 9)}{seq % 100:02d}"[:17]
            check = "10X98765432"[sum(int(d) * w for d, w in zip(body, _ID_WEIGHTS)) % 11]
            return body + check

        return self._unique(make)

    # --- organisations ---
    def enterprise_code(self, prefix: str = "49") -> str:
        """10 digits: 2 for the province, 7 a sequence, 1 check digit."""
        rng = self.rng

        def make() -> str:
            while True:
                body = prefix + (f"{rng.randint(10_000, 299_999):07d}" if prefix == "49" else f"{rng.randint(0, 9_999_999):07d}")
                check = mst_check_digit(body)
                if check is not None:
                    return f"{body}{check}"

        return self._unique(make)

    def org_code(self) -> str:
        return self._unique(lambda: str(self.rng.randint(1_000_000, 1_099_999)))

    # --- contact and vehicles ---
    def vn_phone(self) -> str:
        return self._unique(lambda: self.rng.choice(_VN_MOBILE) + self._digits(7))

    def vn_landline(self) -> str:
        return self._unique(lambda: "0205" + self.rng.choice("3678") + self._digits(6))

    def cn_phone(self) -> str:
        return self._unique(lambda: "+86" + self.rng.choice(_CN_MOBILE) + self._digits(8))

    def plate(self) -> str:
        rng = self.rng
        return self._unique(lambda: f"{rng.choice(['12A', '12A', '12B', '12C', '98A', '29A', '14A'])}-"
                                    f"{self._digits(3)}.{self._digits(2)}")

    def doc_no(self, doc_type: str) -> str:
        """Residence document numbers (visa, e-visa, card); only for display and trace."""
        if doc_type == "EVISA":
            return self._unique(lambda: "EV" + "".join(self.rng.choice("ABCDEFGHJKLMNPQRSTUVWXYZ0123456789") for _ in range(9)))
        if doc_type == "TRC":
            return self._unique(lambda: "TRC-LS-" + self._digits(6))
        if doc_type == "EXEMPT":
            return ""
        return self._unique(lambda: "NA" + self._digits(7))

    def email(self, local: str, domain: str) -> str:
        """``local@domain``, with digits added (more as the common ones run out) to stay unique."""
        for width in (0, 2, 2, 2, 3, 3, 3, 4, 4, 4, 4, 4, 4):
            value = f"{local}{self._digits(width)}@{domain}"
            if value not in self.taken:
                self.taken.add(value)
                return value
        return self._unique(lambda: f"{local}{self._digits(6)}@{domain}")
