"""Places of a Lạng Sơn-like province: communes, addresses and border points.

Since 1 July 2025 the province has communes and wards directly under it (no
districts); older records still write the district. Addresses are rendered in
both styles. Border points: the international gate Hữu Nghị, main gates, the
secondary gates, unofficial trails ("đường mòn", "lối mở") near them, and
inland checkpoints where people are caught away from the border.
"""

from __future__ import annotations

import random

__all__ = ["COMMUNES", "BorderPoint", "BORDER_POINTS", "points_of_kind", "AddressBook", "OTHER_PROVINCES"]

# (new commune or ward, kind, old unit as written before 2025, old district or city)
COMMUNES: list[tuple[str, str, str, str]] = [
    ("Tam Thanh", "phường", "phường Tam Thanh", "thành phố Lạng Sơn"),
    ("Lương Văn Tri", "phường", "phường Chi Lăng", "thành phố Lạng Sơn"),
    ("Kỳ Lừa", "phường", "phường Hoàng Văn Thụ", "thành phố Lạng Sơn"),
    ("Đông Kinh", "phường", "phường Đông Kinh", "thành phố Lạng Sơn"),
    ("Đồng Đăng", "xã", "thị trấn Đồng Đăng", "huyện Cao Lộc"),
    ("Cao Lộc", "xã", "thị trấn Cao Lộc", "huyện Cao Lộc"),
    ("Ba Sơn", "xã", "xã Cao Lâu", "huyện Cao Lộc"),
    ("Công Sơn", "xã", "xã Công Sơn", "huyện Cao Lộc"),
    ("Thụy Hùng", "xã", "xã Thụy Hùng", "huyện Cao Lộc"),
    ("Tân Thanh", "xã", "xã Tân Thanh", "huyện Văn Lãng"),
    ("Na Sầm", "xã", "thị trấn Na Sầm", "huyện Văn Lãng"),
    ("Hoàng Văn Thụ", "xã", "xã Hoàng Văn Thụ", "huyện Văn Lãng"),
    ("Hội Hoan", "xã", "xã Hội Hoan", "huyện Văn Lãng"),
    ("Thất Khê", "xã", "thị trấn Thất Khê", "huyện Tràng Định"),
    ("Quốc Khánh", "xã", "xã Quốc Khánh", "huyện Tràng Định"),
    ("Đoàn Kết", "xã", "xã Đoàn Kết", "huyện Tràng Định"),
    ("Lộc Bình", "xã", "thị trấn Lộc Bình", "huyện Lộc Bình"),
    ("Na Dương", "xã", "thị trấn Na Dương", "huyện Lộc Bình"),
    ("Mẫu Sơn", "xã", "xã Mẫu Sơn", "huyện Lộc Bình"),
    ("Khuất Xá", "xã", "xã Khuất Xá", "huyện Lộc Bình"),
    ("Đình Lập", "xã", "thị trấn Đình Lập", "huyện Đình Lập"),
    ("Thái Bình", "xã", "xã Thái Bình", "huyện Đình Lập"),
    ("Chi Lăng", "xã", "thị trấn Chi Lăng", "huyện Chi Lăng"),
    ("Đồng Mỏ", "xã", "thị trấn Đồng Mỏ", "huyện Chi Lăng"),
    ("Nhân Lý", "xã", "xã Nhân Lý", "huyện Chi Lăng"),
    ("Hữu Lũng", "xã", "thị trấn Hữu Lũng", "huyện Hữu Lũng"),
    ("Vân Nham", "xã", "xã Vân Nham", "huyện Hữu Lũng"),
    ("Cai Kinh", "xã", "xã Cai Kinh", "huyện Hữu Lũng"),
    ("Văn Quan", "xã", "thị trấn Văn Quan", "huyện Văn Quan"),
    ("Điềm He", "xã", "xã Điềm He", "huyện Văn Quan"),
    ("Bình Gia", "xã", "thị trấn Bình Gia", "huyện Bình Gia"),
    ("Hồng Phong", "xã", "xã Hồng Phong", "huyện Bình Gia"),
    ("Bắc Sơn", "xã", "thị trấn Bắc Sơn", "huyện Bắc Sơn"),
    ("Vũ Lăng", "xã", "xã Vũ Lăng", "huyện Bắc Sơn"),
]
_CITY_STREETS = ["Trần Đăng Ninh", "Lê Lợi", "Bà Triệu", "Lý Thái Tổ", "Hùng Vương", "Bắc Sơn", "Văn Vỉ",
                 "Ngô Quyền", "Trần Hưng Đạo", "Phai Vệ", "Lê Đại Hành", "Nguyễn Du", "Tông Đản",
                 "Đinh Tiên Hoàng", "Tam Thanh", "Lê Lai", "Hoàng Văn Thụ", "Nhị Thanh", "Mai Pha"]
