"""Staff pages of the contests (/cuoc-thi/quan-ly/): organising, results, the jury."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from cchc.accounts.models import User
from cchc.core import clock
from cchc.core.permissions import role_of
from cchc.surveys.models import Survey

from . import access, actions, exports, rules
from .choices import AttemptStatus, ContestKind, ScoreStatus
from .forms import ContestForm, CriterionForm, DisqualifyForm, EntryForm, ImportForm, QuestionForm, RoundForm
from .models import Answer, Attempt, Choice, Contest, Entry, JuryAssignment, Round


@login_required
def manage(request: HttpRequest) -> HttpResponse:
    """The hub of "Khảo sát & cuộc thi": contests and surveys for organisers, one's entries to judge for judges."""
    readable = access.can_read(request.user)
    contests = (Contest.objects.annotate(n_rounds=Count("rounds", distinct=True),
                                         n_entries=Count("entries", distinct=True)) if readable else [])
    assignments = (JuryAssignment.objects.filter(judge=request.user)
                   .values("entry__contest__title", "entry__contest_id")
                   .annotate(total=Count("id"), done=Count("id", filter=Q(scored_at__isnull=False))))
    surveys = Survey.objects.annotate(n=Count("responses")) if role_of(request.user) else []
    return render(request, "contests/manage.html", {
        "contests": contests, "can_manage": access.can_manage(request.user), "readable": readable,
        "assignments": assignments, "surveys": surveys})


@login_required
def contest_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    access.require_manager(request.user)
    contest = get_object_or_404(Contest, pk=pk) if pk else None
    form = ContestForm(request.POST or None, instance=contest)
    if request.method == "POST" and form.is_valid():
        contest = form.save()
        messages.success(request, "Đã lưu cuộc thi.")
        return redirect("contests:manage_contest", contest.pk)
    return render(request, "contests/form.html", {"form": form, "title": "Sửa cuộc thi" if contest else
                                                  "Tạo cuộc thi", "cancel_url": "/cuoc-thi/quan-ly/"})


@login_required
def contest_manage(request: HttpRequest, pk: int) -> HttpResponse:
    access.require_reader(request.user)
    contest = get_object_or_404(Contest, pk=pk)
    context: dict[str, Any] = {"contest": contest, "can_manage": access.can_manage(request.user), "now": clock.now()}
    if contest.kind == ContestKind.QUIZ:
        context["rounds"] = contest.rounds.annotate(
            n_attempts=Count("attempts"),
            n_submitted=Count("attempts", filter=Q(attempts__status__in=[AttemptStatus.SUBMITTED,
                                                                         AttemptStatus.EXPIRED])))
        questions = contest.questions.prefetch_related("choices")
        context["question_count"] = questions.count()
        context["questions"] = Paginator(questions, 20).get_page(request.GET.get("page"))
        context["question_form"] = QuestionForm()
        context["import_form"] = ImportForm()
    else:
        rows = actions.entry_results(contest)
        context.update(rows=rows, criteria=contest.criteria.all(), criterion_form=CriterionForm(),
                       judges=User.objects.filter(is_active=True).order_by("username"),
                       spread_rule=rules.spread_rule_text(contest.spread_threshold, contest.max_total()),
                       review=[r for r in rows if r["status"] == ScoreStatus.NEEDS_REVIEW],
                       conflicts=sum(1 for r in rows if r["conflict"]))
    return render(request, "contests/manage_contest.html", context)


@login_required
def round_edit(request: HttpRequest, contest_pk: int, pk: int | None = None) -> HttpResponse:
    access.require_manager(request.user)
    contest = get_object_or_404(Contest, pk=contest_pk, kind=ContestKind.QUIZ)
    round_ = get_object_or_404(Round, pk=pk, contest=contest) if pk else Round(
        contest=contest, number=contest.rounds.count() + 1)
    form = RoundForm(request.POST or None, instance=round_)
    if request.method == "POST" and form.is_valid():
        actions.do_save_round(form.save(commit=False), acting_user=request.user)
        messages.success(request, "Đã lưu vòng thi.")
        return redirect("contests:manage_contest", contest.pk)
    return render(request, "contests/form.html", {"form": form, "title": f"Vòng thi — {contest}",
                                                  "cancel_url": f"/cuoc-thi/quan-ly/{contest.pk}/"})


