from datetime import date

from cchc.lib import vn


def test_it_folds_diacritics_for_search():
    assert vn.fold("Sở Nội vụ") == "so noi vu"
    assert vn.fold("  ĐÀI Phát   thanh ") == "dai phat thanh"
    assert vn.fold("Hoà") == vn.fold("Hòa")


def test_it_normalises_to_nfc():
    decomposed = "Ho\u0300a"
    assert vn.nfc(decomposed) == "Hòa"
    assert vn.clean(" Sở  Nội\nvụ ") == "Sở Nội vụ"


def test_it_sorts_the_vietnamese_way():
    names = ["Đức Cơ", "Chư Păh", "Ayun Pa", "An Khê", "Đak Đoa", "Ia Grai", "Kbang", "Chư Prông", "Ân Thi"]
    assert vn.vn_sorted(names) == [
        "An Khê", "Ayun Pa", "Ân Thi", "Chư Păh", "Chư Prông", "Đak Đoa", "Đức Cơ", "Ia Grai", "Kbang",
    ]
    # d before đ, a before ă before â; tones only break ties
    assert vn.vn_sorted(["đa", "da", "ă", "â", "a"]) == ["a", "ă", "â", "da", "đa"]
    assert vn.vn_sorted(["má", "ma", "mà"]) == ["ma", "mà", "má"]


def test_it_writes_dates_the_administrative_way():
    assert vn.date_in_words(date(2020, 10, 1)) == "ngày 01 tháng 10 năm 2020"
    assert vn.date_in_words(date(2020, 1, 5), "Hà Nội") == "Hà Nội, ngày 05 tháng 01 năm 2020"
    assert vn.date_in_words(date(2019, 6, 29)) == "ngày 29 tháng 6 năm 2019"
    assert vn.date_short(date(2020, 11, 20)) == "20/11/2020"


def test_it_writes_numbers_the_vietnamese_way():
    assert vn.format_number(1234) == "1.234"
    assert vn.format_number(1234.5, 1) == "1.234,5"
    assert vn.format_number(None) == ""
    assert vn.format_percent(0.125) == "12,5%"
    assert vn.format_percent(1) == "100%"
