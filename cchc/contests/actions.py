"""Every change of a contest goes through a ``do_<verb>_<noun>`` function here (atomic, attributed).

The answer-save path (``save_answer``) is the hot one: one conditional UPDATE, nothing else when it succeeds.
Answers rows are created empty when the attempt starts; an answer is stored only while the attempt is in progress
and before its deadline, and ``do_submit_attempt`` locks the attempt before scoring, so an answer in flight never
lands after the score was computed (PostgreSQL: the save locks the attempt row ``FOR NO KEY UPDATE`` in the same
statement; SQLite: every write statement holds the database's write lock).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Count, Q

from cchc.core import clock
from cchc.core.audit import acting_as
from cchc.lib.text import clean_text

from . import rules
from .choices import AttemptStatus, QuestionKind
from .models import Answer, Attempt, Choice, Contest, Entrant, Question, Round

# A submission arriving this long after the deadline is still accepted (network latency of a slow phone).
GRACE = timedelta(seconds=5)


class ContestError(Exception):
    """A refusal the entrant or organiser reads (message in Vietnamese)."""

    def __init__(self, message: str, code: str = "invalid") -> None:
        super().__init__(message)
        self.message = message
        self.code = code


# --- The question bank, cached per process for the hot path (questions do not change during a round) ---

@dataclass(frozen=True)
class QuestionInfo:
    kind: str
    choice_ids: frozenset[int]
    correct_ids: frozenset[int]


_QUESTIONS: dict[int, tuple[float, QuestionInfo]] = {}
_CACHE_SECONDS = 120.0


def question_info(question_ids: list[int]) -> dict[int, QuestionInfo]:
    now = time.monotonic()
    missing = [qid for qid in question_ids if qid not in _QUESTIONS or _QUESTIONS[qid][0] < now]
    if missing:
        kinds = dict(Question.objects.filter(id__in=missing).order_by().values_list("id", "kind"))
        choices: dict[int, list[tuple[int, bool]]] = {qid: [] for qid in kinds}
        for cid, qid, correct in Choice.objects.filter(question_id__in=missing).order_by().values_list(
                "id", "question_id", "is_correct"):
            choices[qid].append((cid, correct))
        for qid, kind in kinds.items():
            info = QuestionInfo(kind, frozenset(c for c, _ in choices[qid]),
                                frozenset(c for c, ok in choices[qid] if ok))
            _QUESTIONS[qid] = (now + _CACHE_SECONDS, info)
    return {qid: _QUESTIONS[qid][1] for qid in question_ids if qid in _QUESTIONS}


def forget_questions() -> None:
    _QUESTIONS.clear()
    _BANKS.clear()


def _db_time(value: datetime) -> Any:
    return connection.ops.adapt_datetimefield_value(value)


# --- Taking part ---

def do_start_attempt(round_: Round, *, name: str, phone: str, unit_id: int | None = None, commune: str = "",
                     age_group: str = "", resume_tokens: set[str] | frozenset[str] = frozenset(),
                     now: datetime | None = None) -> Attempt:
    """Register (or find) the entrant by phone number and start an attempt: questions drawn, deadline set.

    An attempt in progress is returned again only to the browser or client that holds its token."""
    now = now or clock.now()
    if not round_.is_open(now):
        raise ContestError("Vòng thi không mở vào lúc này.", "closed")
    normalised = rules.normalise_phone(phone)
    if normalised is None:
        raise ContestError("Số điện thoại không hợp lệ (ví dụ: 0905 123 456).", "phone")
    name = " ".join(clean_text(name or "").split())[:120]
    if len(name) < 2:
        raise ContestError("Xin nhập họ và tên.", "name")
    bank = question_bank(round_.contest_id)
    if not bank:
        raise ContestError("Vòng thi chưa có câu hỏi.", "no_questions")
    try:
        with transaction.atomic():
            entrant = _entrant_for(round_.contest_id, normalised, name=name, unit_id=unit_id,
                                   commune=" ".join(clean_text(commune or "").split())[:120], age_group=age_group)
            attempts = list(Attempt.objects.filter(round=round_, entrant=entrant)
                            .only("id", "token", "status", "deadline"))
            for attempt in attempts:
                if attempt.status == AttemptStatus.IN_PROGRESS and attempt.deadline + GRACE > now:
                    if attempt.token in resume_tokens:
                        return attempt
                    raise ContestError("Số điện thoại này đang có một bài thi chưa nộp (mở lại trên thiết bị đã "
                                       "bắt đầu).", "in_progress")
            if len(attempts) >= round_.max_attempts:
                raise ContestError("Số điện thoại này đã dùng hết lượt thi của vòng.", "no_attempts_left")
            drawn = rules.draw_questions(bank, round_.question_count)
            attempt = Attempt.objects.create(round=round_, entrant=entrant, number=len(attempts) + 1,
                                             started_at=now, deadline=now + round_.time_limit())
            Answer.objects.bulk_create([Answer(attempt=attempt, question_id=qid, position=i)
                                        for i, qid in enumerate(drawn)])
            attempt.drawn = drawn
    except IntegrityError as exc:  # the same phone started at the same moment elsewhere
        raise ContestError("Số điện thoại này vừa bắt đầu một lượt thi khác.", "in_progress") from exc
    return attempt


_BANKS: dict[int, tuple[float, list[int]]] = {}


def question_bank(contest_id: int) -> list[int]:
    """The active questions of a contest (cached per process for a short while: the bank is fixed during a round)."""
    now = time.monotonic()
    cached = _BANKS.get(contest_id)
    if cached is None or cached[0] < now:
        ids = list(Question.objects.filter(contest_id=contest_id, is_active=True).order_by()
                   .values_list("id", flat=True))
        cached = _BANKS[contest_id] = (now + 30.0, ids)
    return cached[1]


def _entrant_for(contest_id: int, phone: str, **details: Any) -> Entrant:
    entrant = Entrant.objects.filter(contest_id=contest_id, phone=phone).first()
    if entrant is not None:
        return entrant
    try:
        with transaction.atomic():
            return Entrant.objects.create(contest_id=contest_id, phone=phone, **details)
    except IntegrityError:
        return Entrant.objects.get(contest_id=contest_id, phone=phone)


def parse_choices(values: Any) -> list[int]:
    if isinstance(values, (str, int)):
        values = [values]
    try:
        return sorted({int(v) for v in values or [] if str(v).strip()})
    except (TypeError, ValueError) as exc:
        raise ContestError("Đáp án không hợp lệ.", "choices") from exc


def save_answer(token: str, question_id: int, choice_ids: list[int], *, now: datetime | None = None) -> None:
    """Store one answer of an attempt in progress (one UPDATE). Raises ``ContestError`` when refused."""
    now = now or clock.now()
    info = question_info([question_id]).get(question_id)
    if info is None:
        raise ContestError("Câu hỏi không thuộc bài thi này.", "question")
    chosen = set(choice_ids)
    if not chosen <= info.choice_ids or (info.kind == QuestionKind.SINGLE and len(chosen) > 1):
        raise ContestError("Đáp án không hợp lệ.", "choices")
    value = ",".join(str(c) for c in sorted(chosen))
    stamp = _db_time(now)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "WITH a AS (SELECT id FROM contests_attempt WHERE token = %s AND status = 'in_progress' "
                "AND deadline + interval '5 seconds' > %s FOR NO KEY UPDATE) "
                "UPDATE contests_answer SET choices = %s, answered_at = %s FROM a "
                "WHERE contests_answer.attempt_id = a.id AND contests_answer.question_id = %s",
                [token, stamp, value, stamp, question_id])
        else:
            cursor.execute(
                "UPDATE contests_answer SET choices = %s, answered_at = %s WHERE question_id = %s AND attempt_id = "
                "(SELECT id FROM contests_attempt WHERE token = %s AND status = 'in_progress' AND deadline > %s)",
                [value, stamp, question_id, token, _db_time(now - GRACE)])
        if cursor.rowcount == 1:
            return
    _explain_refusal(token, question_id, now)


def save_guess(token: str, guess: int | None, *, now: datetime | None = None) -> None:
    """Store the tie-break guess of an attempt in progress (one conditional UPDATE)."""
    now = now or clock.now()
    if guess is not None and not (0 <= guess <= 10_000_000):
        raise ContestError("Số dự đoán không hợp lệ.", "guess")
    updated = Attempt.objects.filter(token=token, status=AttemptStatus.IN_PROGRESS,
                                     deadline__gt=now - GRACE).update(tie_break_guess=guess)
    if not updated:
        _explain_refusal(token, None, now)


def _explain_refusal(token: str, question_id: int | None, now: datetime) -> None:
    attempt = Attempt.objects.filter(token=token).only("id", "status", "deadline").first()
    if attempt is None:
        raise ContestError("Không tìm thấy bài thi.", "not_found")
    if attempt.status != AttemptStatus.IN_PROGRESS:
        raise ContestError("Bài thi đã nộp, không sửa được nữa.", "finished")
    if attempt.deadline + GRACE <= now:
        raise ContestError("Đã hết giờ làm bài: các câu đã lưu trước đó vẫn được tính.", "time_up")
    raise ContestError("Câu hỏi không thuộc bài thi này.", "question")


def do_submit_attempt(token: str, *, guess: int | None = None, now: datetime | None = None) -> tuple[Attempt, bool]:
    """Score and close an attempt, exactly once. Returns (attempt, accepted now).

    Past the deadline (plus a few seconds of grace) the submission is refused: the attempt is closed as
    "hết giờ" with the answers saved before the deadline, and the guess sent with it is ignored."""
    now = now or clock.now()
    with transaction.atomic():
        # of=("self",): lock the attempt row only (never the round or contest that other entrants share)
        attempt = (Attempt.objects.select_for_update(of=("self",)).select_related("round").filter(token=token)
                   .order_by().first())
        if attempt is None:
            raise ContestError("Không tìm thấy bài thi.", "not_found")
        if attempt.status != AttemptStatus.IN_PROGRESS:
            return attempt, False
        late = now > attempt.deadline + GRACE
        if not late and guess is not None:
            if not (0 <= guess <= 10_000_000):
                raise ContestError("Số dự đoán không hợp lệ.", "guess")
            attempt.tie_break_guess = guess
        _finalise(attempt, at=min(now, attempt.deadline) if late else now,
                  status=AttemptStatus.EXPIRED if late else AttemptStatus.SUBMITTED)
    if late:
        raise ContestError("Đã quá giờ nộp bài: bài được tính với các câu đã lưu trước khi hết giờ.", "time_up")
    return attempt, True


def _finalise(attempt: Attempt, *, at: datetime, status: str) -> None:
    """Score ``attempt`` (locked by the caller) from its saved answers and close it."""
    answers = list(Answer.objects.filter(attempt=attempt).only("id", "question_id", "choices"))
    infos = question_info([a.question_id for a in answers])
    score = 0
    for answer in answers:
        info = infos.get(answer.question_id)
        answer.is_correct = bool(info) and rules.is_correct(set(answer.choice_ids()), set(info.correct_ids))
        score += answer.is_correct
    Answer.objects.bulk_update(answers, ["is_correct"])
    attempt.score = score
    attempt.status = status
    attempt.submitted_at = at
    attempt.duration_seconds = max(0, int((at - attempt.started_at).total_seconds()))
    attempt.save(update_fields=["score", "status", "submitted_at", "duration_seconds", "tie_break_guess"])


def expire_overdue_attempts(round_: Round | None = None, *, now: datetime | None = None,
                            everything: bool = False, only: int | None = None) -> int:
    """Close the attempts whose time is up (or every open attempt of ``round_`` with ``everything``), scored
    with their saved answers. Idempotent."""
    now = now or clock.now()
    query = Attempt.objects.filter(status=AttemptStatus.IN_PROGRESS)
    if only is not None:
        query = query.filter(pk=only)
    if round_ is not None:
        query = query.filter(round=round_)
    if not everything:
        query = query.filter(deadline__lt=now - GRACE)
    done = 0
    for attempt_id in list(query.values_list("id", flat=True)):
        with transaction.atomic():
            attempt = Attempt.objects.select_for_update(of=("self",)).order_by().filter(
                id=attempt_id, status=AttemptStatus.IN_PROGRESS).first()
            if attempt is None:
                continue
            _finalise(attempt, at=min(now, attempt.deadline), status=AttemptStatus.EXPIRED)
            done += 1
    return done


# --- Organisers ---

def do_close_round(round_: Round, *, acting_user: Any, now: datetime | None = None) -> Round:
    """Close a round (early, or once past its end): no new attempt, open attempts scored as they stand."""
    now = now or clock.now()
    with acting_as(acting_user), transaction.atomic():
        locked = Round.objects.select_for_update().get(pk=round_.pk)
        if locked.closed_at is None:
            locked.closed_at = now
            locked.closed_by = acting_user
            if locked.ends_at > now:
                locked.ends_at = now
            locked.save(update_fields=["closed_at", "closed_by", "ends_at"])
    expire_overdue_attempts(locked, now=now, everything=True)
    round_.closed_at, round_.closed_by_id, round_.ends_at = locked.closed_at, locked.closed_by_id, locked.ends_at
    return locked


def close_due_rounds(*, now: datetime | None = None) -> list[Round]:
    """The periodic command: close every round past its end; expire attempts past their deadline."""
    now = now or clock.now()
    closed = [do_close_round(r, acting_user=None, now=now)
              for r in Round.objects.filter(closed_at__isnull=True, ends_at__lte=now)]
    expire_overdue_attempts(now=now)
    return closed


def do_disqualify_attempt(attempt: Attempt, *, reason: str, acting_user: Any) -> Attempt:
    reason = clean_text(reason or "").strip()
    if len(reason) < 3:
        raise ContestError("Xin ghi lý do loại bài thi.", "reason")
    with acting_as(acting_user), transaction.atomic():
        attempt = Attempt.objects.select_for_update(of=("self",)).get(pk=attempt.pk)
        if attempt.status == AttemptStatus.IN_PROGRESS:
            raise ContestError("Bài thi chưa nộp.", "in_progress")
        if attempt.round.winners_published_at:
            raise ContestError("Vòng thi đã công bố giải: không loại bài được nữa.", "published")
        attempt.status = AttemptStatus.DISQUALIFIED
        attempt.disqualified_reason = reason[:500]
        attempt.disqualified_by = acting_user
        attempt.save(update_fields=["status", "disqualified_reason", "disqualified_by"])
    return attempt


def do_publish_winners(round_: Round, *, acting_user: Any, now: datetime | None = None) -> Round:
    now = now or clock.now()
    with acting_as(acting_user), transaction.atomic():
        round_ = Round.objects.select_for_update().get(pk=round_.pk)
        if round_.closed_at is None:
            raise ContestError("Phải đóng vòng thi trước khi công bố giải.", "open")
        if round_.tie_break_answer is None:
            round_.tie_break_answer = participant_count(round_)
        round_.winners_published_at = round_.winners_published_at or now
        round_.save(update_fields=["tie_break_answer", "winners_published_at"])
    return round_


def do_create_contest(*, acting_user: Any, **fields: Any) -> Contest:
    with acting_as(acting_user), transaction.atomic():
        return Contest.objects.create(**fields)


def do_save_round(round_: Round, *, acting_user: Any) -> Round:
    if round_.ends_at <= round_.starts_at:
        raise ContestError("Thời điểm kết thúc phải sau thời điểm bắt đầu.", "dates")
    with acting_as(acting_user), transaction.atomic():
        round_.save()
    return round_


def do_add_question(contest: Contest, *, text: str, kind: str, choices: list[tuple[str, bool]],
                    acting_user: Any, order: int | None = None) -> Question:
    text = clean_text(text or "").strip()
    choices = [(clean_text(c).strip(), ok) for c, ok in choices if clean_text(c or "").strip()]
    if not text:
        raise ContestError("Câu hỏi trống.", "text")
    if len(choices) < 2:
        raise ContestError("Mỗi câu hỏi cần ít nhất hai đáp án.", "choices")
    correct = sum(1 for _, ok in choices if ok)
    if correct == 0:
        raise ContestError("Câu hỏi chưa có đáp án đúng.", "correct")
    if kind == QuestionKind.SINGLE and correct > 1:
        raise ContestError("Câu hỏi chọn một đáp án chỉ có một đáp án đúng.", "correct")
    with acting_as(acting_user), transaction.atomic():
        if order is None:
            order = contest.questions.count() + 1
        question = Question.objects.create(contest=contest, text=text, kind=kind, order=order)
        Choice.objects.bulk_create([Choice(question=question, text=c[:500], is_correct=ok, order=i)
                                    for i, (c, ok) in enumerate(choices)])
    return question


# --- Results ---

def participant_count(round_: Round) -> int:
    """Valid entrants of the round: distinct people with a counted (not disqualified) attempt."""
    return (Attempt.objects.filter(round=round_, status__in=[AttemptStatus.SUBMITTED, AttemptStatus.EXPIRED])
            .values("entrant_id").distinct().count())


def ranking(round_: Round) -> list[dict[str, Any]]:
    """The ranking of a round: each entrant's best counted attempt, sorted per ``rules.RANKING_RULE``."""
    rows = list(Attempt.objects.filter(round=round_, status__in=[AttemptStatus.SUBMITTED, AttemptStatus.EXPIRED])
                .values("id", "entrant_id", "score", "duration_seconds", "tie_break_guess", "submitted_at",
                        "status", "entrant__name", "entrant__unit__short_name", "entrant__unit__name",
                        "entrant__commune", "entrant__age_group", "entrant__phone"))
    actual = round_.tie_break_answer if round_.tie_break_answer is not None else len({r["entrant_id"] for r in rows})
    best: dict[int, dict] = {}
    for row in rows:
        row["key"] = rules.ranking_key(row["score"] or 0, row["duration_seconds"] or 0, row["tie_break_guess"],
                                       actual, row["submitted_at"], row["id"])
        current = best.get(row["entrant_id"])
        if current is None or row["key"] < current["key"]:
            best[row["entrant_id"]] = row
    ordered = sorted(best.values(), key=lambda r: r["key"])
    prizes = rules.assign_prizes(len(ordered), round_.prizes)
    for rank, (row, prize) in enumerate(zip(ordered, prizes, strict=True), start=1):
        row["rank"] = rank
        row["prize"] = prize
        row["distance"] = abs(row["tie_break_guess"] - actual) if row["tie_break_guess"] is not None else None
        row["unit_name"] = row["entrant__unit__short_name"] or row["entrant__unit__name"] or ""
        row["short_name"] = rules.short_name(row["entrant__name"])
    return ordered