@login_required
@require_POST
def question_add(request: HttpRequest, pk: int) -> HttpResponse:
    access.require_manager(request.user)
    contest = get_object_or_404(Contest, pk=pk)
    form = QuestionForm(request.POST)
    if form.is_valid():
        try:
            actions.do_add_question(contest, text=form.cleaned_data["text"], kind=form.cleaned_data["kind"],
                                    choices=form.parsed_choices(), acting_user=request.user)
            messages.success(request, "Đã thêm câu hỏi.")
        except actions.ContestError as exc:
            messages.error(request, exc.message)
    else:
        messages.error(request, "Câu hỏi chưa đủ thông tin.")
    return redirect("contests:manage_contest", contest.pk)


@login_required
@require_POST
def question_import(request: HttpRequest, pk: int) -> HttpResponse:
    access.require_manager(request.user)
    contest = get_object_or_404(Contest, pk=pk)
    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "Xin chọn tệp Excel.")
    else:
        try:
            count = actions.do_import_questions(contest, form.cleaned_data["file"], acting_user=request.user)
            messages.success(request, f"Đã nhập {count} câu hỏi.")
        except ValidationError as exc:
            messages.error(request, "Không nhập câu hỏi nào. " + " ".join(exc.messages[:20]))
        except actions.ContestError as exc:
            messages.error(request, exc.message)
    return redirect("contests:manage_contest", contest.pk)


@login_required
def round_manage(request: HttpRequest, pk: int) -> HttpResponse:
    access.require_reader(request.user)
    round_ = get_object_or_404(Round.objects.select_related("contest"), pk=pk)
    rows = actions.ranking(round_)
    stats = actions.round_statistics(round_)
    from cchc.surveys.results import svg_bars

    charts = {
        "unit": svg_bars([(r["unit__short_name"] or r["unit__name"] or "(không thuộc đơn vị)", r["n"])
                          for r in stats["by_unit"][:15]], title="Người tham gia theo đơn vị"),
        "age": svg_bars([(dict(_age_choices()).get(r["age_group"], "(không khai)"), r["n"]) for r in stats["by_age"]],
                        title="Người tham gia theo độ tuổi"),
        "wrong": svg_bars([(r["question__text"], (r["share"] or 0) * 100) for r in stats["wrong"]], max_value=100,
                          suffix="%", title="Tỷ lệ trả lời sai"),
    }
    disqualified = Attempt.objects.filter(round=round_, status=AttemptStatus.DISQUALIFIED).select_related("entrant")
    return render(request, "contests/manage_round.html", {
        "round": round_, "contest": round_.contest, "page": Paginator(rows, 50).get_page(request.GET.get("page")),
        "stats": stats, "charts": charts, "can_manage": access.can_manage(request.user),
        "disqualified": disqualified, "ranking_rule": rules.RANKING_RULE})


def _age_choices() -> list:
    from .choices import AgeGroup

    return list(AgeGroup.choices)


@login_required
@require_POST
def round_close(request: HttpRequest, pk: int) -> HttpResponse:
    access.require_manager(request.user)
    round_ = get_object_or_404(Round, pk=pk)
    actions.do_close_round(round_, acting_user=request.user)
    messages.success(request, "Đã đóng vòng thi; các bài đang làm được tính với các câu đã lưu.")
    return redirect("contests:round", round_.pk)


@login_required
@require_POST
def round_publish(request: HttpRequest, pk: int) -> HttpResponse:
    access.require_manager(request.user)
    round_ = get_object_or_404(Round, pk=pk)
    try:
        actions.do_publish_winners(round_, acting_user=request.user)
        messages.success(request, "Đã công bố danh sách đoạt giải.")
    except actions.ContestError as exc:
        messages.error(request, exc.message)
    return redirect("contests:round", round_.pk)


