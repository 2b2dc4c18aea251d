"""One database with hostile names, one real server, one real headless browser.

The data is the sample feeds with a foreigner named ``<img src=x onerror=alert(1)>``,
an enterprise whose foreign name is markup, fourteen travellers through one
border point (so its neighbourhood is aggregated), and two flags saved through
the flags store: unlicensed employment of the hostile name (with markup in the
evidence text) and an illegal-entry network with a guide and a driver.
The browser is Debian's chromium driven by Playwright (``make test`` installs it).
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from analysis.flags_store import save_flags
from analysis.model import FlagCandidate, FlagPerson, Signal
from api.app import create_app
from api.keys import ROLES, create_key
from api.settings import ApiSettings
from graph.store import GraphStore
from tests.api.conftest import load_feeds, own_database, person_ids, serve
from tests.ingest.feedfiles import SAMPLE_ROWS

XSS_NAME = "<img src=x onerror=alert(1)>"
XSS_COMPANY = '"><svg onload=alert(3)>'
XSS_EVIDENCE = "<script>alert(2)</script> worked without a permit"
CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "build" / "test-artifacts" / "viz"
CROWD = 14  # travellers through one gate: more than viz.shape.AGGREGATE_FROM


@dataclass
class Site:
    url: str
    store: GraphStore
    keys: dict[str, str]
    persons: dict[str, str]
    employment_flag: str
    network_flag: str
    artifacts: Path = ARTIFACTS
    extra: dict = field(default_factory=dict)


def _rows() -> dict[str, list[dict[str, str]]]:
    rows = copy.deepcopy(SAMPLE_ROWS)
    rows["foreigners"][0]["full_name"] = XSS_NAME
    rows["enterprises"][0]["foreign_name"] = XSS_COMPANY
    # The guide of the sample case guides a second one: the network's bridge.
    rows["border_events"] += [
        {"event_id": "EV5523", "event_type": "APPREHENDED", "occurred_at": "2025-03-05 23:00",
         "border_point_code": "LM-TT-01", "border_point_kind": "TRAIL", "full_name": "Nông Văn Hùng",
         "id_no": "020090001234", "nationality": "VNM", "case_ref": "VV-2025-02", "role": "GUIDE"},
        {"event_id": "EV5524", "event_type": "APPREHENDED", "occurred_at": "2025-03-05 23:00",
         "border_point_code": "LM-TT-01", "border_point_kind": "TRAIL", "full_name": "LIU YANG",
         "nationality": "CHN", "sex": "F", "document_type": "NONE", "case_ref": "VV-2025-02",
         "role": "TRAVELLER"}]
    for i in range(CROWD):
        rows["border_events"].append({
            "event_id": f"EV70{i:02d}", "event_type": "ENTRY",
            "occurred_at": f"2025-02-{i + 1:02d} 09:00", "border_point_code": "CKQT-HN",
            "border_point_name": "Cửa khẩu quốc tế Hữu Nghị",
            "border_point_kind": "INTERNATIONAL_GATE", "full_name": f"TRAN LEI {chr(65 + i)}",
            "nationality": "CHN", "sex": "M", "document_type": "PASSPORT",
            "passport_no": f"E7{i:07d}"})
    return rows


def _flags(persons: dict[str, str]) -> list[FlagCandidate]:
    employment = FlagCandidate(
        kind="unlicensed_employment",
        subject={"passport_no": "E12345678", "enterprise_code": "4900123456"},
        signals=[Signal("NO_PERMIT", 0.75, XSS_EVIDENCE, "Decree 219/2025 art. 3",
                        ("foreigners:R001", "residence_declarations:KB992"))],
        persons=[FlagPerson(persons[XSS_NAME], "worker", ("E12345678",))],
        enterprises=["4900123456"], reasons=["NO_PERMIT"])
    network = FlagCandidate(
        kind="illegal_entry_network", subject={"network_id": "n_test"},
        signals=[Signal("RECURRING_FACILITATOR", 0.6,
                        "Guide Nông Văn Hùng in cases VV-2025-01 and VV-2025-02",
                        "Penal Code art. 348", ("border_events:EV5521", "border_events:EV5522",
                                                "border_events:EV5523", "border_events:EV5524"))],
        persons=[FlagPerson(persons["Nông Văn Hùng"], "facilitator", (), ("020090001234",),
                            ("border_events:EV5522", "border_events:EV5523"),
                            facilitator_role="GUIDE"),
                 FlagPerson(persons["ZHANG WEI"], "traveller", (), (),
                            ("border_events:EV5521",)),
                 FlagPerson(persons["LIU YANG"], "traveller", (), (), ("border_events:EV5524",))],
        reasons=["RECURRING_FACILITATOR"],
        evidence_nodes=["ApprehensionCase:VV-2025-01", "ApprehensionCase:VV-2025-02",
                        "Vehicle:12A34567"])
    return [employment, network]


@pytest.fixture(scope="session")
def site(settings, tmp_path_factory) -> Site:
    with own_database(settings, "t_viz_") as (store, store_settings):
        load_feeds(store, tmp_path_factory.mktemp("viz") / "feeds", _rows())
        persons = person_ids(store)
        employment, network = _flags(persons)
        save_flags(store, [employment], kinds=["unlicensed_employment"], data_fingerprint="t")
        save_flags(store, [network], kinds=["illegal_entry_network"], data_fingerprint="t")
        keys = {role: create_key(store, role=role, name=f"viz {role}")[1] for role in ROLES}
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        app = create_app(ApiSettings(store=store_settings, max_nodes=300), store=store)
        with serve(app) as url:
            yield Site(url, store, keys, persons, employment.flag_id, network.flag_id)


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.fail("Debian chromium is missing at /usr/bin/chromium; `make test` installs it "
                    "(apt-get install -y chromium).")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM))
        yield chromium
        chromium.close()


@dataclass
class Watched:
    """A page with everything it said and asked for recorded."""
    page: object
    origin: str
    errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    @property
    def foreign(self) -> list[str]:
        return [u for u in self.requests
                if not (u.startswith(self.origin) or u.startswith("data:"))]


@pytest.fixture
def watched(browser):
    """A fresh browser context and page; call it with the page's origin."""
    contexts = []

    def open_page(origin: str) -> Watched:
        context = browser.new_context(viewport={"width": 1400, "height": 900})
        contexts.append(context)
        page = context.new_page()
        w = Watched(page, origin)
        page.on("console", lambda m: m.type == "error" and w.errors.append(m.text))
        page.on("pageerror", lambda e: w.errors.append(str(e)))
        page.on("request", lambda r: w.requests.append(r.url))
        page.on("dialog", lambda d: (w.dialogs.append(d.message), d.dismiss()))
        return w

    yield open_page
    for context in contexts:
        context.close()
