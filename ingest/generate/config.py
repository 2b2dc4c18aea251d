"""Sizes, dates and the default proportions of the synthetic province.

Every number that shapes the generated data lives here, so an evaluator can
read the defaults in one place and override any of them through the
``proportions`` argument of :func:`ingest.generate.generate`.

Shares are fractions of a base count (enterprises or resident foreigners);
keys ending in ``_count`` are absolute numbers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

__all__ = ["AS_OF", "START", "SIZES", "DEFAULT_PROPORTIONS", "Config", "build_config"]

#: "today" for the data: permits, residence documents and stays are judged as of this day.
AS_OF = date(2026, 11, 1)
#: first day of recorded activity.
START = date(2023, 1, 1)

#: target volumes per size: foreigners in the residence feed, enterprises, border events.
SIZES: dict[str, dict[str, int]] = {
    "tiny": {"foreigners": 150, "enterprises": 30, "border_events": 800},
    "small": {"foreigners": 2_000, "enterprises": 400, "border_events": 20_000},
    "province": {"foreigners": 50_000, "enterprises": 6_000, "border_events": 500_000},
}

_COMMON: dict[str, float] = {
    # --- enterprises (shares of all enterprises) ---
    "foreign_owned_share": 0.15,     # openly foreign-owned (foreign owner listed, capital pct > 0)
    "vn_employer_share": 0.18,       # Vietnamese-owned, employing foreigners lawfully
    "hotel_share": 0.05,             # hotels (accommodation businesses)
    "branch_share": 0.12,            # employers that also register a branch `-001`
    "serial_nominee_share": 0.3,     # of nominee enterprises, the part owned by serial nominees
    # --- resident foreigners (shares of the foreigners target) ---
    "investor_share": 0.04,          # ĐT investors owning foreign-owned enterprises
    "visitor_share": 0.14,           # DN business visitors, short hotel stays
    "tourist_share": 0.22,           # DL / EV / EXEMPT tourists with a residence record
    "spouse_share": 0.05,            # TT spouses of Vietnamese citizens, in households
    "student_share": 0.03,           # DH students
    "ngo_share": 0.01,               # NN staff of representative offices
    # the remainder are lawful LĐ workers
    # --- noise ---
    "passport_renewal_share": 0.08,  # long-stay foreigners who renew their passport mid-period
    "cmnd_share": 0.3,               # Vietnamese born before 1990 who also appear with an old CMND
    "bad_row_rate": 0.005,           # rows that break the contract (rejects)
    "dm_swap_rate": 0.01,            # dates of birth written with day and month swapped
    # --- look-alikes ---
    "permit_expired_after_leaving_share": 0.08,  # of lawful workers: left, permit expired later
    "branch_permit_share": 0.25,     # of workers at employers with a branch: permit names the branch
}

#: per-size defaults; see the module docstring for the meaning of shares and counts.
DEFAULT_PROPORTIONS: dict[str, dict[str, float]] = {
    "tiny": {**_COMMON, "nominee_share": 0.15, "unlicensed_share": 0.06,
             "networks_count": 2, "isolated_apprehensions_count": 4,
             "hard_negative_pairs_count": 1, "unrelated_spouse_owner_count": 1},
    "small": {**_COMMON, "nominee_share": 0.0625, "unlicensed_share": 0.04,
              "networks_count": 8, "isolated_apprehensions_count": 20,
              "hard_negative_pairs_count": 3, "unrelated_spouse_owner_count": 5},
    "province": {**_COMMON, "nominee_share": 0.05, "unlicensed_share": 0.025,
                 "networks_count": 120, "isolated_apprehensions_count": 300,
                 "hard_negative_pairs_count": 30, "unrelated_spouse_owner_count": 60},
}


@dataclass(frozen=True)
class Config:
    """The resolved settings of one generation run."""

    size: str
    seed: int
    foreigners: int
    enterprises: int
    border_events: int
    p: dict[str, float] = field(default_factory=dict)

    def count(self, key: str) -> int:
        """An absolute count from the proportions (``*_count`` keys)."""
        return max(0, int(round(self.p[key])))

    def share_of(self, key: str, base: int, minimum: int = 0) -> int:
        """``round(share * base)``, at least ``minimum``."""
        return max(minimum, int(round(self.p[key] * base)))


def build_config(size: str, seed: int, proportions: dict[str, float] | None = None) -> Config:
    """Resolve a size name and optional overrides into a :class:`Config`."""
    if size not in SIZES:
        raise ValueError(f'Unknown size "{size}": use one of {", ".join(SIZES)}')
    p = dict(DEFAULT_PROPORTIONS[size])
    for key, value in (proportions or {}).items():
        if key not in p:
            raise ValueError(f'Unknown proportion "{key}"; known: {", ".join(sorted(p))}')
        if value < 0:
            raise ValueError(f'Proportion "{key}" must not be negative, got {value}')
        p[key] = float(value)
    return Config(size=size, seed=seed, p=p, **SIZES[size])
