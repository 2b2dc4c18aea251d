"""Blocking and clustering on hand-made mentions: the merges that must and must not happen."""

from __future__ import annotations

from ingest.resolve.blocking import BlockStats, blocking_keys, build_blocks, candidate_pairs
from ingest.resolve.cluster import Facts, Split, UnionFind, conflict, exact_groups
from ingest.resolve.resolver import resolve_mentions
from ingest.resolve.thresholds import Thresholds
from tests.ingest.resolve.helpers import groups, mention, p

CHN = dict(nationality="CHN")
VNM = dict(nationality="VNM")


# ------------------------------------------------------------------ blocking
def test_variants_and_swapped_dates_share_a_block():
    assert set(blocking_keys(p("WANG XIAOMING"))) & set(blocking_keys(p("XIAO MING WANG")))
    assert set(blocking_keys(p("Huỳnh Văn An"))) & set(blocking_keys(p("HOANG VAN AN")))
    a, b = p("ZHANG XIAOMING", dob="1985-03-02"), p("ZHANG XIAONING", dob="1985-02-03")
    assert set(blocking_keys(a)) & set(blocking_keys(b))


def _namesakes(n: int) -> list:
    """``n`` people of one name, nationality and birth year: one huge block."""
    return [p("NGUYEN VAN HUNG", nationality="VNM", id_no=f"0200900{i:05d}") for i in range(n)]


def _count_pairs(profiles, cap=64, window=8) -> tuple[int, BlockStats]:
    stats = BlockStats()
    pairs = candidate_pairs(build_blocks(profiles), roots=list(range(len(profiles))),
                            sub_key=lambda i: (profiles[i].nationality, profiles[i].year),
                            sort_key=lambda i: (profiles[i].letters, profiles[i].dob or ""),
                            cap=cap, window=window, stats=stats)
    return sum(1 for _ in pairs), stats


def test_a_huge_common_name_block_does_not_go_quadratic():
    small, _ = _count_pairs(_namesakes(1000))
    big, stats = _count_pairs(_namesakes(4000))
    assert stats.oversized == 1
    assert big <= 4000 * 8  # each profile meets its next `window` neighbours at most
    assert 3.5 < big / small < 4.5  # 4x the rows, 4x the pairs (all-pairs would be 16x)
    assert _count_pairs(_namesakes(60))[0] == 60 * 59 // 2  # under the cap: every pair


def test_pairs_within_one_person_so_far_are_skipped():
    profiles = [p("LI NA"), p("LI NA"), p("LI NA")]
    pairs = list(candidate_pairs(build_blocks(profiles), roots=[0, 0, 2],
                                 sub_key=lambda i: None, sort_key=lambda i: i, cap=10, window=2))
    assert pairs == [(0, 2), (1, 2)]


# ------------------------------------------------------------------ exact keys
def test_union_find():
    uf = UnionFind(5)
    uf.union(3, 4), uf.union(1, 3)
    assert uf.find(4) == 1 and uf.find(0) == 0


def test_exact_keys_and_a_passport_without_nationality():
    ms = sorted([
        mention("R1", "WANG XIAOMING", passport="E12345678", **CHN),
        mention("A17", "XIAO MING WANG", feed="sponsorships", passport="E12345678", **CHN),
        mention("P1", "WANG XIAOMING", feed="enterprise_people", passport="E12345678"),
        mention("M1", "Hoàng Văn Minh", feed="marriages", role="citizen", id_no="020190001234"),
        mention("EP1", "HOANG VAN MINH", feed="enterprise_people", id_no="020190001234"),
    ])
    uf, refused = exact_groups(ms)
    roots = {m.ref: uf.find(i) for i, m in enumerate(ms)}
    assert refused == 0
    assert roots["foreigners:R1"] == roots["sponsorships:A17"] == roots["enterprise_people:P1"]
    assert roots["marriages:M1"] == roots["enterprise_people:EP1"] != roots["foreigners:R1"]


def test_a_passport_number_held_in_two_nationalities_stays_ambiguous():
    ms = sorted([mention("R1", "A B", passport="X1234567", **CHN),
                 mention("R2", "C D", passport="X1234567", nationality="KOR"),
                 mention("A1", "A B", feed="sponsorships", passport="X1234567")])
    uf, _ = exact_groups(ms)
    assert len({uf.find(i) for i in range(3)}) == 3


