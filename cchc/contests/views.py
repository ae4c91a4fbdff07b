"""Public pages of the contests: the list, a contest, taking a round, the result, the winners, writing entries.

No personal data on these pages beyond the entrant's own attempt: winners are listed with shortened names and
their unit or commune, never a phone number."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from cchc.core import clock

from . import access, actions, rules
from .choices import AttemptStatus, ContestKind
from .forms import EntrantForm, EntryForm
from .models import Answer, Attempt, Choice, Contest, Round

SESSION_KEY = "contest_tokens"


def _tokens(request: HttpRequest) -> set[str]:
    return set(request.session.get(SESSION_KEY, []))


def _remember(request: HttpRequest, token: str) -> None:
    tokens = request.session.get(SESSION_KEY, [])
    if token not in tokens:
        request.session[SESSION_KEY] = (tokens + [token])[-20:]


def contest_list(request: HttpRequest) -> HttpResponse:
    contests = Contest.objects.filter(is_published=True).prefetch_related("rounds")
    return render(request, "contests/public_list.html", {"contests": contests, "now": clock.now()})


def contest_detail(request: HttpRequest, slug: str) -> HttpResponse:
    contest = get_object_or_404(Contest, slug=slug, is_published=True)
    now = clock.now()
    rounds = list(contest.rounds.all())
    for round_ in rounds:
        round_.open_now = round_.is_open(now)
    return render(request, "contests/public_detail.html", {
        "contest": contest, "rounds": rounds, "now": now, "ranking_rule": rules.RANKING_RULE,
        "spread_rule": rules.spread_rule_text(contest.spread_threshold, contest.max_total()),
        "criteria": contest.criteria.all(),
        "entries_open": contest.kind == ContestKind.WRITING and (
            contest.entries_open_until is None or now <= contest.entries_open_until)})


@require_http_methods(["GET", "POST"])
def round_start(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = get_object_or_404(Round.objects.select_related("contest"), pk=pk, contest__is_published=True)
    form = EntrantForm(request.POST or None)
    error = ""
    if request.method == "POST" and form.is_valid():
        if not access.public_allowed(request, "start"):
            error = access.RATE_LIMITED
        else:
            data = form.cleaned_data
            try:
                attempt = actions.do_start_attempt(
                    round_, name=data["name"], phone=data["phone"], unit_id=data["unit"].id if data["unit"] else None,
                    commune=data["commune"], age_group=data["age_group"], resume_tokens=_tokens(request))
            except actions.ContestError as exc:
                error = exc.message
            else:
                _remember(request, attempt.token)
                return redirect("contests:attempt", attempt.token)
    return render(request, "contests/start.html", {"round": round_, "contest": round_.contest, "form": form,
                                                   "error": error, "open": round_.is_open(clock.now())},
                  status=400 if error else 200)


def _attempt_questions(attempt: Attempt) -> list[dict]:
    answers = list(Answer.objects.filter(attempt=attempt).select_related("question").order_by("position"))
    choices: dict[int, list[Choice]] = {}
    for choice in Choice.objects.filter(question_id__in=[a.question_id for a in answers]).order_by("order", "id"):
        choices.setdefault(choice.question_id, []).append(choice)
    return [{"answer": a, "question": a.question, "choices": choices.get(a.question_id, []),
             "chosen": set(a.choice_ids()), "multiple": a.question.kind == "multiple"} for a in answers]


@require_http_methods(["GET", "POST"])
def attempt_page(request: HttpRequest, token: str) -> HttpResponse:
    """The attempt: one plain form (works without JavaScript); with JavaScript each answer is saved on change."""
    attempt = get_object_or_404(Attempt.objects.select_related("round", "round__contest", "entrant"), token=token)
    now = clock.now()
    if attempt.status == AttemptStatus.IN_PROGRESS and now > attempt.deadline + actions.GRACE:
        actions.expire_overdue_attempts(now=now, only=attempt.pk)
        attempt.refresh_from_db()
    if attempt.is_finished:
        return redirect("contests:result", token)
    questions = _attempt_questions(attempt)
    if request.method == "POST":
        problems = []
        for item in questions:
            qid = item["question"].id
            values = request.POST.getlist(f"q{qid}")
            try:
                chosen = actions.parse_choices(values)
                if set(chosen) != item["chosen"]:
                    actions.save_answer(token, qid, chosen, now=now)
            except actions.ContestError as exc:
                problems.append(exc)
        guess_text = request.POST.get("guess", "").strip()
        guess = int(guess_text) if guess_text.isdigit() else None
        if request.POST.get("action") == "submit":
            try:
                actions.do_submit_attempt(token, guess=guess, now=now)
            except actions.ContestError as exc:
                messages.warning(request, exc.message)
            return redirect("contests:result", token)
        try:
            actions.save_guess(token, guess, now=now)
        except actions.ContestError as exc:
            problems.append(exc)
        if any(p.code == "time_up" for p in problems):
            return redirect("contests:attempt", token)
        if problems:
            messages.error(request, problems[0].message)
        else:
            messages.success(request, "Đã lưu các câu trả lời.")
        return redirect("contests:attempt", token)
    seconds_left = max(0, int((attempt.deadline - now).total_seconds()))
    return render(request, "contests/attempt.html", {
        "attempt": attempt, "round": attempt.round, "contest": attempt.round.contest, "questions": questions,
        "seconds_left": seconds_left, "answered": sum(1 for q in questions if q["chosen"])})


def attempt_result(request: HttpRequest, token: str) -> HttpResponse:
    attempt = get_object_or_404(Attempt.objects.select_related("round", "round__contest", "entrant"), token=token)
    if not attempt.is_finished:
        if clock.now() > attempt.deadline + actions.GRACE:
            actions.expire_overdue_attempts(only=attempt.pk)
            attempt.refresh_from_db()
        else:
            return redirect("contests:attempt", token)
    rank = None
    if attempt.round.winners_published_at and attempt.counts:
        for row in actions.ranking(attempt.round):
            if row["id"] == attempt.id:
                rank = row
                break
    return render(request, "contests/result.html", {
        "attempt": attempt, "round": attempt.round, "contest": attempt.round.contest, "rank": rank,
        "total": attempt.answers.count()})


def round_winners(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = get_object_or_404(Round.objects.select_related("contest"), pk=pk, contest__is_published=True)
    if not round_.winners_published_at:
        raise Http404
    winners = [row for row in actions.ranking(round_) if row["prize"]]
    return render(request, "contests/winners.html", {
        "round": round_, "contest": round_.contest, "winners": winners, "ranking_rule": rules.RANKING_RULE,
        "participants": actions.participant_count(round_)})


@require_http_methods(["GET", "POST"])
def entry_submit(request: HttpRequest, slug: str) -> HttpResponse:
    contest = get_object_or_404(Contest, slug=slug, is_published=True, kind=ContestKind.WRITING)
    form = EntryForm(request.POST or None, request.FILES or None)
    error = ""
    if request.method == "POST" and form.is_valid():
        if not access.public_allowed(request, "entry", limit=10, window=3600):
            error = access.RATE_LIMITED
        else:
            data = form.cleaned_data
            try:
                entry = actions.do_submit_entry(
                    contest, name=data["name"], phone=data["phone"], title=data["title"], text=data["text"],
                    uploaded_file=data.get("file"), unit_id=data["unit"].id if data["unit"] else None,
                    commune=data["commune"], age_group=data["age_group"])
            except actions.ContestError as exc:
                error = exc.message
            else:
                return render(request, "contests/entry_done.html", {"contest": contest, "entry": entry})
    return render(request, "contests/entry_form.html", {"contest": contest, "form": form, "error": error},
                  status=400 if error else 200)


def writing_results(request: HttpRequest, slug: str) -> HttpResponse:
    contest = get_object_or_404(Contest, slug=slug, is_published=True, kind=ContestKind.WRITING)
    if not contest.results_published_at:
        raise Http404
    rows = [r for r in actions.entry_results(contest) if r["prize"]]
    return render(request, "contests/writing_results.html", {"contest": contest, "rows": rows})
