"""The ground truth agrees with the data: planted cases are visible, look-alikes stay clean.

These checks re-derive each flag from the generated files using the truth's
own person records for identity (so they test the generator, not a
resolver): an independent reading of the rules in DOMAIN.md and the brief.
Run at ``small`` size, where every planted variant and look-alike occurs.
"""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import date, timedelta

import pytest

from gen_feed_reader import norm_passport, read_feed, ref_of
from ingest.generate import generate
from ingest.generate.feeds import FEEDS

AS_OF = date(2026, 11, 1)
WORK_SYMBOLS = ("LĐ", "LD", "ĐT", "DT", "NN")


def day(text) -> date | None:
    if text in ("", None):
        return None
    if isinstance(text, date):
        return text if not hasattr(text, "date") else text.date()
    text = str(text)
    if "/" in text:
        d, m, y = text.split("/")
        return date(int(y), int(m), int(d))
    return date.fromisoformat(text[:10])


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    out = tmp_path_factory.mktemp("small11")
    generate("small", 11, out)
    truth = json.loads((out / "ground_truth.json").read_text(encoding="utf-8"))
    bad = {(b["feed"], b["row"]) for b in truth["bad_rows"]}
    people = defaultdict(list)
    for p in truth["persons"]:
        for r in p["records"]:
            people[r].append(p["truth_id"])
    rows = {feed: [(r, people[ref_of(feed, r)]) for r in read_feed(out / spec.file_name, feed)
                   if (feed, r["_row"]) not in bad]
            for feed, spec in FEEDS.items()}
    kinds = {p["truth_id"]: p["kind"] for p in truth["persons"]}
    return truth, rows, kinds


def _phone(text) -> str:
    digits = "".join(c for c in str(text) if c.isdigit())
    return "0" + digits[2:] if digits.startswith("84") and len(digits) == 11 else digits


def _parent(code: str) -> str:
    return str(code).split("-")[0]


def _work_stays(rows, kinds):
    """(foreigner, enterprise) -> declared stays in its dormitory or at its head-office address."""
    codes = {_parent(r["enterprise_code"]) for r, _ in rows["enterprises"]}
    by_address = {r["address"]: _parent(r["enterprise_code"]) for r, _ in rows["enterprises"]}
    stays = defaultdict(list)
    for r, tids in rows["residence_declarations"]:
        if r["establishment_type"] in ("HOTEL", "GUESTHOUSE"):
            continue
        code = _parent(r["establishment_code"]) if r["establishment_code"] else ""
        ent = code if code in codes else by_address.get(r["establishment_address"])
        if ent:
            guest = [t for t in tids if kinds[t] == "foreigner"][0]
            stays[(guest, ent)].append((day(r["arrived_on"]), day(r["left_on"]) or AS_OF))
    return {k: v for k, v in stays.items() if sum((b - a).days for a, b in v) > 30}


def _violations(rows, kinds) -> dict[tuple[str, str], set[str]]:
    permits, docs = defaultdict(list), defaultdict(list)
    for r, (tid,) in rows["work_permits"]:
        permits[tid].append((_parent(r["employer_code"]), day(r["valid_from"]), day(r["valid_to"]), day(r["revoked_on"])))
    for r, (tid,) in rows["foreigners"]:
        docs[tid].append((r["residence_doc_type"], r["residence_symbol"], day(r["valid_from"]), day(r["valid_to"])))
    found = {}
    for (tid, ent), periods in _work_stays(rows, kinds).items():
        reasons: set[str] = set()
        for a, b in periods:
            d = a
            while d < b:
                own = [p for p in permits[tid] if p[0] == ent]
                if not any(f <= d <= t and not (rv and rv <= d) for _, f, t, rv in own):
                    if any(rv and rv <= d for _, _, _, rv in own):
                        reasons.add("PERMIT_REVOKED")
                    elif any(t < d for _, _, t, _ in own):
                        reasons.add("PERMIT_EXPIRED")
                    elif any(f <= d <= t for e, f, t, _ in permits[tid] if e != ent):
                        reasons.add("OTHER_EMPLOYER")
                    else:
                        reasons.add("NO_PERMIT")
                valid = [(k, s) for k, s, f, t in docs[tid] if f <= d <= t]
                if not any(s.startswith(WORK_SYMBOLS) for _, s in valid):
                    reasons.add("PURPOSE_MISMATCH" if valid else "NO_RESIDENCE_DOCUMENT")
                d += timedelta(days=1)
        if reasons:
            found[(tid, ent)] = reasons
    return found


