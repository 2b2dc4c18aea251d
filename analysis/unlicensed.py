"""Unlicensed employment: a foreigner working at an enterprise without the right to.

Two questions per (foreigner, enterprise) pair, as of a date:

1. *Does the foreigner work there, and when?* The nights declared at the
   enterprise's own lodging (an establishment it runs, or quarters at an
   address it or a branch registered), once more than :data:`WORK_NIGHTS`;
   and the days an LĐ (work) residence document it sponsored was valid while
   the person was declared present, once more than :data:`WORK_NIGHTS` too.
   Hotels, guesthouses and households are never a workplace: a business
   visitor in a hotel or a spouse in a family home is not at work.
2. *Was every working day covered?* By a permit or exemption naming the
   enterprise or a branch (a permit naming either covers the parent), valid
   that day and not yet revoked, or by an owner's stake of at least VND 3 bn.
   Dates beat status words: a VALID permit past its ``valid_to`` covers nothing.

Uncovered days are classed one by one: revoked, expired, another employer's
permit, or none. Days on a purpose that does not allow work (DL, EV, TT, VR,
DN, HN, DH, visa exemption) are a purpose mismatch, except e-visa and TT
days a permit covers (Law 47 art. 7(4) lets exactly those convert). The
database finds candidates and facts (:mod:`analysis.unlicensed_cypher`); the
decision is interval arithmetic on ordinal days. Only facts dated on or
before ``as_of`` count.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import NamedTuple

from analysis import unlicensed_cypher as cypher
from analysis.model import FlagCandidate, FlagPerson, Signal
from graph.store import GraphStore
from ingest.normalize.symbols import purpose_allows_work

__all__ = ["detect", "WEIGHTS", "RULE_VERSION", "WORK_NIGHTS", "MIN_REASON_DAYS"]

KIND = "unlicensed_employment"
RULE_VERSION = "unlicensed-2026.1"

#: More than this many nights at an enterprise's lodging is evidence of work
#: there; fewer fit a business trip or a technical call-out (the short-stay
#: cases that need no permit are counted in weeks, DOMAIN.md).
WORK_NIGHTS = 30
#: A reason needs at least this many working days: shorter gaps are mostly
#: declarations a few days off the permit's dates.
MIN_REASON_DAYS = 7
LONG_UNCOVERED_DAYS = 90  # working uncovered longer than this aggravates
OWNER_EXEMPT_VND = 3_000_000_000  # owners contributing this need no permit
NOT_WORKPLACE, BATCH = ["HOTEL", "GUESTHOUSE", "HOUSEHOLD"], 1000


class Rule(NamedTuple):
    weight: float
    rule: str
    says: str  # the sentence for the reviewer, formatted with the case's figures


_LC, _D219 = "Labour Code 2019 art. ", "Decree 219/2025/ND-CP"
#: Every signal: its weight (a chance the flag is right, combined by noisy-OR),
#: the legal rule it reflects and the sentence shown. Reasons (the five codes
#: of OUTPUTS.md) are the violations; the others say how sure we are that the
#: person works there, or how grave it is.
WEIGHTS: dict[str, Rule] = {
    "NO_PERMIT": Rule(0.75, _LC + "151, 153-154; " + _D219 + ": a foreign worker needs a permit "
                      "or an exemption naming the employer", "No work permit or exemption naming "
                      "{code} or a branch on {days} working days, {span}"),
    "PERMIT_EXPIRED": Rule(0.65, _LC + "155-156: a permit lasts at most 2 years and ends when it "
                           "expires", "The permit naming {code} had expired (by its dates, not its "
                           "status word) on {days} working days, {span}"),
    "PERMIT_REVOKED": Rule(0.8, _LC + "156; " + _D219 + ": revocation ends the right to work",
                           "The permit naming {code} had been revoked, on {days} working days, "
                           "{span}"),
    "OTHER_EMPLOYER": Rule(0.6, _LC + "151-153; " + _D219 + ": the permit names the employer; "
                           "working for another is working without one", "The only valid permit "
                           "named another employer, not {code}, on {days} working days, {span}"),
    "PURPOSE_MISMATCH": Rule(0.5, "Law 47/2014 as amended, art. 7-8: DL, EV, TT, VR, DN, HN, DH "
                             "and visa exemption do not authorise employment", "The residence "
                             "purpose then valid ({symbols}) does not allow work, on {days} "
                             "working days, {span}"),
    "WORKPLACE_STAY": Rule(0.45, "Law 47/2014 art. 33 (temporary-residence declarations): more "
                           f"than {WORK_NIGHTS} nights at the enterprise's own lodging",
                           "Declared {days} nights at the enterprise's lodging ({places}), {span}"),
    "WORK_SPONSORSHIP": Rule(0.3, "Law 47/2014 art. 8, 14, 45: an LĐ symbol is issued to work "
                             "for the sponsor", "Holds a work (LĐ) residence document sponsored "
                             "by {code} and was declared present {days} days of it, {span}"),
    "SPONSORED_BY_EMPLOYER": Rule(0.15, "Law 47/2014 art. 14, 45: the sponsor answers for the "
                                  "foreigner's activities", "Sponsored by {code} for a purpose "
                                  "other than work ({symbols})"),
    "LONG_UNCOVERED": Rule(0.3, f"Aggravating: more than {LONG_UNCOVERED_DAYS} working days "
                           "uncovered", "{days} working days in all without a permit, {span}"),
    "NO_RESIDENCE_DOCUMENT": Rule(0.3, "Law 47/2014 art. 7: a foreigner must hold a valid visa, "
                                  "card or exemption", "No valid residence document on record "
                                  "for {days} working days, {span}"),
}
REASONS = ("NO_PERMIT", "PERMIT_EXPIRED", "PERMIT_REVOKED", "OTHER_EMPLOYER", "PURPOSE_MISMATCH")

NEVER, FOREVER = 1, dt.date.max.toordinal()
Intervals = list[tuple[int, int]]


# ------------------------------------------------------------------ intervals
def _merge(spans) -> Intervals:
    out: Intervals = []
    for a, b in sorted(s for s in spans if s[0] < s[1]):
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


def _meet(x: Intervals, y: Intervals) -> Intervals:
    return _merge((max(a, c), min(b, d)) for a, b in x for c, d in y)


def _minus(x: Intervals, y: Intervals) -> Intervals:
    out = x
    for c, d in _merge(y):
        out = _merge(s for a, b in out for s in ((a, min(b, c)), (max(a, d), b)))
    return out


def _days(x: Intervals) -> int:
    return sum(b - a for a, b in x)


def _day(text: str | None, default: int) -> int:
    return dt.date.fromisoformat(str(text)[:10]).toordinal() if text else default


def _valid(start: str | None, end: str | None) -> tuple[int, int]:
    """The days from ``start`` through ``end`` inclusive; unknown ends are open."""
    return _day(start, NEVER), min(_day(end, FOREVER - 1) + 1, FOREVER)


def _span(x: Intervals) -> str:
    if not x:
        return ""
    first, last = (dt.date.fromordinal(d).isoformat() for d in (x[0][0], x[-1][1] - 1))
    return f"{first} to {last}" if len(x) == 1 else f"between {first} and {last}"


# ------------------------------------------------------------------ detector
def detect(store: GraphStore, *, as_of: dt.date) -> list[FlagCandidate]:
    """Flag every (foreigner, enterprise) pair with uncovered working days as of ``as_of``."""
    iso = as_of.isoformat()
    lodging: dict[tuple[str, str], dict[str, dict]] = defaultdict(dict)
    for query in (cypher.LODGING_BY_RUNNER, cypher.LODGING_AT_HEAD_OFFICE):
        for row in store.read(query, as_of=iso, not_work=NOT_WORKPLACE):
            lodging[(row["person_id"], row["enterprise_code"])].setdefault(row["ref"], row)
    pairs: dict[str, set[str]] = defaultdict(set)
    for pid, code in list(lodging) + [(r["person_id"], r["enterprise_code"])
                                      for r in store.read(cypher.WORK_SPONSORED, as_of=iso)]:
        pairs[pid].add(code)
    ids = sorted(pairs)
    flags: list[FlagCandidate] = []
    for start in range(0, len(ids), BATCH):
        for facts in store.read(cypher.PERSON_FACTS, person_ids=ids[start:start + BATCH],
                                as_of=iso, as_of_end=iso + "T99"):
            person = _Person(facts, as_of.toordinal() + 1)
            found = (person.judge(code, lodging.get((facts["person_id"], code), {}))
                     for code in sorted(pairs[facts["person_id"]]))
            flags.extend(flag for flag in found if flag)
    flags.sort(key=lambda f: (-f.score, f.flag_id))
    return flags


class _Person:
    """One candidate's facts as intervals, judged against each enterprise in turn."""

    def __init__(self, facts: dict, end: int) -> None:
        self.facts, self.end = facts, end
        ends = [_day(d, FOREVER) for _, d in facts["exits"]]
        ends += [_day(a, NEVER) for _, a, _ in facts["stays"]]
        self.stays: dict[str, tuple[int, int]] = {}
        for ref, arrived, left in facts["stays"]:
            a = _day(arrived, NEVER)
            # An open stay lasts until as_of, the next exit or the next arrival elsewhere.
            self.stays[ref] = (a, min(_day(left, end), end) if left
                               else min([end] + [d for d in ends if d > a]))
        self.presence = _merge(self.stays.values())

    def _permit(self, row) -> tuple[int, int, int | None]:
        """(valid from, valid until exclusive, revoked from or None) of a permit row."""
        _, _, status, _, vf, vt, revoked, _ = row
        a, b = _valid(vf, vt)
        rv = _day(revoked, FOREVER) if revoked else None
        if status == "REVOKED" and not revoked:
            rv = a  # revoked on a date the feed does not give: it cannot be relied on
        return a, b, rv if rv is None or rv < self.end else None  # after as_of: not known yet

    def judge(self, code: str, lodging_rows: dict[str, dict]) -> FlagCandidate | None:
        signals: list[Signal] = []
        working = self._working(code, lodging_rows, signals)
        if not working:
            return None
        f, spans = self.facts, {p[0]: self._permit(p) for p in self.facts["permits"]}
        own = [p for p in f["permits"] if p[3] == code]
        others = [p for p in f["permits"] if p[3] and p[3] != code]

        def covered(permits) -> Intervals:
            return _merge((a, b if rv is None else min(b, rv))
                          for a, b, rv in (spans[p[0]] for p in permits))

        cover = _merge(covered(own) + self._stakes(code))
        uncovered = _minus(working, cover)
        revoked_from = min((spans[p[0]][2] for p in own if spans[p[0]][2] is not None),
                           default=FOREVER)
        expired_from = min((spans[p[0]][1] for p in own), default=FOREVER)
        # Each uncovered day gets the first reason that applies, in this order.
        days = {"PERMIT_REVOKED": _meet(uncovered, [(revoked_from, FOREVER)])}
        rest = _minus(uncovered, days["PERMIT_REVOKED"])
        days["PERMIT_EXPIRED"] = _meet(rest, [(expired_from, FOREVER)])
        rest = _minus(rest, days["PERMIT_EXPIRED"])
        days["OTHER_EMPLOYER"] = _meet(rest, covered(others))
        days["NO_PERMIT"] = _minus(rest, covered(others))
        days["PURPOSE_MISMATCH"], no_doc = self._purpose(working, cover)
        reasons = [r for r in REASONS if _days(days[r]) >= MIN_REASON_DAYS]
        if not reasons:
            return None
        for reason in reasons:
            docs = [d for d in f["documents"] if _meet([_valid(d[3], d[4])], days[reason])]
            records = {"PERMIT_EXPIRED": own, "PERMIT_REVOKED": own, "OTHER_EMPLOYER": others,
                       "PURPOSE_MISMATCH": docs}.get(reason, [])
            symbols = ", ".join(sorted({d[2] or d[1] or "?" for d in docs}))
            signals.append(self._signal(reason, days[reason], [r[0] for r in records],
                                        code=code, symbols=symbols))
        if _days(uncovered) > LONG_UNCOVERED_DAYS:
            signals.append(self._signal("LONG_UNCOVERED", uncovered, []))
        if _days(no_doc) >= MIN_REASON_DAYS:
            signals.append(self._signal("NO_RESIDENCE_DOCUMENT", no_doc, []))
        passports = tuple(f["passport_nos"] or ())
        worker = FlagPerson(f["person_id"], "worker", passports, tuple(f["id_nos"] or ()),
                            tuple(f["records"] or ()))
        nodes = [f"Person:{f['person_id']}", f"Enterprise:{code}"] + sorted(
            {f"Establishment:{r['establishment_key']}" for r in lodging_rows.values()})
        return FlagCandidate(
            KIND, {"passport_no": passports[0] if passports else None, "enterprise_code": code},
            signals, persons=[worker], enterprises=[code], reasons=reasons,
            evidence_nodes=nodes, rule_version=RULE_VERSION)

    def _working(self, code: str, lodging_rows: dict[str, dict],
                 signals: list[Signal]) -> Intervals:
        """The days the person evidently worked for the enterprise; adds the signals why."""
        f = self.facts
        lodged = _merge(self.stays[ref] for ref in lodging_rows if ref in self.stays)
        working: Intervals = []
        if _days(lodged) > WORK_NIGHTS:
            working = lodged
            places = "; ".join(sorted({r["place"] or "?" for r in lodging_rows.values()}))
            signals.append(self._signal("WORKPLACE_STAY", lodged, sorted(lodging_rows),
                                        places=places))
        mine = [d for d in f["documents"] if d[5] == code]
        work_docs = [d for d in mine if (d[2] or "").startswith("LD")]
        sponsored = _meet(_merge(_valid(d[3], d[4]) for d in work_docs), self.presence)
        applications = [s for s in f["sponsorships"] if s[4] == code]
        if _days(sponsored) > WORK_NIGHTS:
            working = _merge(working + sponsored)
            signals.append(self._signal("WORK_SPONSORSHIP", sponsored, [d[0] for d in work_docs]
                                        + [s[0] for s in applications], code=code))
        if working and (mine or applications) and not work_docs:
            symbols = {d[2] for d in mine if d[2]} | {s[1] for s in applications if s[1]}
            signals.append(self._signal("SPONSORED_BY_EMPLOYER", [],
                                        [d[0] for d in mine + applications], code=code,
                                        symbols=", ".join(sorted(symbols)) or "none"))
        return working

    def _stakes(self, code: str) -> Intervals:
        """Days an ownership stake of at least VND 3 bn in the enterprise exempts the person."""
        def amount(capital, share, charter) -> float:
            return capital if capital is not None else (share or 0) * (charter or 0) / 100

        return _merge(_valid(since, until) for _, parent, capital, share, charter, since, until
                      in self.facts["stakes"]
                      if parent == code and amount(capital, share, charter) >= OWNER_EXEMPT_VND)

    def _purpose(self, working: Intervals, cover: Intervals) -> tuple[Intervals, Intervals]:
        """(days on a purpose that does not allow work, days with no document at all)."""
        docs = [(_valid(vf, vt), kind, symbol)
                for _, kind, symbol, vf, vt, _ in self.facts["documents"]]
        any_doc = [span for span, _, _ in docs]
        # No symbol: unknown, unless it is a visa exemption or an e-visa (never for work).
        allowed = [span for span, kind, symbol in docs if purpose_allows_work(symbol) is not False
                   and (symbol or kind not in ("EXEMPT", "EVISA"))]
        convertible = [span for span, kind, symbol in docs
                       if kind == "EVISA" or symbol in ("EV", "TT")]
        wrong = _minus(_meet(working, any_doc), allowed)
        counted = _merge(_minus(wrong, cover) + _minus(_meet(wrong, cover), convertible))
        return counted, _minus(working, any_doc)

    def _signal(self, signal: str, days: Intervals, records, **figures) -> Signal:
        """A signal from the table, its sentence filled in, its rows with the stays of ``days``."""
        rule = WEIGHTS[signal]
        text = rule.says.format(days=_days(days), span=_span(days), **figures)
        stays = sorted(ref for ref, span in self.stays.items() if _meet([span], days))
        return Signal(signal, rule.weight, text, rule.rule,
                      tuple(dict.fromkeys([*records, *stays])))