# ------------------------------------------------------------------ conflicts
def _facts(*ms, sides=None):
    facts = Facts()
    for m in ms:
        facts.add_mention(m, (sides or {}).get(m.mention_id, ()))
    return facts


def test_what_cannot_be_one_person():
    a = _facts(mention("1", "X", id_no="020090279855", dob="1990-06-19"))
    assert conflict(a, _facts(mention("2", "X", id_no="020090279856"))) == "different_cccd"
    assert conflict(a, _facts(mention("3", "X", id_no="081234567"))) is None  # CMND
    assert conflict(a, _facts(mention("4", "X", dob="1990-06-19"))) is None
    assert conflict(a, _facts(mention("5", "X", dob="1990-19-06"[:5] + "06-19"))) is None
    assert conflict(a, _facts(mention("6", "X", dob="1990-07-19"))) == "different_date_of_birth"
    swapped = _facts(mention("7", "X", dob="1985-03-02"))
    assert conflict(swapped, _facts(mention("8", "X", dob="1985-02-03"))) is None
    year = _facts(mention("9", "X", id_no="020090279855"))
    assert conflict(year, _facts(mention("10", "X", dob="1991-01-01"))) == "cccd_birth_year"
    renewal = _facts(mention("11", "X", passport="E1", sex="M", **CHN))
    assert conflict(renewal, _facts(mention("12", "X", passport="E2", sex="M", **CHN))) is None
    assert (conflict(renewal, _facts(mention("13", "X", passport="E2", sex="F", **CHN)))
            == "different_sex_and_passport")


# ------------------------------------------------------------------ whole runs
def test_two_nguyen_van_hung_born_1990_stay_apart():
    people = groups([
        mention("EP1", "Nguyễn Văn Hùng", feed="enterprise_people", dob="1990-04-02", **VNM),
        mention("EP2", "NGUYEN VAN HUNG", feed="enterprise_people", dob="1990-04-02", **VNM),
        mention("M1", "Nguyễn Văn Hùng", feed="marriages", role="citizen", dob="1990-11-23",
                id_no="020090111111", **VNM),
        mention("KB1", "Nguyen Van Hung", feed="residence_declarations", role="host",
                id_no="020090222222", **VNM),
    ])
    assert people == [{"enterprise_people:EP1", "enterprise_people:EP2"}, {"marriages:M1"},
                      {"residence_declarations:KB1"}]


def test_name_variants_with_a_birth_date_merge():
    people = groups([
        mention("R1", "WANG XIAOMING", passport="E12345678", dob="1985-03-02",
                phone="+8613912345678", **CHN),
        mention("KB1", "XIAO MING WANG", feed="residence_declarations", role="guest",
                dob="1985-03-02", **CHN),
        # day and month swapped: weak alone, enough with the same phone
        mention("EV1", "WANG XIAO MING", feed="border_events", dob="1985-02-03",
                phone="+8613912345678", **CHN),
        mention("R2", "KIM MINJUN", passport="M12345678", dob="1979-10-01", nationality="KOR"),
        mention("EV2", "MIN JUN KIM", feed="border_events", dob="1979-10-01", nationality="KOR"),
        mention("EP1", "Đặng Văn Đức", feed="enterprise_people", dob="1970-05-06", **VNM),
        mention("M1", "DANG VAN DUC", feed="marriages", role="citizen", dob="1970-05-06", **VNM),
    ])
    assert people == [
        {"border_events:EV1", "foreigners:R1", "residence_declarations:KB1"},
        {"border_events:EV2", "foreigners:R2"},
        {"enterprise_people:EP1", "marriages:M1"},
    ]


def test_a_renewed_passport_joins_but_a_namesake_does_not():
    people = groups([
        mention("R1", "LIU YANG", passport="E11111111", dob="1980-01-15", sex="M", **CHN),
        mention("R2", "LIU YANG", passport="E22222222", dob="1980-01-15", sex="M", **CHN),
        mention("R3", "LIU YANG", passport="E33333333", dob="1980-07-30", sex="M", **CHN),
    ])
    assert people == [{"foreigners:R1", "foreigners:R2"}, {"foreigners:R3"}]