def round_statistics(round_: Round) -> dict[str, Any]:
    """Entrants by unit, commune and age group; the questions most got wrong."""
    counted = Attempt.objects.filter(round=round_, status__in=[AttemptStatus.SUBMITTED, AttemptStatus.EXPIRED])
    entrants = Entrant.objects.filter(attempts__in=counted).distinct()
    by_unit = list(entrants.values("unit__short_name", "unit__name").annotate(n=Count("id")).order_by("-n"))
    by_commune = list(entrants.exclude(commune="").values("commune").annotate(n=Count("id")).order_by("-n")[:30])
    by_age = list(entrants.values("age_group").annotate(n=Count("id")).order_by("age_group"))
    wrong = list(Answer.objects.filter(attempt__in=counted).values("question_id", "question__text")
                 .annotate(asked=Count("id"), wrong=Count("id", filter=~Q(is_correct=True)))
                 .order_by("-wrong", "question_id")[:15])
    for row in wrong:
        row["share"] = row["wrong"] / row["asked"] if row["asked"] else None
    wrong.sort(key=lambda r: (-(r["share"] or 0), r["question_id"]))
    status_counts = dict(Attempt.objects.filter(round=round_).values_list("status").annotate(n=Count("id")))
    return {"by_unit": by_unit, "by_commune": by_commune, "by_age": by_age, "wrong": wrong,
            "status_counts": status_counts, "participants": entrants.count()}