_VILLAGES = ["Nà Sèn", "Pò Mã", "Khòn Khuyên", "Nà Chà", "Nà Hình", "Pác Luống", "Còn Quan", "Bản Vẻ",
             "Nà Thâm", "Khuổi Khỉn", "Nà Pàn", "Bản Chắt", "Pò Nhùng", "Tềnh Thầu", "Nà Lừa", "Khòn Pát",
             "Bản Đon", "Nà Han", "Pác Lạn", "Tân Yên", "Lũng Vài", "Nà Làng"]
_SITES = [("Khu công nghiệp Đồng Bành", "Chi Lăng"), ("Cụm công nghiệp Hợp Thịnh", "Cao Lộc"),
          ("Khu trung chuyển hàng hóa Tân Thanh", "Tân Thanh"), ("Khu logistics Đồng Đăng", "Đồng Đăng"),
          ("Khu kinh tế cửa khẩu Đồng Đăng - Lạng Sơn", "Đồng Đăng"), ("Khu bến bãi Cốc Nam", "Tân Thanh"),
          ("Cụm công nghiệp Na Dương", "Na Dương"), ("Khu chế biến gỗ Hữu Lũng", "Hữu Lũng")]
OTHER_PROVINCES = [("001", "thành phố Hà Nội", ["Hoàn Kiếm", "Ba Đình", "Cầu Giấy", "Long Biên"]),
                   ("024", "tỉnh Bắc Ninh", ["Bắc Giang", "Kinh Bắc"]),
                   ("022", "tỉnh Quảng Ninh", ["Hạ Long", "Móng Cái"]),
                   ("004", "tỉnh Cao Bằng", ["Thục Phán", "Nùng Trí Cao"]),
                   ("019", "tỉnh Thái Nguyên", ["Phan Đình Phùng", "Gia Sàng"]),
                   ("031", "thành phố Hải Phòng", ["Hồng Bàng", "Lê Chân"]),
                   ("038", "tỉnh Thanh Hóa", ["Hạc Thành"]), ("079", "Thành phố Hồ Chí Minh", ["Sài Gòn", "Bến Thành"])]


class BorderPoint:
    __slots__ = ("code", "name", "kind", "commune")

    def __init__(self, code: str, name: str, kind: str, commune: str):
        self.code, self.name, self.kind, self.commune = code, name, kind, commune


BORDER_POINTS: list[BorderPoint] = [
    BorderPoint("CKQT-HN", "Cửa khẩu quốc tế Hữu Nghị", "INTERNATIONAL_GATE", "Đồng Đăng"),
    BorderPoint("CKC-DDGA", "Cửa khẩu ga đường sắt Đồng Đăng", "MAIN_GATE", "Đồng Đăng"),
    BorderPoint("CKC-CM", "Cửa khẩu Chi Ma", "MAIN_GATE", "Mẫu Sơn"),
    BorderPoint("CKP-TT", "Cửa khẩu Tân Thanh", "SECONDARY_GATE", "Tân Thanh"),
    BorderPoint("CKP-CN", "Cửa khẩu Cốc Nam", "SECONDARY_GATE", "Tân Thanh"),
    BorderPoint("CKP-BN", "Cửa khẩu Bình Nghi", "SECONDARY_GATE", "Quốc Khánh"),
    BorderPoint("CKP-NH", "Cửa khẩu Na Hình", "SECONDARY_GATE", "Hoàng Văn Thụ"),
    BorderPoint("LM-1119", "Lối mở mốc 1119 (Tân Thanh)", "TRAIL", "Tân Thanh"),
    BorderPoint("DM-NAHINH", "Đường mòn khu vực Nà Hình", "TRAIL", "Hoàng Văn Thụ"),
    BorderPoint("DM-COCNAM", "Đường mòn sau chợ Cốc Nam", "TRAIL", "Tân Thanh"),
    BorderPoint("LM-BINHNGHI", "Lối mở Bình Nghi", "TRAIL", "Quốc Khánh"),
    BorderPoint("DM-KHUOIKHUC", "Đường mòn Khuổi Khúc", "TRAIL", "Đoàn Kết"),
    BorderPoint("LM-POMA", "Lối mở Pò Mã", "TRAIL", "Quốc Khánh"),
    BorderPoint("DM-1237", "Đường mòn mốc 1237 (Mẫu Sơn)", "TRAIL", "Mẫu Sơn"),
    BorderPoint("LM-CHIMA", "Lối mở mốc 1223 (Chi Ma)", "TRAIL", "Mẫu Sơn"),
    BorderPoint("TKS-QL1A", "Trạm kiểm soát QL1A Chi Lăng", "INLAND", "Chi Lăng"),
    BorderPoint("CHOT-BXPB", "Chốt kiểm tra Bến xe phía Bắc", "INLAND", "Kỳ Lừa"),
    BorderPoint("TKS-HL", "Trạm kiểm soát liên ngành Hữu Lũng", "INLAND", "Hữu Lũng"),
    BorderPoint("CHOT-GALS", "Chốt ga Lạng Sơn", "INLAND", "Tam Thanh"),
    BorderPoint("TKS-QL4B", "Trạm kiểm soát QL4B Lộc Bình", "INLAND", "Lộc Bình"),
    BorderPoint("CHOT-CK", "Chốt giáp ranh Cai Kinh", "INLAND", "Cai Kinh"),
]


