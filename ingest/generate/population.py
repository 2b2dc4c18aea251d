"""The true enterprises and their Vietnamese and foreign owners, hotels and guesthouses.

Most enterprises are Vietnamese-owned and never touch a foreigner; some
employ foreigners lawfully; some are openly foreign-owned (the owner is
listed with a passport and ``foreign_capital_pct`` > 0). The nominee fronts
are created here as plain Vietnamese-owned shells; ``nominee.py`` gives them
their owners and their foreigners.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from .config import AS_OF
from .model import Enterprise, Person, World
from .names import Name, fold, vn_name
from .rows import Place

__all__ = ["build_enterprises", "add_vn_owners", "new_enterprise", "local_adult", "retag"]

_ACTIVITY = ["XUẤT NHẬP KHẨU", "THƯƠNG MẠI VÀ DỊCH VỤ", "LOGISTICS", "VẬN TẢI", "XÂY DỰNG", "NÔNG SẢN",
             "CHẾ BIẾN GỖ", "KHOÁNG SẢN", "VẬT LIỆU XÂY DỰNG", "ĐẦU TƯ VÀ PHÁT TRIỂN", "THƯƠNG MẠI TỔNG HỢP"]
_BRAND = ["HOÀNG LONG", "ĐỒNG ĐĂNG", "KỲ LỪA", "TÂN THANH", "HỮU NGHỊ", "MẪU SƠN", "PHÚC AN", "MINH KHANG",
          "THÀNH ĐẠT", "AN PHÁT", "HƯNG THỊNH", "BẮC HÀ", "XỨ LẠNG", "NAM PHONG", "TRƯỜNG THÀNH", "VIỆT TRUNG",
          "KIM ĐỒNG", "PHƯƠNG BẮC", "ĐÔNG Á", "LONG VŨ", "QUANG MINH", "NHẤT THỐNG", "TÂN PHÚ", "HÒA BÌNH",
          "SƠN HÀ", "LỘC PHÁT", "THIÊN ÂN", "GIA BẢO", "ĐẠI DƯƠNG", "HỢP THÀNH"]
_CN_BRAND = [("HẰNG PHÁT", "HENGFA"), ("HOA THỊNH", "HUASHENG"), ("KIM LONG", "JINLONG"), ("VĨNH PHONG", "YONGFENG"),
             ("ĐẠI PHÚC", "DAFU"), ("BẰNG TƯỜNG", "PINGXIANG"), ("TÂN HẢI", "XINHAI"), ("HỢP PHONG", "HEFENG"),
             ("THỊNH ĐẠT", "SHENGDA"), ("TRUNG THÀNH", "ZHONGCHENG"), ("QUẢNG HOA", "GUANGHUA"),
             ("SAMHWA", "SAMHWA"), ("HANSOL", "HANSOL"), ("ĐÀI NAM", "TAINAN"), ("VẠN LỢI", "WANLI")]
_SAME_NAME = [("Nguyễn", ("Văn", "Hùng"), "M"), ("Nguyễn", ("Thị", "Hương"), "F"), ("Hoàng", ("Văn", "Nam"), "M"),
              ("Nông", ("Văn", "Tuấn"), "M"), ("Lương", ("Thị", "Mai"), "F")]
_VSIC = {"trade": ["4620", "4632", "4649", "4669", "4690"], "logistics": ["5210", "5229", "4933"],
         "wood": ["1610", "1621", "1629"], "build": ["4101", "4290", "2392", "0810"], "food": ["1030", "1080"],
         "hotel": ["5510", "5610", "7911"], "factory": ["2511", "2610", "1410", "2220"]}


def local_adult(world: World, rng: random.Random, **kw) -> Person:
    """A new local adult (hosts, members, relatives)."""
    return world.new_vn(rng, **kw)


def _name(rng: random.Random, kind: str, taken: set[str]) -> tuple[str, str]:
    for attempt in range(200):
        if kind == "fdi":
            vi, latin = rng.choice(_CN_BRAND)
            suffix = rng.choice(["", " LẠNG SƠN", " QUỐC TẾ", " KHOA HỌC"]) if attempt < 20 else f" {attempt}"
            name, foreign = f"CÔNG TY TNHH {vi}{suffix} VIỆT NAM", f"{latin}{fold(suffix)} VIETNAM CO., LTD"
        elif kind == "hotel":
            brand = rng.choice(_BRAND) + ("" if attempt < 10 else f" {attempt}")
            name, foreign = f"CÔNG TY TNHH KHÁCH SẠN {brand}", ""
        else:
            brand = rng.choice(_BRAND) + ("" if attempt < 30 else f" {attempt}")
            form = rng.choices(["TNHH", "CỔ PHẦN", "DNTN"], weights=[6, 2, 2])[0]
            name = f"DOANH NGHIỆP TƯ NHÂN {brand}" if form == "DNTN" else f"CÔNG TY {form} {rng.choice(_ACTIVITY)} {brand}"
            foreign = f"{fold(brand)} COMPANY LIMITED" if form == "TNHH" and rng.random() < 0.3 else ""
        if name not in taken:
            taken.add(name)
            return name, foreign
    raise RuntimeError("enterprise names exhausted")


def new_enterprise(world: World, rng: random.Random, kind: str, taken: set[str]) -> Enterprise:
    e = Enterprise(world.ids.enterprise_code("49"), kind)
    e.name, e.foreign_name = _name(rng, kind, taken)
    industrial = kind in ("fdi", "vn_employer") and rng.random() < 0.5
    e.address = world.addresses.site(industrial)[0 if rng.random() < 0.8 else 1]
    if kind in ("fdi", "vn_employer") and rng.random() < 0.6:
        e.factory = world.addresses.site(True)[0]
    start = date(2019, 1, 1) if kind == "nominee" else date(2005, 1, 1)
    e.registered_on = start + timedelta(days=rng.randint(0, (date(2025, 6, 30) - start).days))
    e.industries = rng.sample(_VSIC[rng.choice(list(_VSIC))], k=rng.randint(1, 2))
    if kind == "hotel":
        e.industries = ["5510", "5610"]
    scale = {"fdi": (50, 5000), "vn_employer": (20, 800), "nominee": (10, 300)}.get(kind, (5, 200))
    e.capital = rng.randint(*scale) * 100_000_000
    e.foreign_pct = 0.0
    if kind == "fdi":
        e.foreign_pct = 100.0 if rng.random() < 0.6 else float(rng.choice([30, 35, 40, 49, 51, 60, 70, 75, 90]))
    elif kind == "vn_only" and rng.random() < 0.12:
        e.foreign_pct = None  # not reported: unknown, never zero
    e.phone = world.ids.vn_landline() if rng.random() < 0.5 else world.ids.vn_phone()
    e.landline = world.ids.vn_landline()
    local = fold(e.name.split()[-1]).lower() + fold(e.name.split()[-2]).lower()
    e.email = world.ids.email(local, rng.choice(["gmail.com", "gmail.com", "yahoo.com", "vnn.vn", "ls.com.vn"]))
    if kind == "vn_only" and rng.random() < 0.15:
        e.status = rng.choice(["SUSPENDED", "DISSOLVED"])
    world.enterprises.append(e)
    world.by_kind.setdefault(kind, []).append(e)
    return e


def add_vn_owners(world: World, rng: random.Random, e: Enterprise, owner: Person | None = None) -> Person:
    """Owners and officers of a Vietnamese-owned enterprise; returns the main owner."""
    since = e.registered_on
    owner = owner or local_adult(world, rng, born=(1958, 1998))
    form = "DNTN" if e.name.startswith("DOANH NGHIỆP") else ("CP" if "CỔ PHẦN" in e.name else "TNHH")
    if form == "DNTN" or (form == "TNHH" and rng.random() < 0.55):
        e.add_person("OWNER", owner, 100.0, since)
        others: list[Person] = []
    else:
        n = rng.randint(1, 3)
        main = float(rng.choice([40, 45, 50, 55, 60, 70]))
        e.add_person("SHAREHOLDER" if form == "CP" else "MEMBER", owner, main, since)
        others = [local_adult(world, rng, born=(1955, 2000)) for _ in range(n)]
        rest = 100.0 - main
        for i, o in enumerate(others):
            share = rest if i == n - 1 else float(int(rest / (n - i)))
            rest -= share
            e.add_person("SHAREHOLDER" if form == "CP" else "MEMBER", o, share, since)
    rep = owner if rng.random() < 0.75 or not others else others[0]
    e.add_person("LEGAL_REP", rep, None, since)
    if rng.random() < 0.4:
        e.add_person("DIRECTOR", rep if rng.random() < 0.6 else local_adult(world, rng), None, since)
    if rng.random() < 0.35:
        e.add_person("CHIEF_ACCOUNTANT", local_adult(world, rng, sex="F", born=(1975, 2000)), None,
                     since + timedelta(days=rng.randint(0, 400)))
    if rng.random() < 0.1:  # an earlier member who left
        gone = local_adult(world, rng)
        until = min(AS_OF, since + timedelta(days=rng.randint(200, 1500)))
        e.add_person("MEMBER" if form != "CP" else "SHAREHOLDER", gone, None, since, until)
    return owner


def retag(world: World, e: Enterprise, kind: str) -> None:
    world.by_kind[e.kind].remove(e)
    e.kind = kind
    world.by_kind.setdefault(kind, []).append(e)


def build_enterprises(world: World) -> None:
    """All enterprises by kind, Vietnamese owners of the non-foreign ones, hotels and guesthouses."""
    cfg, rng = world.cfg, world.rng("enterprises")
    n = cfg.enterprises
    n_nominee = cfg.share_of("nominee_share", n, minimum=2)
    n_fdi = cfg.share_of("foreign_owned_share", n, minimum=2)
    n_emp = cfg.share_of("vn_employer_share", n, minimum=2)
    n_hotel = cfg.share_of("hotel_share", n, minimum=2)
    n_vn = max(2, n - n_nominee - n_fdi - n_emp - n_hotel)
    taken: set[str] = set()
    plan = ["nominee"] * n_nominee + ["fdi"] * n_fdi + ["vn_employer"] * n_emp + ["hotel"] * n_hotel + ["vn_only"] * n_vn
    rng.shuffle(plan)
    for kind in plan:
        e = new_enterprise(world, rng, kind, taken)
        if kind in ("vn_employer", "hotel"):
            add_vn_owners(world, rng, e)
        if kind in ("fdi", "vn_employer") and rng.random() < cfg.p["branch_share"]:
            site = world.addresses.site(True)[0]
            commune = site.split(", ")[-2].split(" ", 1)[1].upper()
            e.branches.append((f"{e.code}-001", f"CHI NHÁNH {e.name} TẠI {commune}", site))
    # a few Vietnamese entrepreneurs each own several purely Vietnamese firms: serial, but lawful
    vn_only = list(world.by_kind.get("vn_only", []))
    rng.shuffle(vn_only)
    at = 0
    for _ in range(len(vn_only) // 40 if len(vn_only) >= 40 else (1 if len(vn_only) >= 6 else 0)):
        boss = local_adult(world, rng, born=(1960, 1985))
        k = rng.randint(3, 4)
        for e in vn_only[at:at + k]:
            add_vn_owners(world, rng, e, owner=boss)
            retag(world, e, "vn_serial")  # kept away from every foreigner, so the look-alike stays clean
        at += k
        world.count_lookalike("nominee:vn_serial_owner_without_foreigners")
    for e in vn_only[at:]:
        add_vn_owners(world, rng, e)
    # different citizens sharing one common name and birth year, each owning a firm
    for i in range(world.cfg.count("hard_negative_pairs_count")):
        if len(world.by_kind["vn_only"]) < 2:
            break
        family, given, sex = _SAME_NAME[i % len(_SAME_NAME)]
        year = 1975 + i % 20
        for e in rng.sample(world.by_kind["vn_only"], 2):
            twin = world.new_vn(rng, sex=sex, name=Name(family, given, True, True),
                                dob=date(year, rng.randint(1, 12), rng.randint(1, 28)))
            e.add_person("CHIEF_ACCOUNTANT" if sex == "F" else "DIRECTOR", twin, None,
                         e.registered_on + timedelta(days=rng.randint(30, 900)))
        world.count_lookalike("hard_negative:same_vn_name_same_birth_year")
    world.hotels = [Place(f"Khách sạn {e.name.split('KHÁCH SẠN ')[-1].title()}", "HOTEL", e.code, e.address,
                          vn_name(rng, rng.choice("MF")).canonical, e.phone) for e in world.by_kind["hotel"]]
    world.guesthouses = []
    for _ in range(max(3, n // 25)):
        address = world.addresses.home()[0]
        owner_name = vn_name(rng, rng.choice("MF")).canonical
        world.guesthouses.append(Place(f"Nhà nghỉ {rng.choice(_BRAND).title()}", "GUESTHOUSE", "", address,
                                       owner_name, world.ids.vn_phone()))