def question_import_rows(rows: list[list[Any]]) -> list[dict[str, Any]]:
    """Questions from spreadsheet rows: Câu hỏi | Loại (một/nhiều) | Đáp án A … | Đáp án đúng (A, C).

    Every bad row is reported; nothing is imported unless all rows are good."""
    questions, errors = [], []
    for number, row in enumerate(rows, start=2):
        cells = ["" if c is None else str(c).strip() for c in row]
        if not any(cells):
            continue
        text = cells[0] if cells else ""
        kind_text = rules_fold(cells[1] if len(cells) > 1 else "")
        answers = [c for c in cells[2:-1]] if len(cells) > 3 else []
        correct_letters = {p.strip().upper() for p in (cells[-1] if len(cells) > 3 else "").replace(";", ",")
                           .split(",") if p.strip()}
        choices = [(c, chr(ord("A") + i) in correct_letters) for i, c in enumerate(answers) if c]
        kind = QuestionKind.MULTIPLE if "nhieu" in kind_text or kind_text == "multiple" else QuestionKind.SINGLE
        problems = []
        if not text:
            problems.append("thiếu câu hỏi")
        if len(choices) < 2:
            problems.append("cần ít nhất hai đáp án")
        if not any(ok for _, ok in choices):
            problems.append("không có đáp án đúng (cột cuối: A, B…)")
        if kind == QuestionKind.SINGLE and sum(ok for _, ok in choices) > 1:
            problems.append("câu chọn một đáp án nhưng ghi nhiều đáp án đúng")
        if problems:
            errors.append(f"Dòng {number}: " + "; ".join(problems))
        else:
            questions.append({"text": text, "kind": kind, "choices": choices})
    if errors:
        raise ValidationError(errors)
    return questions