def test_unlicensed_employment_is_exactly_the_planted_pairs_with_their_reasons(world):
    truth, rows, kinds = world
    planted = {(f["truth_id"], f["enterprise_code"]): set(f["reasons"]) for f in truth["flags"]["unlicensed_employment"]}
    found = _violations(rows, kinds)
    assert set(found) == set(planted), (sorted(set(found) - set(planted))[:5], sorted(set(planted) - set(found))[:5])
    assert found == planted
    reasons = {r for rs in planted.values() for r in rs}
    assert reasons == {"NO_PERMIT", "PERMIT_EXPIRED", "PERMIT_REVOKED", "OTHER_EMPLOYER", "PURPOSE_MISMATCH"}


def test_branch_permits_and_expired_permit_after_leaving_exist_as_look_alikes(world):
    truth, rows, kinds = world
    assert any("-" in str(r["employer_code"]) for r, _ in rows["work_permits"])
    assert truth["lookalikes"]["unlicensed:permit_expired_after_leaving"] > 0
    assert any(r["status"] == "VALID" and day(r["valid_to"]) < AS_OF for r, _ in rows["work_permits"])


@pytest.fixture(scope="module")
def index(world):
    """Everything the nominee signals look at, indexed once."""
    truth, rows, kinds = world
    ix = {"owned": defaultdict(set), "owner_of": defaultdict(set), "officers": defaultdict(set),
          "sponsored": defaultdict(set), "couples": set(), "hosted": set(), "phones": defaultdict(set),
          "lived": defaultdict(set), "managers": defaultdict(set), "vn_owners": defaultdict(set)}
    for r, (tid,) in rows["enterprise_people"]:
        code = str(r["enterprise_code"])
        ix["officers"][code].add(tid)
        share = float(r["share_pct"]) if r["share_pct"] not in ("", None) else 0
        if r["role"] in ("OWNER", "LEGAL_REP") or share > 50:
            ix["owned"][tid].add(code)
            if kinds[tid] == "vietnamese":
                ix["vn_owners"][code].add(tid)
        if r["role"] == "OWNER":
            ix["owner_of"][tid].add(code)
    ix["ents"] = {str(r["enterprise_code"]): r for r, _ in rows["enterprises"]}
    for r, tids in rows["sponsorships"]:
        ix["sponsored"][_parent(r["sponsor_code"])] |= {t for t in tids if kinds[t] == "foreigner"}
    ix["couples"] = {frozenset(tids) for _, tids in rows["marriages"]}
    for r, tids in rows["residence_declarations"]:
        ix["hosted"].add(frozenset(tids))
        for t in tids:
            ix["lived"][t].add(r["establishment_address"])
    for r, (t,) in rows["foreigners"]:
        if r["phone"]:
            ix["phones"][t].add(_phone(r["phone"]))
    for r, (t,) in rows["work_permits"]:
        if r["position"] in ("MANAGER", "EXECUTIVE"):
            ix["managers"][_parent(r["employer_code"])].add(t)
    return ix


def _signals(ix, ent: str, foreigner: str, nominee: str) -> set[str]:
    """Which nominee signals the data shows between an enterprise, a foreigner it sponsors and a Vietnamese owner."""
    e, pair, found = ix["ents"][ent], frozenset((foreigner, nominee)), set()
    if pair in ix["couples"]:
        found.add("SPOUSE")
    if pair in ix["hosted"]:
        found.add("HOST")
    mine = ix["owner_of"][foreigner]
    if any(nominee in ix["officers"][c] for c in mine):
        found.add("EMPLOYEE")
    if _phone(e["phone"]) in ix["phones"][foreigner]:
        found.add("SHARED_PHONE")
    if e["email"] and any(ix["ents"][c]["email"] == e["email"] for c in mine if c in ix["ents"]):
        found.add("SHARED_EMAIL")
    if e["address"] in ix["lived"][foreigner]:
        found.add("SHARED_ADDRESS")
        if foreigner in ix["managers"][ent] and e["foreign_capital_pct"] in (0, 0.0, "0"):
            found.add("FOREIGN_MANAGER_ZERO_CAPITAL")
    if sum(1 for c in ix["owned"][nominee] if ix["sponsored"][c]) >= 3:
        found.add("SERIAL_NOMINEE")
    return found


