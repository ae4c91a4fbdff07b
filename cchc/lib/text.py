"""Text that comes from outside (forms, API, imports): one cleaning rule at every boundary."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

# C0 controls except tab and newline, DEL, and the C1 controls; carriage returns become newlines.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def clean_text(value: Any) -> Any:
    """NFC-normalised text without control characters (tab and newline kept); anything else unchanged."""
    if not isinstance(value, str):
        return value
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", _CONTROL.sub("", value))