def test_a_transitive_chain_does_not_over_merge():
    # B agrees with A (name, birth date) and with C (name, birth date, phone);
    # A and C hold two different CCCDs, so only one of the merges can stand.
    phone = "+84912345678"
    people = groups([
        mention("A", "Nông Văn Hùng", feed="marriages", role="citizen", dob="1985-03-02",
                id_no="020085000001", **VNM),
        mention("B", "NONG VAN HUNG", feed="enterprise_people", dob="1985-03-02", phone=phone,
                **VNM),
        mention("C", "Nông Văn Hùng", feed="border_events", dob="1985-03-02", phone=phone,
                id_no="020085000002", **VNM),
    ])
    assert len(people) == 2
    assert {"border_events:C", "enterprise_people:B"} in people  # the stronger pair wins


def test_a_reviewer_split_beats_even_a_shared_passport():
    ms = [mention("R1", "LI NA", passport="E22223333", dob="1990-01-01", **CHN),
          mention("R2", "LI NA", passport="E22223333", dob="1990-01-01", **CHN),
          mention("R3", "LI NA", dob="1990-01-01", feed="border_events", **CHN)]
    split = Split("s_1", frozenset({"foreigners:R2#subject"}),
                  frozenset({"foreigners:R1#subject", "border_events:R3#subject"}))
    assert groups(ms) == [{"border_events:R3", "foreigners:R1", "foreigners:R2"}]
    assert groups(ms, splits=[split]) == [{"border_events:R3", "foreigners:R1"},
                                          {"foreigners:R2"}]


def test_person_ids_are_stable_and_follow_the_anchor():
    ms = [mention("R1", "WANG XIAOMING", passport="E12345678", dob="1985-03-02", **CHN),
          mention("KB1", "XIAO MING WANG", feed="residence_declarations", role="guest",
                  dob="1985-03-02", **CHN),
          mention("EV9", "ZHANG WEI", feed="border_events", **CHN)]
    first = resolve_mentions(sorted(ms)).clusters()
    again = resolve_mentions(list(reversed(sorted(ms)))).clusters()
    assert first == again
    assert all(pid.startswith("p_") and len(pid) == 18 for pid in first)


def test_links_say_how_each_mention_joined():
    ms = sorted([mention("R1", "WANG XIAOMING", passport="E12345678", dob="1985-03-02", **CHN),
                 mention("W1", "WANG XIAO MING", feed="work_permits", passport="E12345678", **CHN),
                 mention("KB1", "XIAO MING WANG", feed="residence_declarations", role="guest",
                         dob="1985-03-02", **CHN),
                 mention("EV9", "ZHANG WEI", feed="border_events", **CHN)])
    resolution = resolve_mentions(ms)
    links = {m.ref: resolution.links[i][0] for i, m in enumerate(resolution.mentions)}
    assert links == {"foreigners:R1": "exact", "work_permits:W1": "exact",
                     "residence_declarations:KB1": "probabilistic", "border_events:EV9": "single"}
    [edge] = resolution.edges
    assert {edge.mention_a, edge.mention_b} == {"foreigners:R1#subject",
                                                 "residence_declarations:KB1#guest"}
    assert edge.comparison.as_dict()["name"]["level"] == "reordered"


def test_person_properties_prefer_the_passport_spelling():
    ms = sorted([mention("R1", "WANG XIAOMING", passport="E12345678", dob="1985-03-02", **CHN),
                 mention("KB1", "XIAO MING WANG", feed="residence_declarations", role="guest",
                         passport="E12345678", **CHN),
                 mention("KB2", "XIAO MING WANG", feed="residence_declarations", role="guest",
                         passport="E12345678", **CHN)])
    resolution = resolve_mentions(ms)
    props = resolution.person_properties(0)
    assert props["full_name"] == "WANG XIAOMING" and props["kind"] == "foreigner"
    assert props["records"] == ["foreigners:R1", "residence_declarations:KB1",
                                "residence_declarations:KB2"]


def test_thresholds_come_from_the_environment():
    th = Thresholds.from_env({"LIENKET_RESOLVE_MATCH_BITS": "18", "LIENKET_RESOLVE_WINDOW": "4"})
    assert (th.match_bits, th.window, th.block_cap) == (18.0, 4, 64)
    assert Thresholds.from_env({}, match_bits=12).match_bits == 12
