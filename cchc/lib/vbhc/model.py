"""Result dataclasses of the document parser."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

__all__ = [
    "Deadline",
    "FIELD_NAMES",
    "ParsedDocument",
    "Reference",
    "Section",
    "Signature",
    "TableTask",
]

FIELD_NAMES: tuple[str, ...] = (
    "issuer",
    "parent_issuer",
    "number",
    "symbol",
    "type",
    "place",
    "date",
    "subject",
    "recipients",
    "references",
    "deadlines",
    "sections",
    "table_tasks",
    "signature",
    "cc",
    "warnings",
)


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d is not None else None


@dataclass(slots=True)
class Reference:
    """A document cited in the text."""

    type: str | None
    number: str
    date: date | None = None
    issuer: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"type": self.type, "number": self.number, "date": _iso(self.date), "issuer": self.issuer}


@dataclass(slots=True)
class Deadline:
    """A deadline: ``kind`` is "absolute", "period_end", "relative" or "recurring"."""

    date: date | None
    text: str
    kind: str

    def to_dict(self) -> dict[str, Any]:
        return {"date": _iso(self.date), "text": self.text, "kind": self.kind}


@dataclass(slots=True)
class Section:
    """A top-level numbered item of the body and the addressees it names."""

    label: str
    text: str
    addressees: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"label": self.label, "text": self.text, "addressees": list(self.addressees)}


@dataclass(slots=True)
class TableTask:
    """One task row of a plan's task table."""

    label: str | None
    text: str
    lead: str | None = None
    partners: list[str] = field(default_factory=list)
    due_text: str | None = None
    due_date: date | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "text": self.text,
            "lead": self.lead,
            "partners": list(self.partners),
            "due_text": self.due_text,
            "due_date": _iso(self.due_date),
        }


@dataclass(slots=True)
class Signature:
    """The signature block: authority lines (TM./KT./TL./…), the signer's post and name."""

    authority: list[str] = field(default_factory=list)
    position: str | None = None
    signer: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"authority": list(self.authority), "position": self.position, "signer": self.signer}


@dataclass(slots=True)
class ParsedDocument:
    """Everything read from one administrative document. Unreadable fields are None or empty."""

    issuer: str | None = None
    parent_issuer: str | None = None
    number: str | None = None
    symbol: str | None = None
    type: str | None = None
    place: str | None = None
    date: date | None = None
    subject: str | None = None
    recipients: list[str] = field(default_factory=list)
    references: list[Reference] = field(default_factory=list)
    deadlines: list[Deadline] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    table_tasks: list[TableTask] = field(default_factory=list)
    signature: Signature = field(default_factory=Signature)
    cc: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict with exactly the fields of FIELD_NAMES (dates as ISO strings)."""
        return {
            "issuer": self.issuer,
            "parent_issuer": self.parent_issuer,
            "number": self.number,
            "symbol": self.symbol,
            "type": self.type,
            "place": self.place,
            "date": _iso(self.date),
            "subject": self.subject,
            "recipients": list(self.recipients),
            "references": [r.to_dict() for r in self.references],
            "deadlines": [d.to_dict() for d in self.deadlines],
            "sections": [s.to_dict() for s in self.sections],
            "table_tasks": [t.to_dict() for t in self.table_tasks],
            "signature": self.signature.to_dict(),
            "cc": list(self.cc),
            "warnings": list(self.warnings),
        }
