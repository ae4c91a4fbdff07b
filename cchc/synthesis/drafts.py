"""Reading the clerk's draft of a synthesis: the edited paragraphs, the signer and the recipients, with the defaults
(of the directive, then of the instance, then built in) when nothing was chosen yet."""

from __future__ import annotations

from typing import Any

from cchc.lib import vn

from .docx_report import RECIPIENTS, Signature
from .models import ReportDraft, SignatureDefaults


def recipient_lines(text: str) -> list[str]:
    """ "- Như trên;\\n- Lưu: VT, CCHC." → ["Như trên", "Lưu: VT, CCHC"]."""
    lines = []
    for line in (text or "").splitlines():
        line = vn.clean(line).strip().lstrip("-–•").strip().rstrip(";.").strip()
        if line:
            lines.append(line)
    return lines


def defaults_for(directive: Any) -> SignatureDefaults | None:
    """The directive's own defaults, else the instance's (no directive), else None."""
    if directive is not None:
        own = SignatureDefaults.objects.filter(directive=directive).first()
        if own is not None:
            return own
    return SignatureDefaults.objects.filter(directive__isnull=True).first()


def _signature(source: Any) -> Signature:
    return Signature(name=vn.clean(source.signer_name), position=vn.clean(source.signer_position) or "GIÁM ĐỐC",
                     on_behalf=bool(source.on_behalf), head_position=vn.clean(source.head_position) or "GIÁM ĐỐC",
                     recipients=recipient_lines(source.recipients) or list(RECIPIENTS))


def draft_of(form: Any, period: Any) -> ReportDraft | None:
    return ReportDraft.objects.filter(form=form, period=period).first()


def signature_for(form: Any, period: Any, draft: ReportDraft | None = None) -> Signature:
    """The draft's signer when the clerk chose one, else the defaults."""
    draft = draft if draft is not None else draft_of(form, period)
    if draft is not None and (draft.signer_name or draft.signer_position or draft.recipients):
        return _signature(draft)
    defaults = defaults_for(form.directive)
    return _signature(defaults) if defaults is not None else Signature()


def edits_for(form: Any, period: Any, draft: ReportDraft | None = None) -> dict[str, Any]:
    draft = draft if draft is not None else draft_of(form, period)
    return dict(draft.edits or {}) if draft is not None else {}
