"""Addressee phrases → units: groups on the document's date, names and aliases, typing slips, splitting."""

from datetime import date

import pytest

from cchc.demo.loader import load_units
from cchc.directives.resolve import ALIAS, FUZZY, GROUP, NAME, Resolver, match_key, resolve_phrase
from cchc.test import make_unit
from cchc.units import choices as kinds

DAY = date(2020, 10, 1)
DEPARTMENTS = {"vp-ubnd", "snv", "stp", "skhdt", "stc", "sct", "snnptnt", "sgtvt", "sxd", "stnmt", "stttt", "sldtbxh",
               "svhttdl", "skhcn", "sgddt", "syt", "sngv", "thanhtra", "bdt", "bqlkkt"}
DISTRICTS = {"ubnd-pleiku", "ubnd-ankhe", "ubnd-ayunpa", "ubnd-chupah", "ubnd-chuprong", "ubnd-chupuh", "ubnd-chuse",
             "ubnd-dakdoa", "ubnd-dakpo", "ubnd-ducco", "ubnd-iagrai", "ubnd-iapa", "ubnd-kbang", "ubnd-kongchro",
             "ubnd-krongpa", "ubnd-mangyang", "ubnd-phuthien"}
MASS = {"ldld", "tinhdoan", "hlhpn", "hnd", "hccb"}


@pytest.fixture
def units(db):
    return load_units()


def codes(resolution):
    return {unit.code for unit in resolution.units}


def test_match_keys_ignore_case_diacritics_punctuation_and_the_long_form_of_ubnd():
    assert match_key("Ủy ban nhân dân  thành phố Pleiku") == "ubnd thanh pho pleiku"
    assert match_key("Sở LĐ-TB&XH") == "so ld tb xh"
    assert match_key("Đài Phát thanh - Truyền hình Gia Lai") == "dai phat thanh truyen hinh gia lai"


def test_group_phrases_stand_for_every_open_unit_of_their_kind(units):
    resolver = Resolver(DAY)
    departments = resolver.resolve("Các sở, ban, ngành tỉnh")
    assert codes(departments) == DEPARTMENTS and departments.how == GROUP
    assert codes(resolver.resolve("UBND các huyện, thị xã, thành phố")) == DISTRICTS
    assert codes(resolver.resolve("Ủy ban nhân dân các huyện, thị xã, thành phố thuộc tỉnh")) == DISTRICTS
    assert codes(resolver.resolve("Thủ trưởng các sở, ban, ngành tỉnh")) == DEPARTMENTS
    assert codes(resolver.resolve("các đoàn thể tỉnh")) == MASS
    assert codes(resolver.resolve("Mặt trận Tổ quốc Việt Nam tỉnh và các đoàn thể tỉnh")) == MASS | {"mttq"}
    assert codes(resolver.resolve("Ủy ban Mặt trận Tổ quốc Việt Nam và các đoàn thể tỉnh")) == MASS | {"mttq"}
    assert codes(resolver.resolve("Các sở, ban, ngành, đoàn thể tỉnh")) == DEPARTMENTS | MASS


def test_the_commune_group(units):
    make_unit("xa-iakla", kinds.COMMUNE, "Ủy ban nhân dân xã Ia Kla", parent=units["ubnd-ducco"])
    make_unit("phuong-tayson", kinds.COMMUNE, "Ủy ban nhân dân phường Tây Sơn", parent=units["ubnd-pleiku"])
    resolution = resolve_phrase("UBND các xã, phường, thị trấn", DAY)
    assert codes(resolution) == {"xa-iakla", "phuong-tayson"} and resolution.how == GROUP


def test_groups_honour_the_units_open_on_the_documents_date(units):
    make_unit("sdl", kinds.DEPARTMENT, "Sở Du lịch tỉnh Gia Lai", valid_to=date(2020, 9, 30))
    make_unit("sdm", kinds.DEPARTMENT, "Sở Đổi mới tỉnh Gia Lai", valid_from=date(2020, 10, 2))
    assert codes(resolve_phrase("Các sở, ban, ngành tỉnh", DAY)) == DEPARTMENTS
    assert codes(resolve_phrase("Các sở, ban, ngành tỉnh", date(2020, 9, 30))) == DEPARTMENTS | {"sdl"}
    assert codes(resolve_phrase("Các sở, ban, ngành tỉnh", None)) == DEPARTMENTS | {"sdl", "sdm"}
    # A closed unit named exactly resolves to nothing (and is not taken for a similar open one).
    closed = resolve_phrase("Sở Du lịch", DAY)
    assert closed.units == [] and closed.unresolved == ["Sở Du lịch"]