def points_of_kind(*kinds: str) -> list[BorderPoint]:
    return [p for p in BORDER_POINTS if p.kind in kinds]


class AddressBook:
    """Hands out addresses that are unique per household or site.

    Uniqueness matters: a household address that happens to equal an
    enterprise's head office would be a signal nobody planted.
    """

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.taken: set[str] = set()

    def _fresh(self, make) -> tuple[str, str]:
        for _ in range(1000):
            new, old = make()
            if new not in self.taken:
                self.taken.add(new)
                return new, old
        raise RuntimeError("address space exhausted")

    def home(self, near: str | None = None) -> tuple[str, str]:
        """(new-style, old-style) address of a household in the province."""
        rng = self.rng

        def make() -> tuple[str, str]:
            commune = _commune(rng, near)
            if commune[1] == "phường":
                street = f"số {rng.randint(1, 450)} đường {rng.choice(_CITY_STREETS)}"
                if rng.random() < 0.3:
                    street = f"số {rng.randint(1, 90)} ngõ {rng.randint(1, 120)} đường {rng.choice(_CITY_STREETS)}"
            else:
                street = f"thôn {rng.choice(_VILLAGES)}" if rng.random() < 0.6 else f"khối {rng.randint(1, 12)}"
                street = f"số nhà {rng.randint(1, 300)}, {street}"
            return _both(street, commune)

        return self._fresh(make)

    def site(self, industrial: bool) -> tuple[str, str]:
        """(new-style, old-style) address of an enterprise's head office or factory."""
        rng = self.rng

        def make() -> tuple[str, str]:
            if industrial:
                site, commune_name = rng.choice(_SITES)
                commune = next(c for c in COMMUNES if c[0] == commune_name)
                return _both(f"Lô {rng.choice('ABCDEFGH')}{rng.randint(1, 60)}, {site}", commune)
            commune = _commune(rng, None)
            street = rng.choice(_CITY_STREETS) if commune[1] == "phường" else f"Quốc lộ {rng.choice(['1A', '4A', '4B', '31', '279'])}"
            return _both(f"số {rng.randint(1, 900)} đường {street}", commune)

        return self._fresh(make)

    def elsewhere(self) -> tuple[str, str]:
        """An address in another province (head offices of outside enterprises, migrants)."""
        rng = self.rng

        def make() -> tuple[str, str]:
            _, province, wards = rng.choice(OTHER_PROVINCES)
            a = f"số {rng.randint(1, 300)} phố {rng.choice(_CITY_STREETS)}, phường {rng.choice(wards)}, {province}"
            return a, a

        return self._fresh(make)


def _commune(rng: random.Random, near: str | None) -> tuple[str, str, str, str]:
    if near:
        for c in COMMUNES:
            if c[0] == near:
                return c
    # border and city communes are busier
    return COMMUNES[min(len(COMMUNES) - 1, int(rng.random() ** 1.8 * len(COMMUNES)))]


def _both(street: str, commune: tuple[str, str, str, str]) -> tuple[str, str]:
    name, kind, old_unit, old_district = commune
    return f"{street}, {kind} {name}, tỉnh Lạng Sơn", f"{street}, {old_unit}, {old_district}, tỉnh Lạng Sơn"
