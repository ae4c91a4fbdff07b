"""Hypothesis on resolution by parts: whatever the phrase, every unit found is open, every unresolved part comes
from the phrase, and a phrase never resolves to more than its parts could name."""

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cchc.directives.resolve import Resolver, match_key

PIECES = ["Sở Nội vụ", "Sở KH&CN", "Sở Công Thương", "các doanh nghiệp viễn thông", "UBND các xã, phường",
          "Bộ Nội vụ", "Công an tỉnh Đắk Lắk", "Báo Gia Lai", "Chánh", "Các", "Cơ quan", "Sở Khoa học và Công nghệ",
          "Văn phòng Ban Chỉ đạo", "UBND các huyện, thị xã, thành phố", "Bru điện tỉnh", "!", "và"]


@pytest.fixture
def resolver(db):
    from cchc.demo.loader import load_units

    load_units()
    return Resolver(ignored=set())


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=20)), max_size=8),
       st.sampled_from([", ", "; ", " và ", " ", "\n"]))
def test_resolution_by_parts_is_sound(resolver, pieces, sep):
    phrase = sep.join(pieces)
    result = resolver.resolve(phrase)
    assert all(unit.pk in resolver.open_ids for unit in result.units)
    words = set(match_key(re.sub(r"[*_]+", "", phrase)).split())  # (emphasis marks are dropped first)
    for part in result.unresolved:
        assert set(match_key(part).split()) <= words, (phrase, part)
    assert len({u.pk for u in result.units}) == len(result.units)