def test_names_short_names_and_aliases_without_diacritics(units):
    resolver = Resolver(DAY)
    assert codes(resolver.resolve("Sở Nội vụ")) == {"snv"}
    assert codes(resolver.resolve("so noi vu tinh gia lai")) == {"snv"}
    assert codes(resolver.resolve("Sở Nội vụ tỉnh")) == {"snv"}
    assert resolver.resolve("Trung tâm Phục vụ hành chính công tỉnh").how == NAME
    alias = resolver.resolve("Sở TT&TT")
    assert codes(alias) == {"stttt"} and alias.how == ALIAS
    assert codes(resolver.resolve("Cổng Thông tin điện tử tỉnh")) == {"cong-ttdt"}
    assert codes(resolver.resolve("UBND tỉnh")) == {"ubnd-tinh"}  # the province matches exactly


def test_a_typing_slip_is_matched_fuzzily(units):
    resolution = resolve_phrase("Bru điện tỉnh", DAY)
    assert codes(resolution) == {"buudien"}
    assert resolution.how == FUZZY and 85 <= resolution.score < 100
    assert codes(resolve_phrase("UBND huyện Chư Pưk", DAY)) == {"ubnd-chupuh"}


def test_near_misses_between_similar_names_do_not_cross_match(units):
    resolver = Resolver(DAY)
    assert resolver.resolve("Bộ Nội vụ").units == []  # a ministry is not the department
    units["sngv"].delete()
    resolver = Resolver(DAY)
    assert resolver.resolve("Sở Ngoại vụ").units == []  # not Sở Nội vụ, two letters away
    assert resolver.resolve("Sở Tài chánh").units == [units["stc"]]  # one slip in a long-enough name: fine
    assert resolver.resolve("Sở Tài nguyên").units == []  # not Sở Tài chính
    assert resolver.resolve("SNX").units == []  # short codes match only exactly


def test_a_closed_unit_is_not_replaced_by_its_near_namesake(units):
    chupah = units["ubnd-chupah"]
    chupah.valid_to = date(2020, 1, 1)
    chupah.save()
    assert resolve_phrase("UBND huyện Chư Păh", DAY).units == []  # not Chư Pưh
    # Two open units equally close to a slip: no guess.
    make_unit("ubnd-chupoh", kinds.DISTRICT, "Ủy ban nhân dân huyện Chư Pơh", short_name="UBND huyện Chư Pơh")
    assert resolve_phrase("UBND huyện Chư Pxh", DAY).units == []


def test_the_province_is_never_a_fuzzy_match(units):
    assert resolve_phrase("Ủy ban nhân dân tỉnh Gia Lay", DAY).units == []
    assert codes(resolve_phrase("Ủy ban nhân dân tỉnh Gia Lai", DAY)) == {"ubnd-tinh"}


def test_phrases_split_on_semicolons_and_on_va_only_where_both_sides_resolve(units):
    resolver = Resolver(DAY)
    assert codes(resolver.resolve("Sở Kế hoạch và Đầu tư")) == {"skhdt"}
    assert codes(resolver.resolve("Sở Văn hóa, Thể thao và Du lịch")) == {"svhttdl"}
    assert codes(resolver.resolve("Sở Tư pháp và Sở Nội vụ")) == {"stp", "snv"}
    assert codes(resolver.resolve("Báo Gia Lai; Đài Phát thanh - Truyền hình Gia Lai")) == {"baogialai", "dai-ptth"}
    assert codes(resolver.resolve("Sở Văn hóa, Thể thao và Du lịch, Sở Y tế")) == {"svhttdl", "syt"}
    mixed = resolver.resolve("Báo Gia Lai; Công ty Điện lực Gia Lai")
    assert codes(mixed) == {"baogialai"} and mixed.unresolved == ["Công ty Điện lực Gia Lai"]
    assert not mixed.resolved
    nothing = resolver.resolve("Sở Kế hoạch và Hợp tác")
    assert nothing.units == [] and nothing.unresolved == ["Sở Kế hoạch và Hợp tác"]


def test_an_unknown_phrase_is_left_for_the_coordinator(units):
    resolution = resolve_phrase("Các tổ chức có liên quan", DAY)
    assert resolution.units == [] and resolution.unresolved == ["Các tổ chức có liên quan"]
    assert resolve_phrase("", DAY).unresolved == []
