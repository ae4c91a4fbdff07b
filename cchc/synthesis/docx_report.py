"""The synthesis report (báo cáo tổng hợp) as a DOCX laid out per Decree 30/2020, built from a ``Synthesis``.

The text is ``compose``'s blocks (the clerk's edits applied): the implementation by Sở Nội vụ, the results item by
item of the directive, the assessment, Sở Nội vụ's proposals. Signed by the signer chosen on the page (name,
position, "KT." and the head's position), copied to the chosen "Nơi nhận". The number is left blank.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from cchc.lib import docx_nd30 as nd30
from cchc.lib import vn
from cchc.reports.choices import ValueType

from .compose import Composition, compose
from .figures import IndicatorFigure, Synthesis

RECIPIENTS = ["Như trên", "Giám đốc, các Phó Giám đốc Sở", "Lưu: VT, CCHC"]


def number(value: Any) -> str:
    """1.234 / 12,5 — whole numbers without decimals, others with at most two."""
    if value is None:
        return ""
    value = Decimal(value)
    if value == value.to_integral_value():
        return vn.format_number(value)
    text = vn.format_number(value, 2)
    return text.rstrip("0").rstrip(",")


def percent(share: float | None) -> str:
    return vn.format_percent(share) if share is not None else "—"


def figure_total(figure: IndicatorFigure) -> str:
    """The total as the report writes it: "1.234", "12,5%", "3 đơn vị có", "—" when nobody reported it."""
    if figure.total is None:
        return "—"
    if figure.value_type == ValueType.BOOLEAN:
        return f"{number(figure.total)} đơn vị có"
    if figure.value_type == ValueType.PERCENT:
        return f"{number(figure.total)}%"
    return number(figure.total)


@dataclass
class Signature:
    """Who signs: "KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC / name" when ``on_behalf``, else "GIÁM ĐỐC / name"."""

    name: str = ""
    position: str = "GIÁM ĐỐC"
    on_behalf: bool = False
    head_position: str = "GIÁM ĐỐC"
    recipients: list[str] = field(default_factory=lambda: list(RECIPIENTS))

    @property
    def authority(self) -> list[str]:
        return [f"KT. {vn.clean(self.head_position or 'GIÁM ĐỐC').upper()}"] if self.on_behalf else []


def render_docx(
    synthesis: Synthesis,
    *,
    today: date,
    place: str = "Gia Lai",
    parent_body: str = "UBND TỈNH GIA LAI",
    issuing_body: str = "SỞ NỘI VỤ",
    symbol: str = "BC-SNV",
    signer_position: str | None = None,
    authority: Sequence[str] | None = None,
    signature: Signature | None = None,
    edits: dict[str, Any] | None = None,
    composition: Composition | None = None,
) -> bytes:
    """The report, ready to sign: the number left blank for the clerk, dated ``today``."""
    signature = signature or Signature()
    if signer_position:
        signature.position = signer_position
    composition = composition or compose(synthesis, issuing_body=issuing_body, edits=edits)
    doc = nd30.new_document()
    nd30.add_header(doc, parent_body=parent_body, issuing_body=issuing_body,
                    number_symbol=nd30.format_number_symbol(None, symbol), place=place, date=today)
    nd30.add_title(doc, "BÁO CÁO", synthesis.subject)
    nd30.add_kinh_gui(doc, [f"Ủy ban nhân dân tỉnh {place}"])
    for block in composition.blocks:
        text = block.text.strip()
        if not text:
            continue  # the clerk removed it
        if block.kind == "heading":
            nd30.add_heading_line(doc, text).paragraph_format.keep_with_next = True
        else:
            for line in text.split("\n"):
                if line.strip():
                    nd30.add_body_paragraph(doc, line.strip())
    nd30.add_signature_and_recipients(
        doc, recipients=signature.recipients or RECIPIENTS, authority=list(authority or signature.authority),
        position=vn.clean(signature.position or "GIÁM ĐỐC").upper(), signer_name=vn.clean(signature.name) or None)
    out = io.BytesIO()
    nd30.save(doc, out)
    return out.getvalue()
