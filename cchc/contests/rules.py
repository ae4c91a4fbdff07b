"""The rules of the contests, as plain functions (no database): phone numbers, draws, ranking keys, prizes,
shortened names, and how the judges' totals of a writing entry combine.

Ranking of a quiz round (stated on the public pages): more correct answers first; then the shorter time taken
(whole seconds); then the tie-break guess closest to the answer (the number of valid entrants of the round unless
the organiser sets it); then the earlier submission.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from statistics import median
from typing import Any

from .choices import ScoreStatus

_NON_DIGITS = re.compile(r"\D+")

RANKING_RULE = (
    "Xếp hạng: nhiều câu đúng hơn xếp trên; bằng nhau thì thời gian làm bài (tính theo giây) ngắn hơn xếp trên; "
    "vẫn bằng nhau thì dự đoán số người tham gia gần đúng hơn xếp trên; vẫn bằng nhau thì người nộp bài sớm hơn "
    "xếp trên. Đáp án câu hỏi phụ là số người tham gia hợp lệ của vòng (trừ khi ban tổ chức công bố khác)."
)
SPREAD_RULE = (
    "Điểm của bài là trung bình cộng tổng điểm của các giám khảo. Nếu điểm cao nhất và thấp nhất chênh nhau quá "
    "{threshold}% tổng điểm tối đa ({limit} điểm): khi có từ 3 giám khảo, bỏ điểm lệch xa trung vị nhất rồi tính "
    "trung bình các điểm còn lại (nếu vẫn chênh quá ngưỡng thì bài phải được xem xét lại); khi chỉ có 2 giám khảo, "
    "bài phải được xem xét lại (giao thêm giám khảo hoặc chấm lại). Chỉ công bố kết quả khi mọi bài đã có điểm "
    "và không còn bài cần xem xét."
)


def spread_rule_text(threshold_percent: Decimal, max_total: Decimal) -> str:
    """``SPREAD_RULE`` with the contest's figures, written the Vietnamese way (20 %, 20,00 điểm)."""
    from cchc.lib.vn import format_number

    return SPREAD_RULE.format(threshold=format_number(threshold_percent, 0),
                              limit=format_number(max_total * threshold_percent / 100, 2))


def normalise_phone(value: str) -> str | None:
    """A Vietnamese phone number as 0XXXXXXXXX (10 digits; 11 for old landlines); None when it is not one.

    "+84 905 123 456", "84905123456", "0905.123.456" and "0905 123 456" are the same person."""
    digits = _NON_DIGITS.sub("", value or "")
    if digits.startswith("0084"):
        digits = "0" + digits[4:]
    elif digits.startswith("84") and len(digits) in (11, 12):
        digits = "0" + digits[2:]
    elif not digits.startswith("0") and len(digits) == 9:
        digits = "0" + digits
    if not digits.startswith("0") or len(digits) not in (10, 11) or digits.startswith("00"):
        return None
    return digits


def draw_questions(question_ids: list[int], count: int, rng: random.Random | None = None) -> list[int]:
    """``count`` distinct questions drawn at random (all of them, shuffled, when the bank is smaller)."""
    rng = rng or random.SystemRandom()
    count = min(count, len(question_ids))
    return rng.sample(list(question_ids), count)


def is_correct(chosen: set[int], correct: set[int]) -> bool:
    """An answer is right when it picks exactly the correct choices (all of them for a multiple-choice question)."""
    return bool(chosen) and chosen == correct


def ranking_key(score: int, duration_seconds: int, guess: int | None, actual: int, submitted_at: Any,
                attempt_id: int = 0) -> tuple:
    distance = abs(guess - actual) if guess is not None else float("inf")
    return (-score, duration_seconds, distance, submitted_at, attempt_id)


def assign_prizes(count: int, prizes: list[dict]) -> list[str]:
    """Prize names for ranks 1..count (empty string past the last prize)."""
    names: list[str] = []
    for prize in prizes or []:
        names.extend([str(prize.get("name", ""))] * int(prize.get("count", 0) or 0))
    return [names[i] if i < len(names) else "" for i in range(count)]


def short_name(full_name: str) -> str:
    """A name fit for a public list: "Nguyễn Thị Hồng Nhung" → "Nguyễn T. H. Nhung"."""
    parts = (full_name or "").split()
    if len(parts) <= 2:
        return " ".join(parts[:1] + [p[0] + "." for p in parts[1:-1]] + parts[1:])
    return " ".join([parts[0], *[p[0] + "." for p in parts[1:-1]], parts[-1]])


@dataclass(frozen=True)
class Combined:
    final: Decimal | None
    status: str
    dropped: int | None = None  # index of the judge total left out
    spread: Decimal | None = None


def _q(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def combine_totals(totals: list[Decimal], max_total: Decimal, threshold_percent: Decimal) -> Combined:
    """Combine the judges' totals of an entry per ``SPREAD_RULE``."""
    if not totals:
        return Combined(None, ScoreStatus.PENDING)
    limit = max_total * threshold_percent / Decimal(100)
    spread = max(totals) - min(totals)
    mean = _q(sum(totals, Decimal(0)) / len(totals))
    if spread <= limit:
        return Combined(mean, ScoreStatus.OK, None, spread)
    if len(totals) >= 3:
        middle = Decimal(str(median(totals)))
        dropped = max(range(len(totals)), key=lambda i: (abs(totals[i] - middle), -i))
        rest = [t for i, t in enumerate(totals) if i != dropped]
        if max(rest) - min(rest) <= limit:
            return Combined(_q(sum(rest, Decimal(0)) / len(rest)), ScoreStatus.OUTLIER_DROPPED, dropped, spread)
    return Combined(mean, ScoreStatus.NEEDS_REVIEW, None, spread)