@login_required
def round_export(request: HttpRequest, pk: int) -> HttpResponse:
    access.require_reader(request.user)
    return exports.round_response(get_object_or_404(Round.objects.select_related("contest"), pk=pk))


@login_required
def attempt_manage(request: HttpRequest, pk: int) -> HttpResponse:
    access.require_reader(request.user)
    attempt = get_object_or_404(Attempt.objects.select_related("round", "round__contest", "entrant",
                                                               "entrant__unit"), pk=pk)
    form = DisqualifyForm(request.POST or None)
    if request.method == "POST":
        access.require_manager(request.user)
        if form.is_valid():
            try:
                actions.do_disqualify_attempt(attempt, reason=form.cleaned_data["reason"], acting_user=request.user)
                messages.success(request, "Đã loại bài thi.")
                return redirect("contests:round", attempt.round_id)
            except actions.ContestError as exc:
                messages.error(request, exc.message)
    answers = list(Answer.objects.filter(attempt=attempt).select_related("question").order_by("position"))
    choice_text = dict(Choice.objects.filter(question_id__in=[a.question_id for a in answers])
                       .values_list("id", "text"))
    for answer in answers:
        answer.chosen_text = "; ".join(choice_text.get(c, "?") for c in answer.choice_ids())
    return render(request, "contests/manage_attempt.html", {
        "attempt": attempt, "answers": answers, "form": form, "can_manage": access.can_manage(request.user)})


# --- Writing contests ---

@login_required
@require_POST
def criterion_add(request: HttpRequest, pk: int) -> HttpResponse:
    access.require_manager(request.user)
    contest = get_object_or_404(Contest, pk=pk, kind=ContestKind.WRITING)
    form = CriterionForm(request.POST)
    if form.is_valid() and form.cleaned_data["max_points"] > 0:
        criterion = form.save(commit=False)
        criterion.contest = contest
        criterion.save()
        messages.success(request, "Đã thêm tiêu chí.")
    else:
        messages.error(request, "Tiêu chí cần tên và điểm tối đa lớn hơn 0.")
    return redirect("contests:manage_contest", contest.pk)


@login_required
def entry_register(request: HttpRequest, pk: int) -> HttpResponse:
    """An entry received on paper, registered by the organiser with its entrant."""
    access.require_manager(request.user)
    contest = get_object_or_404(Contest, pk=pk, kind=ContestKind.WRITING)
    form = EntryForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            entry = actions.do_submit_entry(
                contest, name=data["name"], phone=data["phone"], title=data["title"], text=data["text"],
                uploaded_file=data.get("file"), unit_id=data["unit"].id if data["unit"] else None,
                commune=data["commune"], age_group=data["age_group"], acting_user=request.user, source="paper")
            messages.success(request, f"Đã nhập bài dự thi, số phách {entry.code}.")
            return redirect("contests:manage_contest", contest.pk)
        except actions.ContestError as exc:
            form.add_error(None, exc.message)
    return render(request, "contests/form.html", {"form": form, "title": f"Nhập bài dự thi bản giấy — {contest}",
                                                  "cancel_url": f"/cuoc-thi/quan-ly/{contest.pk}/", "multipart": True})


@login_required
@require_POST
def assign(request: HttpRequest, pk: int) -> HttpResponse:
    access.require_manager(request.user)
    contest = get_object_or_404(Contest, pk=pk, kind=ContestKind.WRITING)
    entries = list(Entry.objects.filter(contest=contest, id__in=request.POST.getlist("entries"))
                   .select_related("contest", "entrant"))
    judges = list(User.objects.filter(is_active=True, id__in=request.POST.getlist("judges")))
    if not entries or not judges:
        messages.error(request, "Chọn ít nhất một bài và một giám khảo.")
    else:
        try:
            created = actions.do_assign_entries(entries, judges, acting_user=request.user)
        except actions.ContestError as exc:
            messages.error(request, exc.message)
        else:
            conflicts = [a for a in created if a.conflict]
            messages.success(request, f"Đã giao {len(created)} lượt chấm.")
            if conflicts:
                messages.warning(request, f"{len(conflicts)} lượt chấm có xung đột lợi ích (giám khảo cùng đơn vị "
                                          "với tác giả): nên giao cho giám khảo khác.")
    return redirect("contests:manage_contest", contest.pk)


