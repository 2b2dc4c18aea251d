"""Person search ranks from the names its terms carry and never trusts them."""

from __future__ import annotations

from api.explore import search
from tests.ingest.resolve.test_service import person_of

QUERIES = ["wang xiaoming", "VĂN", "Minh hoang van", "nguyen thi lan", "LI NA", "e1234-5678",
           "020190001234", "thi"]


def everything(store, index=None, queries=QUERIES) -> dict[str, list]:
    """Every page of each query, two people a page; ``index``: the API's term index."""
    out = {}
    for q in queries:
        items, cursor, pages = [], None, 0
        while pages == 0 or cursor:
            page, cursor = search(store, q=q, type="person", limit=2, cursor=cursor,
                                  index=index)
            items += page
            pages += 1
        out[q] = items
    return out


def test_the_terms_names_give_what_the_people_give(resolved):
    found = everything(resolved)
    assert all(found.values()) and len(found["VĂN"]) > 2

    # A run killed between writing a person's terms for a new name and the
    # person: wherever her terms rank her, the people's own names decide.
    # (Searched by the name she still has, she ranks by the new one until
    # resolution rewrites her.)
    li_na = person_of(resolved, "marriages:HN22#foreigner")
    resolved.write("MATCH (x:PersonTerm {person_id: $p}) SET x.name = 'van'", p=li_na)
    resolved.write("CREATE (:PersonTerm {key: 'van ' + $p, person_id: $p, name: 'van'})",
                   p=li_na)
    misnamed = everything(resolved)
    assert misnamed.pop("LI NA") != found["LI NA"]
    assert misnamed == {q: items for q, items in found.items() if q != "LI NA"}
    resolved.write("MATCH (x:PersonTerm) REMOVE x.name")
    assert everything(resolved) == found


def test_a_term_of_no_person_finds_nobody(resolved):
    resolved.write("CREATE (:PersonTerm {key: 'wang p_gone', person_id: 'p_gone', "
                   "name: 'wang xiaoming'})")
    items, _ = search(resolved, q="wang xiaoming", type="person", limit=20, cursor=None)
    assert items and "p_gone" not in {i["key"] for i in items}
