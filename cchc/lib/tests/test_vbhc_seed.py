"""The founding dispatch (Công văn 2031/UBND-NC, Gia Lai, 01/10/2020): every field exactly."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cchc.lib.vbhc import ParsedDocument, parse_document, read_text
from cchc.lib.vbhc.model import FIELD_NAMES

SEED = Path(__file__).resolve().parents[2] / "demo" / "data" / "cong-van-2031-UBND-NC.txt"


@pytest.fixture(scope="module")
def doc() -> ParsedDocument:
    return parse_document(read_text(SEED))


def test_header(doc: ParsedDocument) -> None:
    d = doc.to_dict()
    assert d["issuer"] == "ỦY BAN NHÂN DÂN TỈNH GIA LAI"
    assert d["parent_issuer"] is None
    assert d["number"] == "2031/UBND-NC"
    assert d["symbol"] == "UBND-NC"
    assert d["type"] == "Công văn"
    assert d["place"] == "Gia Lai"
    assert d["date"] == "2020-10-01"
    assert d["subject"] == (
        "đẩy mạnh thông tin, tuyên truyền CCHC phục vụ hội nghị tổng kết 10 năm thực hiện Chương trình "
        "tổng thể cải cách hành chính nhà nước của Chính phủ"
    )


def test_recipients_as_printed(doc: ParsedDocument) -> None:
    assert doc.recipients == [
        "Mặt trận Tổ quốc Việt Nam tỉnh và các đoàn thể tỉnh",
        "Các sở, ban, ngành tỉnh",
        "Trung tâm Phục vụ hành chính công tỉnh",
        "Bru điện tỉnh",
        "Báo Gia Lai",
        "Đài Phát thanh - Truyền hình Gia Lai",
        "UBND các huyện, thị xã, thành phố",
    ]


def test_exactly_five_distinct_references(doc: ParsedDocument) -> None:
    assert [r.to_dict() for r in doc.references] == [
        {"type": "Công văn", "number": "4849/BNV-CCHC", "date": "2020-09-16", "issuer": "Bộ Nội vụ"},
        {"type": "Nghị quyết", "number": "30c/NQ-CP", "date": "2011-11-08", "issuer": "Chính phủ"},
        {"type": "Nghị quyết", "number": "02-NQ/TU", "date": "2016-07-01", "issuer": "Tỉnh ủy"},
        {"type": "Quyết định", "number": "04/QĐ-UBND", "date": "2012-01-04", "issuer": "UBND tỉnh"},
        {"type": "Quyết định", "number": "752/QĐ-UBND", "date": "2019-12-09", "issuer": "UBND tỉnh"},
    ]


def test_exactly_one_deadline(doc: ParsedDocument) -> None:
    assert [d.to_dict() for d in doc.deadlines] == [
        {"date": "2020-11-25", "text": "Trước ngày 25/11/2020", "kind": "absolute"}
    ]


def test_three_sections_with_their_addressees(doc: ParsedDocument) -> None:
    assert [s.label for s in doc.sections] == ["1", "2", "3"]
    assert doc.sections[0].addressees == [
        "Các sở, ban, ngành tỉnh",
        "UBND các huyện, thị xã, thành phố",
        "Trung tâm Phục vụ hành chính công tỉnh",
        "Bưu điện tỉnh",
    ]
    assert doc.sections[1].addressees == ["Ủy ban Mặt trận Tổ quốc Việt Nam và các đoàn thể tỉnh"]
    assert doc.sections[2].addressees == [
        "Báo Gia Lai",
        "Đài Phát thanh - Truyền hình Gia Lai",
        "Cổng Thông tin điện tử tỉnh",
    ]
    # the paragraph broken by a blank line in mid-sentence is joined again
    assert "Chương trình cải cách hành chính nhà nước giai đoạn 2011-2020" in doc.sections[0].text
    # the bullets belong to their item; the closing paragraph belongs to none
    assert doc.sections[0].text.count("\n- ") == 3
    assert "UBND tỉnh yêu cầu thủ trưởng" not in doc.sections[2].text


def test_signature_and_cc(doc: ParsedDocument) -> None:
    assert doc.signature.to_dict() == {
        "authority": ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH"],
        "position": "PHÓ CHỦ TỊCH",
        "signer": "Đỗ Tiến Đông",
    }
    assert doc.cc == [
        "Như trên",
        "Bộ Nội vụ (b/cáo)",
        "TT Tỉnh ủy; TT HĐND tỉnh (b/cáo)",
        "Chủ tịch, các PCT UBND tỉnh",
        "CVP, Phó CVP UBND tỉnh",
        "Sở Nội vụ (t/dối)",
        "Cổng thông tin điện tử tỉnh",
        "Lưu: VT, NC",
    ]
    assert doc.table_tasks == []
    assert doc.warnings == []


def test_to_dict_is_json_ready_with_exactly_the_field_names(doc: ParsedDocument) -> None:
    d = doc.to_dict()
    assert tuple(d) == FIELD_NAMES
    assert json.loads(json.dumps(d, ensure_ascii=False)) == d
