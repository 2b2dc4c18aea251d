"""Nominee ("núp bóng") investment: Vietnamese fronts for foreign control.

An enterprise is a candidate when, as of the date asked, its owner, a member
or shareholder with more than half the capital, or its legal representative
is a Vietnamese citizen; it declares no foreign owner and no foreign capital
(an openly foreign-owned enterprise hides nothing); and it sponsors, employs
or houses foreigners. Each tie between the Vietnamese principal (or the
enterprise itself) and one of those foreigners is a signal from
:data:`WEIGHTS`; signals combine by noisy-OR (:mod:`analysis.scoring`) and a
flag is emitted at :data:`EMIT_THRESHOLD`. Every weight is below the
threshold, so no single tie raises a flag: a Vietnamese owner married to a
foreigner her company employs, or a foreign manager living at the office,
may be innocent; two independent ties are a lead.

The foreigners named by the signals are the suspected controllers; the
principals named by them (else the owners) are the nominees. Unknown
foreign capital is never read as zero.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import NamedTuple

from analysis import nominee_cypher as q
from analysis.model import FlagCandidate, FlagPerson, Signal
from graph.store import GraphStore

__all__ = ["detect", "WEIGHTS", "EMIT_THRESHOLD", "RULE_VERSION", "KIND"]

KIND = "nominee_investment"
RULE_VERSION = "nominee-2026.1"

_BO = "Enterprise Law 2020 as amended 2025; Decree 168/2025 art. 17-18 (beneficial owners)"
_INV = "Investment Law 2020 art. 26 (foreign investors' registration)"


class Weight(NamedTuple):
    weight: float
    rule: str
    text: str


#: One row per signal: weight in the noisy-OR, the rule it reflects, and why.
WEIGHTS: dict[str, Weight] = {
    "SPOUSE": Weight(0.45, _BO, "The registered principal is married to a foreigner the "
                     "enterprise sponsors or employs; spouses standing in for a foreign partner "
                     "is the most reported nominee pattern."),
    "EMPLOYEE": Weight(0.45, _BO, "The registered principal is an officer of a firm that the "
                       "foreigner owns or represents: an employee fronting for the employer."),
    "HOST": Weight(0.35, _BO + "; Law 47/2014 as amended art. 33", "The principal's household "
                   "declares the foreigner as a guest: a close personal tie behind the shares."),
    "SERIAL_NOMINEE": Weight(0.35, _BO, "One citizen heads three or more enterprises that all "
                             "sponsor foreigners, as serial nominees do."),
    "FOREIGN_MANAGER_ZERO_CAPITAL": Weight(0.35, _INV, "The enterprise declares 0 % foreign "
                                           "capital while a foreigner manages it."),
    "SHARED_PHONE": Weight(0.3, _BO, "The enterprise's registered phone is the foreigner's own."),
    "SHARED_EMAIL": Weight(0.3, _BO, "The enterprise's e-mail is that of a firm the foreigner "
                           "owns or represents."),
    "SHARED_ADDRESS": Weight(0.3, _BO + "; Law 47/2014 as amended art. 14, 45 (sponsors)",
                             "The foreigner lives at the head office (not in a declared "
                             "workers' dormitory)."),
}

#: Flags at or above this score are emitted: any two signals, never one alone.
EMIT_THRESHOLD = 0.5

_OWNER_ROLES = {"OWNER", "MEMBER", "SHAREHOLDER"}
_OFFICER_ROLES = {"DIRECTOR", "CHIEF_ACCOUNTANT", "LEGAL_REP"}
_MANAGING = {"MANAGER", "EXECUTIVE"}
_SERIAL_MIN = 3
_BATCH = 1000


class _Hit(NamedTuple):
    code: str                          # signal code
    text: str
    refs: tuple[str, ...]
    nominee: str | None = None         # person ids
    controller: str | None = None


def detect(store: GraphStore, *, as_of: dt.date) -> list[FlagCandidate]:
    """Nominee-investment flags as of ``as_of``, highest score first."""
    day = as_of.isoformat()
    facts = _Facts(store, day)
    flags = []
    for code in sorted(facts.candidates):
        hits = _hits(facts, code)
        candidate = _flag(facts, code, hits)
        if candidate is not None and candidate.score >= EMIT_THRESHOLD:
            flags.append(candidate)
    return sorted(flags, key=lambda f: (-f.score, f.subject["enterprise_code"]))


def _read(store: GraphStore, query: str, key: str, values: list[str], **params) -> list[dict]:
    rows: list[dict] = []
    for start in range(0, len(values), _BATCH):
        batch = {key: values[start:start + _BATCH]}
        rows += store.read(query, **batch, **params)  # type: ignore[arg-type]  # from nominee_cypher
    return rows


class _Facts:
    """Everything the signals need, read once per run (see nominee_cypher)."""

    def __init__(self, store: GraphStore, day: str) -> None:
        roles = store.read(q.ROLES, as_of=day)
        self.current = [r for r in roles if not r["until"] or r["until"] >= day]
        codes = sorted({r["code"] for r in roles})
        self.info = {r["code"]: r for r in _read(store, q.ENTERPRISES, "codes", codes)}
        self.principals: dict[str, dict[str, dict]] = defaultdict(dict)  # code -> pid -> role row
        open_foreign = {c for c, e in self.info.items() if (e["foreign_pct"] or 0) > 0}
        self.foreign_officers: dict[str, dict[str, str]] = defaultdict(dict)  # code -> pid -> ref
        for r in self.current:
            if r["role"] in _OWNER_ROLES and r["kind"] != "vietnamese":
                open_foreign.add(r["code"])
            if r["role"] in ("DIRECTOR", "LEGAL_REP") and r["kind"] != "vietnamese":
                self.foreign_officers[r["code"]].setdefault(r["person_id"], r["ref"])
            if r["kind"] == "vietnamese" and _is_principal(r):
                self.principals[r["code"]].setdefault(r["person_id"], r)
        maybe = sorted(set(self.principals) - open_foreign)
        self.ties: dict[str, dict[str, list[dict]]] = defaultdict(lambda: defaultdict(list))
        for row in _read(store, q.TIES, "codes", maybe, as_of=day) + _read(
                store, q.HOUSED, "codes", maybe, as_of=day):
            self.ties[row["code"]][row["person_id"]].append(row)
        for c in maybe:  # a foreign director or legal representative works for the enterprise
            for pid, ref in self.foreign_officers[c].items():
                self.ties[c][pid].append({"ref": ref, "how": "officer", "position": None})
        self.candidates = {c for c in maybe if self.ties.get(c)}
        cand = sorted(self.candidates)
        self.phones = _group(_read(store, q.PHONE_SHARERS, "codes", cand))
        self.homes = _group(_read(store, q.ADDRESS_RESIDENTS, "codes", cand, as_of=day)
                            + _read(store, q.ADDRESS_STAYS, "codes", cand, as_of=day))
        vn = sorted({p for c in cand for p in self.principals[c]})
        self.spouses = _pairs(_read(store, q.MARRIAGES, "ids", vn, as_of=day))
        self.guests = _pairs(_read(store, q.HOSTED, "ids", vn, as_of=day))
        # who controls or works where, roles started by as_of (a past job is still a tie)
        self.controls: dict[str, dict[str, str]] = defaultdict(dict)   # foreigner -> code -> ref
        self.officer: dict[str, dict[str, dict]] = defaultdict(dict)   # person -> code -> role
        for r in roles:
            if r["kind"] != "vietnamese" and r["role"] in _OWNER_ROLES | {"LEGAL_REP"}:
                self.controls[r["person_id"]].setdefault(r["code"], r["ref"])
            if r["role"] in _OFFICER_ROLES:
                self.officer[r["person_id"]].setdefault(r["code"], r)
        self.fronts: dict[str, list[str]] = defaultdict(list)  # principal -> candidate codes
        for c in cand:
            for pid in self.principals[c]:
                self.fronts[pid].append(c)
        named = set(vn) | {f for c in cand for f in self.ties[c]}
        named |= {f for rows in self.phones.values() for f in rows}
        named |= {f for rows in self.homes.values() for f in rows}
        self.persons = {r["person_id"]: r for r in _read(store, q.PERSONS, "ids", sorted(named))}

    def name(self, pid: str) -> str:
        p = self.persons.get(pid) or {}
        ident = (p.get("passport_nos") or p.get("id_nos") or ["?"])[0]
        return f"{p.get('full_name') or pid} ({ident})"


def _is_principal(r: dict) -> bool:
    if r["role"] in ("OWNER", "LEGAL_REP"):
        return True
    return r["role"] in ("MEMBER", "SHAREHOLDER") and (r["share"] or 0) > 50


def _group(rows: list[dict]) -> dict[str, dict[str, list[dict]]]:
    out: dict[str, dict[str, list[dict]]] = defaultdict(lambda: defaultdict(list))
    for row in rows:
        out[row["code"]][row["person_id"]].append(row)
    return out


def _pairs(rows: list[dict]) -> dict[str, dict[str, list[str]]]:
    out: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for row in rows:
        out[row["person_id"]][row["other_id"]].append(row["ref"])
    return out


_ROLE_NAMES = {"LEGAL_REP": "legal representative", "OWNER": "owner", "DIRECTOR": "director",
               "CHIEF_ACCOUNTANT": "chief accountant"}


def _role_text(r: dict) -> str:
    if r["role"] in _ROLE_NAMES:
        return _ROLE_NAMES[r["role"]]
    share = f" with {r['share']:g} %" if r["share"] is not None else ""
    return f"{r['role'].lower()}{share}"


def _hits(f: _Facts, code: str) -> list[_Hit]:
    """Every signal instance for one candidate enterprise, in a stable order."""
    info, ties, hits = f.info.get(code) or {}, f.ties[code], []
    tie_ref = {pid: sorted(r["ref"] for r in rows)[0] for pid, rows in ties.items()}
    for n, role in sorted(f.principals[code].items()):
        who = f"{_role_text(role).capitalize()} {f.name(n)}"
        for fid in sorted(set(f.spouses[n]) & set(ties)):
            hits.append(_Hit("SPOUSE", f"{who} is married to {f.name(fid)}, whom the enterprise "
                             "sponsors or employs", (role["ref"], *f.spouses[n][fid], tie_ref[fid]),
                             n, fid))
        for fid in sorted(set(f.guests[n]) & set(ties)):
            stays = sorted(f.guests[n][fid])
            hits.append(_Hit("HOST", f"The household of {who[0].lower()}{who[1:]} declared "
                             f"{f.name(fid)}, whom the enterprise sponsors or employs, "
                             f"{len(stays)} time(s)",
                             (role["ref"], *stays[:5], tie_ref[fid]), n, fid))
        for fid in sorted(ties):
            for other, ctl_ref in sorted(f.controls.get(fid, {}).items()):
                job = f.officer.get(n, {}).get(other)
                if other != code and job:
                    hits.append(_Hit("EMPLOYEE", f"{who} is {_role_text(job)} of enterprise "
                                     f"{other}, which {f.name(fid)} owns or represents",
                                     (role["ref"], job["ref"], ctl_ref, tie_ref[fid]), n, fid))
        if len(f.fronts[n]) >= _SERIAL_MIN:
            others = sorted(f.fronts[n])
            hits.append(_Hit("SERIAL_NOMINEE", f"{who} heads {len(others)} enterprises that "
                             f"sponsor foreigners: {', '.join(others)}",
                             tuple(sorted({f.principals[c][n]["ref"] for c in others})), n))
    for fid, rows in sorted(f.phones[code].items()):
        hits.append(_Hit("SHARED_PHONE", f"The enterprise's phone {rows[0]['phone']} is on "
                         f"{f.name(fid)}'s own records", (rows[0]["registration_ref"],
                         *sorted(r["ref"] for r in rows)[:5]), controller=fid))
    email = info.get("email")
    for fid in sorted(ties):
        for other, ctl_ref in sorted(f.controls.get(fid, {}).items()):
            other_info = f.info.get(other) or {}
            if other != code and email and other_info.get("email") == email:
                hits.append(_Hit("SHARED_EMAIL", f"The enterprise's e-mail {email} is that of "
                                 f"enterprise {other}, which {f.name(fid)} owns or represents",
                                 (info.get("registration_ref"), other_info.get("registration_ref"),
                                  ctl_ref, tie_ref[fid]), controller=fid))
    for fid, rows in sorted(f.homes[code].items()):
        lived = [r for r in rows if not r["dormitory"] and r["kind"] != "ENTERPRISE_DORMITORY"]
        if lived:
            hits.append(_Hit("SHARED_ADDRESS", f"{f.name(fid)} lives at the head office "
                             f"({len(lived)} record(s))", (info.get("registration_ref"),
                             *sorted(r["ref"] for r in lived)[:5]), controller=fid))
    if info.get("foreign_pct") == 0:  # zero, not unknown
        officers = f.foreign_officers[code]
        for fid in sorted(set(ties) | set(officers)):
            managing = sorted(r["ref"] for r in ties.get(fid, []) if r["position"] in _MANAGING)
            managing += [officers[fid]] if fid in officers else []
            if managing:
                hits.append(_Hit("FOREIGN_MANAGER_ZERO_CAPITAL", "The enterprise declares 0 % "
                                 f"foreign capital while {f.name(fid)} manages it (a manager's "
                                 "or executive's permit, or registered as director)",
                                 (info.get("registration_ref"), *managing[:3]), controller=fid))
    return hits


def _flag(f: _Facts, code: str, hits: list[_Hit]) -> FlagCandidate | None:
    if not hits:
        return None
    signals = []
    for sig in sorted({h.code for h in hits}, key=list(WEIGHTS).index):
        mine = [h for h in hits if h.code == sig]
        text = mine[0].text + (f"; and {len(mine) - 1} more" if len(mine) > 1 else "")
        refs = tuple(sorted({r for h in mine for r in h.refs if r}))
        signals.append(Signal(sig, WEIGHTS[sig].weight, text, WEIGHTS[sig].rule, refs))
    controllers = {h.controller for h in hits if h.controller}
    nominees = {h.nominee for h in hits if h.nominee}
    if not controllers:  # only SERIAL: the foreigners two or more of the fronts sponsor
        for n in nominees:
            counts: dict[str, int] = defaultdict(int)
            for c in f.fronts[n]:
                for fid in f.ties[c]:
                    counts[fid] += 1
            controllers |= {fid for fid, k in counts.items() if k >= 2 and fid in f.ties[code]}
    if not nominees:
        owners = {p for p, r in f.principals[code].items() if r["role"] != "LEGAL_REP"}
        nominees = owners or set(f.principals[code])
    refs_of: dict[str, set[str]] = defaultdict(set)
    for h in hits:
        for pid in (h.nominee, h.controller):
            if pid:
                refs_of[pid].update(h.refs)
    for n in nominees:
        refs_of[n].add(f.principals[code][n]["ref"])
    persons = [_person(f, pid, "nominee", refs_of[pid]) for pid in sorted(nominees)]
    for pid in controllers:
        refs_of[pid] |= {r["ref"] for r in f.ties[code].get(pid, [])}
    persons += [_person(f, pid, "controller", refs_of[pid]) for pid in sorted(controllers)]
    evidence = {f"Enterprise:{code}"} | {f"Person:{p.person_id}" for p in persons}
    return FlagCandidate(KIND, {"enterprise_code": code}, signals, persons, [code],
                         [s.code for s in signals], sorted(evidence), RULE_VERSION)


def _person(f: _Facts, pid: str, role: str, refs: set[str]) -> FlagPerson:
    """The person as the flag names them: identifiers, and the evidence rows that name them."""
    p = f.persons.get(pid) or {}
    return FlagPerson(pid, role, tuple(p.get("passport_nos") or ()), tuple(p.get("id_nos") or ()),
                      tuple(sorted(refs & set(p.get("records") or ()))))