def test_each_planted_front_shows_exactly_its_signals(world, index):
    truth, rows, kinds = world
    fronts = truth["flags"]["nominee_investment"]
    assert len(fronts) == 25
    assert {s for f in fronts for s in f["signals"]} == {"SPOUSE", "HOST", "EMPLOYEE", "SHARED_PHONE", "SHARED_EMAIL",
                                                         "SHARED_ADDRESS", "SERIAL_NOMINEE",
                                                         "FOREIGN_MANAGER_ZERO_CAPITAL"}
    for f in fronts:
        (controller,), (nominee,) = f["controllers"], f["nominees"]
        assert _signals(index, f["enterprise_code"], controller, nominee) == set(f["signals"]), f


def test_no_other_enterprise_shows_two_signals(world, index):
    """Look-alikes carry at most one signal between a foreigner it sponsors and a Vietnamese owner."""
    truth, rows, kinds = world
    fronts = {f["enterprise_code"] for f in truth["flags"]["nominee_investment"]}
    checked = 0
    for code, owners in index["vn_owners"].items():
        if code in fronts or index["ents"][code]["foreign_capital_pct"] not in (0, 0.0, "0", "", None):
            continue
        for foreigner in index["sponsored"][code]:
            for nominee in owners:
                checked += 1
                assert len(_signals(index, code, foreigner, nominee)) <= 1, (code, foreigner, nominee)
    assert checked > 50


def test_networks_recur_and_one_off_cases_do_not(world):
    truth, rows, kinds = world
    cases_of = defaultdict(set)
    roles = {}
    for r, (tid,) in rows["border_events"]:
        if r["event_type"] == "APPREHENDED":
            cases_of[tid].add(r["case_ref"])
            if r["role"] not in ("", "TRAVELLER"):
                roles[tid] = r["role"]
    members = set()
    for net in truth["flags"]["illegal_entry_network"]:
        assert 5 <= len(net["members"]) - len(net["facilitators"])
        for f in net["facilitators"]:
            assert roles[f["truth_id"]] == f["role"]
            if f["role"] in ("GUIDE", "DRIVER"):
                assert len(cases_of[f["truth_id"]]) >= 2, f
        members |= set(net["members"])
        net_cases = set().union(*(cases_of[m] for m in net["members"]))
        assert len(net_cases) >= 2
    outsiders = [t for t in roles if t not in members]
    assert outsiders, "expected one-off drivers outside any network"
    assert all(len(cases_of[t]) == 1 for t in outsiders)
    # legal tour groups cross together at gates, with passports, never apprehended
    groups = [r for r, _ in rows["border_events"] if r["group_ref"] and r["event_type"] in ("ENTRY", "EXIT")]
    assert groups and all(r["passport_no"] and r["border_point_kind"] != "TRAIL" for r in groups)


def test_identifier_variants_and_hard_negatives_are_present(world):
    truth, rows, kinds = world
    persons = truth["persons"]
    assert any(len(p["passport_nos"]) > 1 for p in persons), "some passports are renewed"
    assert any(len(p["id_nos"]) > 1 for p in persons), "some citizens appear with CCCD and CMND"
    key = defaultdict(list)
    for p in persons:
        key[(p["full_name"], p["date_of_birth"][:4], p["kind"])].append(p["truth_id"])
    clashes = [k for k, v in key.items() if len(v) > 1]
    assert any(kind == "foreigner" for _, _, kind in clashes)
    assert any(kind == "vietnamese" for _, _, kind in clashes)
    messy = [r["passport_no"] for r, _ in rows["residence_declarations"] if r["passport_no"] != norm_passport(r["passport_no"])]
    assert messy
