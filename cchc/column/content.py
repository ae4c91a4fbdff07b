"""Content rules of the column: sanitised rich text, slugs, checked and resized images.

- Rich text goes through nh3 with a short allow-list (no script, no event handler, no ``javascript:`` link, no
  style); links get ``rel="noopener noreferrer"``.
- Titles and summaries are plain text (cleaned, NFC); templates and feeds escape them.
- Images are checked by content (``cchc.reports.uploads.check_upload``), opened by Pillow with a pixel limit,
  reduced to at most ``MAX_SIDE`` pixels and re-encoded (which also drops metadata and anything hidden after the
  image data).
"""

from __future__ import annotations

import html
import io
import re
import secrets
import warnings
from typing import Any

import nh3
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.text import slugify
from django.utils.translation import gettext as _

from cchc.lib import vn
from cchc.lib.text import clean_text
from cchc.reports.uploads import EVIDENCE_EXTENSIONS, check_upload

ALLOWED_TAGS = {"p", "br", "strong", "b", "em", "i", "u", "s", "ul", "ol", "li", "blockquote", "h2", "h3", "h4",
                "a", "img", "figure", "figcaption", "table", "thead", "tbody", "tr", "th", "td", "hr", "sub", "sup"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt", "width", "height"}, "th": {"scope"},
                      "td": {"colspan", "rowspan"}}
IMAGE_EXTENSIONS = frozenset({"jpg", "jpeg", "png", "webp", "gif"})
VIDEO_EXTENSIONS = frozenset({"mp4", "m4v", "webm"})
FILE_EXTENSIONS = EVIDENCE_EXTENSIONS
MAX_SIDE = 1600
MAX_PIXELS = 40_000_000


def sanitize_html(html: str | None) -> str:
    """HTML safe to show on a public page and in a feed."""
    if not html:
        return ""
    return nh3.clean(clean_text(html), tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES,
                     url_schemes={"http", "https", "mailto"}, link_rel="noopener noreferrer",
                     strip_comments=True).strip()


_TAG = re.compile(r"<\s*/?\s*[a-zA-Z!?][^<>]*>?")
_SCRIPT = re.compile(r"<\s*(script|style)[^>]*>.*?<\s*/\s*\1\s*>", re.IGNORECASE | re.DOTALL)


def strip_markup(text: str) -> str:
    """Text without anything a reader could take for markup (tags, even entity-encoded ones)."""
    value = text
    for _round in range(3):
        previous = value
        value = html.unescape(_TAG.sub("", _SCRIPT.sub("", value)))
        if value == previous:
            break
    return _TAG.sub("", value)


def plain(text: str | None, limit: int | None = None) -> str:
    """One line or paragraph of plain text from outside: cleaned, NFC, no markup, spaces tidied."""
    value = strip_markup(vn.clean(clean_text(text or "")))
    value = re.sub(r"[ \t]+", " ", value).strip()
    return value[:limit] if limit else value


def make_slug(title: str, taken: Any = None) -> str:
    """An ASCII address from the title ("Đô thị thông minh" → "do-thi-thong-minh"), unique with a suffix."""
    base = slugify(vn.fold(title))[:100].strip("-") or "bai-viet"
    slug = base
    while taken is not None and taken(slug):
        slug = f"{base}-{secrets.token_hex(2)}"
    return slug


def process_image(uploaded: Any) -> ContentFile:
    """A checked, resized, re-encoded copy of an uploaded image (JPEG, or PNG when it has transparency)."""
    from PIL import Image, UnidentifiedImageError

    check_upload(uploaded, allowed=IMAGE_EXTENSIONS)
    uploaded.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(uploaded)
        with image:
            if image.width * image.height > MAX_PIXELS:
                raise ValidationError(_("The image is too large (too many pixels)."))
            image.load()
            image.thumbnail((MAX_SIDE, MAX_SIDE))
            has_alpha = image.mode in ("RGBA", "LA", "P") and "transparency" in image.info or image.mode == "RGBA"
            out = io.BytesIO()
            if has_alpha:
                image.convert("RGBA").save(out, "PNG", optimize=True)
                extension = "png"
            else:
                image.convert("RGB").save(out, "JPEG", quality=85, optimize=True)
                extension = "jpg"
    except (UnidentifiedImageError, Image.DecompressionBombError, Image.DecompressionBombWarning, OSError,
            SyntaxError) as exc:
        raise ValidationError(_("The image cannot be read.")) from exc
    return ContentFile(out.getvalue(), name=f"{secrets.token_hex(12)}.{extension}")
