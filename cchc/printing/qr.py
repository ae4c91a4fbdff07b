"""QR codes (segno) and the addresses they point to."""

from __future__ import annotations

import io
from dataclasses import dataclass
from urllib.parse import quote, urlsplit, urlunsplit

import segno
from django.conf import settings
from django.urls import NoReverseMatch, reverse

DEFAULT_PORTAL_URL = "https://dichvucong.gialai.gov.vn/"


@dataclass(frozen=True)
class Target:
    code: str  # portal | feedback | column
    label: str
    caption: str
    url: str


def _site(base: str = "") -> str:
    return (getattr(settings, "CCHC_SITE_URL", "") or base or "").rstrip("/")


def default_addresses(base: str = "") -> dict[str, str]:
    """Without the coordinator's choice: the province's public-services portal, this site's feedback page
    (when the feedback module is installed) and this site's public column."""
    site = _site(base)
    try:
        feedback = site + reverse("feedback:submit")
    except NoReverseMatch:
        feedback = site + "/"
    return {"portal": DEFAULT_PORTAL_URL, "feedback": feedback, "column": site + "/"}


def addresses(base: str = "") -> dict[str, str]:
    from .models import QrAddresses

    result = default_addresses(base)
    row = QrAddresses.objects.first()
    if row is not None:
        for code, field in (("portal", "portal_url"), ("feedback", "feedback_url"), ("column", "column_url")):
            if getattr(row, field):
                result[code] = getattr(row, field)
    return result


def targets(base: str = "") -> list[Target]:
    urls = addresses(base)
    return [
        Target("portal", "Cổng dịch vụ công trực tuyến", "Nộp hồ sơ trực tuyến", urls["portal"]),
        Target("feedback", "Phản ánh, kiến nghị", "Gửi phản ánh, kiến nghị", urls["feedback"]),
        Target("column", "Chuyên mục cải cách hành chính", "Đọc tin cải cách hành chính", urls["column"]),
    ]


def encode_url(url: str) -> str:
    """Percent-encode what a QR reader could mangle (spaces, Vietnamese letters) and leave the rest."""
    parts = urlsplit(url.strip())
    path = quote(parts.path, safe="/%:@!$&'()*+,;=-._~")
    query = quote(parts.query, safe="=&%:@!$'()*+,;/?-._~")
    netloc = parts.netloc if parts.netloc.isascii() else parts.netloc.encode("idna").decode()
    return urlunsplit((parts.scheme, netloc, path, query, parts.fragment))


def qr_svg_data_uri(url: str, *, scale: int = 4) -> str:
    return segno.make(encode_url(url), error="m", micro=False).svg_data_uri(scale=scale, border=2)


def qr_png(url: str, *, scale: int = 8) -> bytes:
    buffer = io.BytesIO()
    segno.make(encode_url(url), error="m", micro=False).save(buffer, kind="png", scale=scale, border=4)
    return buffer.getvalue()
