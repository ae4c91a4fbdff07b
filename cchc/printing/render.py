"""Printable PDFs (WeasyPrint): the tri-fold leaflet (A4 landscape, two sides, three panels a side) and the back of
the receipt (A4 or A5 portrait). Fonts: Liberation Sans / Arimo and Liberation Serif / Tinos installed on the system
(fonts-liberation2, fonts-croscore), complete for Vietnamese and embedded (subset) in the PDF; no web font."""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string

from cchc.core import clock

from .models import Publication, PublicationKind
from .qr import qr_svg_data_uri, targets

logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)


@dataclass
class Rendered:
    pdf: bytes
    pages: int
    expected_pages: int

    @property
    def overflows(self) -> bool:
        return self.pages > self.expected_pages


def context_for(publication: Publication, base: str = "") -> dict[str, Any]:
    codes = [target for target in targets(base)
             if getattr(publication, f"qr_{target.code}")]
    items = list(publication.items.all().order_by("-published_at")[:6])
    return {
        "publication": publication,
        "messages": list(publication.messages.filter(is_active=True)),
        "items": items,
        "codes": [{"target": t, "svg": qr_svg_data_uri(t.url)} for t in codes],
        "year": clock.today().year,
        "today": clock.today(),
        "unit": publication.unit,
        "province_name": getattr(settings, "CCHC_PROVINCE_NAME", "Gia Lai"),
    }


def render_html(publication: Publication, base: str = "") -> str:
    template = "printing/leaflet.html" if publication.kind == PublicationKind.LEAFLET else "printing/receipt.html"
    return render_to_string(template, context_for(publication, base))


def render_pdf(publication: Publication, base: str = "") -> Rendered:
    """The PDF (cached by the HTML it comes from: the same content is laid out once)."""
    from django.core.cache import cache

    html = render_html(publication, base)
    key = "printing:pdf:" + hashlib.sha256(html.encode()).hexdigest()
    cached = cache.get(key)
    if cached is not None:
        return cached
    from weasyprint import HTML

    document = HTML(string=html, base_url="/").render()
    rendered = Rendered(pdf=document.write_pdf(), pages=len(document.pages),
                        expected_pages=2 if publication.kind == PublicationKind.LEAFLET else 1)
    cache.set(key, rendered, 24 * 3600)
    return rendered