def rules_fold(text: str) -> str:
    from cchc.lib.vn import fold

    return fold(text or "").strip()


MAX_IMPORT_ROWS = 2000


def do_import_questions(contest: Contest, uploaded_file: Any, *, acting_user: Any) -> int:
    """Import a question bank from an XLSX file (all rows or none)."""
    from cchc.reports.uploads import check_upload

    check_upload(uploaded_file, allowed={"xlsx"})
    rows = read_xlsx_rows(uploaded_file)
    questions = question_import_rows(rows)
    if not questions:
        raise ValidationError(["Tệp không có câu hỏi nào."])
    with acting_as(acting_user), transaction.atomic():
        start = contest.questions.count()
        for i, q in enumerate(questions, start=1):
            do_add_question(contest, text=q["text"], kind=q["kind"], choices=q["choices"], acting_user=acting_user,
                            order=start + i)
    return len(questions)


def read_xlsx_rows(uploaded_file: Any) -> list[list[Any]]:
    """The rows after the header of the first sheet (openpyxl read-only, at most MAX_IMPORT_ROWS rows)."""
    uploaded_file.seek(0)
    import openpyxl

    try:
        book = openpyxl.load_workbook(uploaded_file, read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - any broken workbook
        raise ValidationError(["Không đọc được tệp Excel."]) from exc
    try:
        sheet = book.worksheets[0]
        rows = []
        for i, row in enumerate(sheet.iter_rows(values_only=True)):
            if i > MAX_IMPORT_ROWS:
                raise ValidationError([f"Tệp có quá {MAX_IMPORT_ROWS} dòng."])
            if i:
                rows.append(list(row[:12]))
        return rows
    finally:
        book.close()

# --- Writing contests ---

def _next_entry_code(contest: Contest) -> str:
    from .models import Entry

    return f"BD-{Entry.objects.filter(contest=contest).count() + 1:04d}"


def do_submit_entry(contest: Contest, *, name: str, phone: str, title: str, text: str = "", uploaded_file: Any = None,
                    unit_id: int | None = None, commune: str = "", age_group: str = "", acting_user: Any = None,
                    source: str = "online", now: datetime | None = None) -> Any:
    """An entry of a writing contest, submitted online by its author or registered from paper by the organiser."""
    from cchc.reports.uploads import check_upload

    from .models import Entry

    now = now or clock.now()
    if contest.is_quiz:
        raise ContestError("Cuộc thi này không nhận bài viết.", "kind")
    if source == "online" and contest.entries_open_until and now > contest.entries_open_until:
        raise ContestError("Đã hết hạn nộp bài dự thi.", "closed")
    normalised = rules.normalise_phone(phone)
    if normalised is None:
        raise ContestError("Số điện thoại không hợp lệ (ví dụ: 0905 123 456).", "phone")
    name = " ".join(clean_text(name or "").split())[:120]
    title = " ".join(clean_text(title or "").split())[:255]
    text = clean_text(text or "").strip()
    if len(name) < 2:
        raise ContestError("Xin nhập họ và tên.", "name")
    if not title:
        raise ContestError("Xin nhập tên bài dự thi.", "title")
    if not text and not uploaded_file:
        raise ContestError("Xin nhập nội dung bài hoặc đính kèm tệp.", "text")
    file_type = ""
    if uploaded_file:
        try:
            file_type, _ext = check_upload(uploaded_file, allowed={"pdf", "docx", "doc", "jpg", "jpeg", "png"})
        except ValidationError as exc:
            raise ContestError(" ".join(exc.messages), "file") from exc
    with acting_as(acting_user), transaction.atomic():
        entrant = _entrant_for(contest.id, normalised, name=name, unit_id=unit_id,
                               commune=" ".join(clean_text(commune or "").split())[:120], age_group=age_group)
        Contest.objects.select_for_update().filter(pk=contest.pk).first()  # serialise the numbering
        entry = Entry(contest=contest, entrant=entrant, code=_next_entry_code(contest), title=title, text=text,
                      source=source, submitted_at=now, registered_by=acting_user, file_type=file_type)
        if uploaded_file:
            uploaded_file.seek(0)
            entry.file.save(uploaded_file.name.rsplit("/", 1)[-1], uploaded_file, save=False)
        entry.save()
    return entry


def do_assign_entries(entries: list[Any], judges: list[Any], *, acting_user: Any) -> list[Any]:
    """Give each entry to each judge (idempotent). A judge of the entrant's own unit is flagged as a conflict."""
    from .models import JuryAssignment

    created = []
    with acting_as(acting_user), transaction.atomic():
        for judge in judges:
            judge_units = set(judge.units.values_list("id", flat=True))
            for entry in entries:
                if entry.contest.results_published_at:
                    raise ContestError("Kết quả đã công bố: không giao chấm thêm được.", "published")
                assignment, made = JuryAssignment.objects.get_or_create(
                    entry=entry, judge=judge,
                    defaults={"conflict": bool(entry.entrant.unit_id and entry.entrant.unit_id in judge_units)})
                if made:
                    created.append(assignment)
    return created


def do_remove_assignment(assignment: Any, *, acting_user: Any) -> None:
    with acting_as(acting_user), transaction.atomic():
        assignment.delete()


def do_score_entry(assignment: Any, points: dict[int, Any], *, comment: str = "", acting_user: Any) -> Any:
    """A judge's points, one per criterion, each within 0 and the criterion's maximum (all or nothing)."""
    from decimal import Decimal, InvalidOperation

    from .models import Score

    if assignment.judge_id != getattr(acting_user, "id", None):
        raise ContestError("Bài này không được giao cho bạn.", "forbidden")
    contest = Contest.objects.get(pk=assignment.entry.contest_id)
    if contest.results_published_at:
        raise ContestError("Kết quả đã công bố: không sửa điểm được nữa.", "published")
    criteria = list(contest.criteria.all())
    values: dict[int, Decimal] = {}
    errors = []
    for criterion in criteria:
        raw = points.get(criterion.id)
        try:
            value = Decimal(str(raw).replace(",", ".").strip())
        except (InvalidOperation, TypeError):
            errors.append(f"{criterion.name}: chưa nhập điểm.")
            continue
        if not value.is_finite() or value < 0 or value > criterion.max_points:
            errors.append(f"{criterion.name}: điểm phải từ 0 đến {criterion.max_points.normalize():f}.")
            continue
        values[criterion.id] = value.quantize(Decimal("0.01"))
    if errors:
        raise ContestError(" ".join(errors), "points")
    with acting_as(acting_user), transaction.atomic():
        for criterion_id, value in values.items():
            Score.objects.update_or_create(assignment=assignment, criterion_id=criterion_id,
                                           defaults={"points": value})
        assignment.comment = clean_text(comment or "").strip()[:2000]
        assignment.scored_at = clock.now()
        assignment.save(update_fields=["comment", "scored_at"])
    return assignment


def entry_results(contest: Contest) -> list[dict[str, Any]]:
    """Every entry with its judges' totals and the combined score (``rules.combine_totals``), ranked."""
    from decimal import Decimal

    from .models import Entry

    max_total = contest.max_total()
    criteria_count = contest.criteria.count()
    rows = []
    entries = (Entry.objects.filter(contest=contest).select_related("entrant", "entrant__unit")
               .prefetch_related("assignments__scores", "assignments__judge"))
    for entry in entries:
        judges = []
        for assignment in entry.assignments.all():
            scores = list(assignment.scores.all())
            complete = assignment.scored_at is not None and len(scores) == criteria_count
            judges.append({"assignment": assignment, "judge": assignment.judge, "conflict": assignment.conflict,
                           "total": sum((s.points for s in scores), Decimal(0)) if complete else None})
        totals = [j["total"] for j in judges if j["total"] is not None]
        if not judges or len(totals) < len(judges):
            combined = rules.Combined(None, "pending")
        else:
            combined = rules.combine_totals(totals, max_total, contest.spread_threshold)
        scored = [j for j in judges if j["total"] is not None]
        for i, judge in enumerate(scored):
            judge["dropped"] = combined.dropped == i
        rows.append({"entry": entry, "judges": judges, "final": combined.final, "status": combined.status,
                     "spread": combined.spread, "conflict": any(j["conflict"] for j in judges)})
    rows.sort(key=lambda r: (r["final"] is None, -(r["final"] or 0), r["entry"].submitted_at, r["entry"].id))
    prizes = rules.assign_prizes(len(rows), contest.prizes)
    for rank, (row, prize) in enumerate(zip(rows, prizes, strict=True), start=1):
        row["rank"] = rank if row["final"] is not None else None
        row["prize"] = prize if row["final"] is not None else ""
        row["short_name"] = rules.short_name(row["entry"].entrant.name)
    return rows


def do_publish_results(contest: Contest, *, acting_user: Any, now: datetime | None = None) -> Contest:
    rows = entry_results(contest)
    if not rows:
        raise ContestError("Chưa có bài dự thi.", "empty")
    pending = [r["entry"].code for r in rows if r["status"] == "pending"]
    review = [r["entry"].code for r in rows if r["status"] == "needs_review"]
    if pending:
        raise ContestError("Còn bài chưa chấm xong: " + ", ".join(pending[:10]) + ".", "pending")
    if review:
        raise ContestError("Còn bài cần xem xét lại vì điểm chênh lệch lớn: " + ", ".join(review[:10]) + ".",
                           "review")
    with acting_as(acting_user), transaction.atomic():
        contest.results_published_at = now or clock.now()
        contest.save(update_fields=["results_published_at"])
    return contest