@login_required
@require_POST
def assignment_remove(request: HttpRequest, pk: int) -> HttpResponse:
    access.require_manager(request.user)
    assignment = get_object_or_404(JuryAssignment.objects.select_related("entry"), pk=pk)
    contest_id = assignment.entry.contest_id
    actions.do_remove_assignment(assignment, acting_user=request.user)
    messages.success(request, "Đã bỏ lượt chấm.")
    return redirect("contests:manage_contest", contest_id)


@login_required
@require_POST
def results_publish(request: HttpRequest, pk: int) -> HttpResponse:
    access.require_manager(request.user)
    contest = get_object_or_404(Contest, pk=pk, kind=ContestKind.WRITING)
    try:
        actions.do_publish_results(contest, acting_user=request.user)
        messages.success(request, "Đã công bố kết quả.")
    except actions.ContestError as exc:
        messages.error(request, exc.message)
    return redirect("contests:manage_contest", contest.pk)


@login_required
def results_export(request: HttpRequest, pk: int) -> HttpResponse:
    access.require_reader(request.user)
    return exports.writing_response(get_object_or_404(Contest, pk=pk, kind=ContestKind.WRITING))


@login_required
def jury(request: HttpRequest) -> HttpResponse:
    """The entries given to me to judge: codes and titles only."""
    assignments = (JuryAssignment.objects.filter(judge=request.user)
                   .select_related("entry", "entry__contest").order_by("entry__contest", "entry__code"))
    return render(request, "contests/jury.html", {"assignments": assignments})


@login_required
def score(request: HttpRequest, pk: int) -> HttpResponse:
    """A judge scores one entry against the rubric; the author's name is never shown here."""
    assignment = get_object_or_404(JuryAssignment.objects.select_related("entry", "entry__contest"), pk=pk)
    if assignment.judge_id != request.user.id:
        raise PermissionDenied
    contest = assignment.entry.contest
    criteria = list(contest.criteria.all())
    current = {s.criterion_id: s.points for s in assignment.scores.all()}
    error = ""
    if request.method == "POST":
        points = {c.id: request.POST.get(f"c{c.id}", "") for c in criteria}
        try:
            actions.do_score_entry(assignment, points, comment=request.POST.get("comment", ""),
                                   acting_user=request.user)
        except actions.ContestError as exc:
            error = exc.message
            current = points  # type: ignore[assignment]
        else:
            messages.success(request, f"Đã lưu điểm bài {assignment.entry.code}.")
            following = (JuryAssignment.objects.filter(judge=request.user, scored_at__isnull=True,
                                                       entry__contest=contest).order_by("entry__code").first())
            return redirect("contests:score", following.pk) if following else redirect("contests:jury")
    rows = [{"criterion": c, "value": current.get(c.id, "")} for c in criteria]
    return render(request, "contests/score.html", {
        "assignment": assignment, "entry": assignment.entry, "contest": contest, "rows": rows, "error": error,
        "locked": bool(contest.results_published_at)}, status=400 if error else 200)


@login_required
def entry_file(request: HttpRequest, pk: int) -> FileResponse:
    entry = get_object_or_404(Entry, pk=pk)
    if not (access.can_read(request.user) or entry.assignments.filter(judge=request.user).exists()):
        raise PermissionDenied
    if not entry.file:
        raise Http404
    extension = entry.file.name.rsplit(".", 1)[-1].lower()
    return FileResponse(entry.file.open("rb"), as_attachment=True, filename=f"{entry.code}.{extension}",
                        content_type=entry.file_type or "application/octet-stream")
