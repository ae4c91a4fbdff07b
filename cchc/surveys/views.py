"""Pages of the surveys: answering (public, anonymous, rate-limited), the builder, links and QR codes, results.

Who: administrators and coordinators build surveys and links; leaders see every result; unit officers see the
results of their own units' links (``restrict``)."""

from __future__ import annotations

import io
from typing import Any

import segno
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from cchc.contests.access import can_manage, require_manager
from cchc.contests.forms import StyledForm, UnitChoiceField, unit_queryset
from cchc.core.permissions import role_of
from cchc.core.ratelimit import client_ip, hit

from . import actions, results
from .models import RATING_LABELS, Choice, Question, QuestionKind, Response, Section, Survey, SurveyLink

SUBMIT_LIMIT = 20  # responses per address per hour (a service counter's kiosk shares one address)


def survey_list(request: HttpRequest) -> HttpResponse:
    return render(request, "surveys/public_list.html", {"surveys": Survey.objects.filter(is_open=True)})


def _parse(request: HttpRequest, questions: list[Question]) -> dict[int, dict[str, Any]]:
    data: dict[int, dict[str, Any]] = {}
    for question in questions:
        key = f"q{question.id}"
        if question.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
            choices = []
            for value in request.POST.getlist(key):
                if value == "other":
                    continue
                try:
                    choices.append(int(value))
                except ValueError:
                    choices.append(-1)
            other = request.POST.get(f"{key}_other", "") if (
                "other" in request.POST.getlist(key) or question.kind == QuestionKind.MULTIPLE) else ""
            data[question.id] = {"choices": choices, "other": other}
        elif question.kind == QuestionKind.RATING:
            data[question.id] = {"rating": request.POST.get(key)}
        else:
            data[question.id] = {"text": request.POST.get(key, "")}
    return data


def _answer(request: HttpRequest, survey: Survey, link: SurveyLink | None) -> HttpResponse:
    questions = list(survey.questions.select_related("section", "show_if", "show_if__question")
                     .prefetch_related("choices").order_by("order", "id"))
    errors: dict[Any, str] = {}
    posted: dict[int, dict[str, Any]] = {}
    if request.method == "POST":
        posted = _parse(request, questions)
        if not hit(f"surveys:{client_ip(request)}", limit=SUBMIT_LIMIT, window=3600):
            errors = {"__all__": "Bạn đã gửi quá nhiều phiếu trong một giờ. Xin thử lại sau."}
        else:
            try:
                actions.do_submit_response(survey, posted, link=link)
            except actions.SurveyError as exc:
                errors = exc.errors
            else:
                return render(request, "surveys/thanks.html", {"survey": survey})
    numbers = {q.id: i for i, q in enumerate(questions, start=1)}
    items = []
    for question in questions:
        value = posted.get(question.id, {})
        items.append({"q": question, "number": numbers[question.id], "error": errors.get(question.id, ""),
                      "chosen": set(value.get("choices") or []), "other": value.get("other", ""),
                      "rating": str(value.get("rating") or ""), "text": value.get("text", ""),
                      "condition": (numbers.get(question.show_if.question_id), question.show_if.text)
                      if question.show_if_id else None})
    return render(request, "surveys/answer.html", {
        "survey": survey, "link": link, "items": items, "error": errors.get("__all__", ""),
        "has_errors": bool(errors), "ratings": list(enumerate(RATING_LABELS, start=1))},
        status=400 if errors else 200)


@require_http_methods(["GET", "POST"])
def answer(request: HttpRequest, slug: str) -> HttpResponse:
    survey = get_object_or_404(Survey, slug=slug)
    if not survey.is_open:
        return render(request, "surveys/closed.html", {"survey": survey}, status=410)
    return _answer(request, survey, None)


@require_http_methods(["GET", "POST"])
def answer_link(request: HttpRequest, code: str) -> HttpResponse:
    link = get_object_or_404(SurveyLink.objects.select_related("survey", "unit"), code=code)
    if not link.survey.is_open:
        return render(request, "surveys/closed.html", {"survey": link.survey}, status=410)
    return _answer(request, link.survey, link)


# --- Staff ---

class SurveyForm(StyledForm):
    title = forms.CharField(label="Tên khảo sát", max_length=255)
    description = forms.CharField(label="Giới thiệu", widget=forms.Textarea(attrs={"rows": 3}), required=False)


class QuestionForm(StyledForm):
    text = forms.CharField(label="Câu hỏi", max_length=500)
    kind = forms.ChoiceField(label="Loại", choices=QuestionKind.choices)
    section = forms.ModelChoiceField(label="Phần", queryset=Section.objects.none(), required=False,
                                     empty_label="— Không chia phần —")
    choices = forms.CharField(label="Các lựa chọn (mỗi dòng một lựa chọn)", widget=forms.Textarea(attrs={"rows": 4}),
                              required=False)
    allow_other = forms.BooleanField(label="Thêm lựa chọn “Khác (ghi rõ)”", required=False)
    required = forms.BooleanField(label="Bắt buộc trả lời", required=False, initial=True)
    show_if = forms.ModelChoiceField(label="Chỉ hỏi khi người trả lời đã chọn", queryset=Choice.objects.none(),
                                     required=False, empty_label="— Luôn hỏi —")

    def __init__(self, survey: Survey, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["section"].queryset = survey.sections.all()
        self.fields["show_if"].queryset = Choice.objects.filter(question__survey=survey).select_related("question")
        self.fields["show_if"].label_from_instance = lambda c: f"{c.question.text[:50]} → {c.text}"


class LinkForm(StyledForm):
    unit = UnitChoiceField(label="Đơn vị", queryset=unit_queryset(), required=False, empty_label="— Chung —")
    service = forms.CharField(label="Dịch vụ, thủ tục (nếu có)", max_length=255, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = unit_queryset()


@login_required
@require_http_methods(["GET", "POST"])
def create(request: HttpRequest) -> HttpResponse:
    require_manager(request.user)
    form = SurveyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        survey = actions.do_create_survey(title=form.cleaned_data["title"],
                                          description=form.cleaned_data["description"], acting_user=request.user)
        return redirect("surveys:manage", survey.pk)
    return render(request, "contests/form.html", {"form": form, "title": "Tạo khảo sát",
                                                  "cancel_url": "/cuoc-thi/quan-ly/"})


@login_required
def manage(request: HttpRequest, pk: int) -> HttpResponse:
    """The builder: sections, questions with skip logic, public links and QR codes."""
    if not role_of(request.user):
        raise Http404
    survey = get_object_or_404(Survey, pk=pk)
    editable = can_manage(request.user)
    if request.method == "POST":
        require_manager(request.user)
        what = request.POST.get("what")
        try:
            if what == "section":
                actions.do_add_section(survey, title=request.POST.get("title", ""), acting_user=request.user)
            elif what == "question":
                form = QuestionForm(survey, request.POST)
                if not form.is_valid():
                    raise actions.SurveyError("Câu hỏi chưa đủ thông tin.")
                data = form.cleaned_data
                actions.do_add_question(survey, text=data["text"], kind=data["kind"], section=data["section"],
                                        required=data["required"], allow_other=data["allow_other"],
                                        choices=data["choices"].splitlines(), show_if=data["show_if"],
                                        acting_user=request.user)
            elif what == "delete":
                actions.do_delete_question(get_object_or_404(Question, pk=request.POST.get("question"),
                                                             survey=survey), acting_user=request.user)
            elif what == "link":
                form = LinkForm(request.POST)
                if form.is_valid():
                    actions.do_add_link(survey, unit=form.cleaned_data["unit"], service=form.cleaned_data["service"],
                                        acting_user=request.user)
            elif what == "open":
                actions.do_set_survey_open(survey, request.POST.get("open") == "1", acting_user=request.user)
            messages.success(request, "Đã lưu.")
        except actions.SurveyError as exc:
            messages.error(request, "; ".join(exc.errors.values()))
        return redirect("surveys:manage", survey.pk)
    links = SurveyLink.objects.restrict(request.user).filter(survey=survey).select_related("unit")
    questions = survey.questions.select_related("section", "show_if", "show_if__question").prefetch_related("choices")
    return render(request, "surveys/manage.html", {
        "survey": survey, "questions": questions, "links": links, "editable": editable,
        "question_form": QuestionForm(survey), "link_form": LinkForm()})


@login_required
def results_page(request: HttpRequest, pk: int) -> HttpResponse:
    if not role_of(request.user):
        raise Http404
    survey = get_object_or_404(Survey, pk=pk)
    responses = Response.objects.restrict(request.user).filter(survey=survey)
    unit_id = request.GET.get("unit")
    if unit_id and unit_id.isdigit():
        responses = responses.filter(unit_id=int(unit_id))
    overall = results.satisfaction(responses)
    units = results.by_unit(responses)
    stats = results.question_stats(survey, responses)
    for row in stats:
        if "items" in row:
            row["chart"] = results.svg_bars(row["items"], title=row["question"].text)
    chart = results.svg_bars([(r["unit"], r["index"]) for r in units], max_value=100, suffix="%",
                             title="Chỉ số hài lòng theo đơn vị")
    return render(request, "surveys/results.html", {
        "survey": survey, "overall": overall, "units": units, "stats": stats, "chart": chart,
        "count": responses.count(), "definition": results.INDEX_DEFINITION, "unit_id": unit_id or ""})


@login_required
def export(request: HttpRequest, pk: int) -> HttpResponse:
    if not role_of(request.user):
        raise Http404
    survey = get_object_or_404(Survey, pk=pk)
    responses = Response.objects.restrict(request.user, "export").filter(survey=survey)
    response = HttpResponse(results.export_xlsx(survey, responses),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="{survey.slug}-phieu-tra-loi.xlsx"'
    return response


def _link_url(request: HttpRequest, link: SurveyLink) -> str:
    return request.build_absolute_uri(link.get_absolute_url())


@login_required
def qr(request: HttpRequest, pk: int) -> HttpResponse:
    link = get_object_or_404(SurveyLink.objects.restrict(request.user), pk=pk)
    buffer = io.BytesIO()
    segno.make(_link_url(request, link), error="m").save(buffer, kind="svg", scale=6, border=2)
    return HttpResponse(buffer.getvalue(), content_type="image/svg+xml")


@login_required
def print_links(request: HttpRequest, pk: int) -> HttpResponse:
    """A printable sheet: one card per link with its QR code, to put at the service counters."""
    survey = get_object_or_404(Survey, pk=pk)
    links = SurveyLink.objects.restrict(request.user).filter(survey=survey).select_related("unit")
    cards = []
    for link in links:
        code = segno.make(_link_url(request, link), error="m")
        cards.append({"link": link, "url": _link_url(request, link),
                      "svg": code.svg_inline(scale=5, border=2)})
    return render(request, "surveys/print.html", {"survey": survey, "cards": cards})


@login_required
@require_POST
def delete_link(request: HttpRequest, pk: int) -> HttpResponse:
    require_manager(request.user)
    link = get_object_or_404(SurveyLink, pk=pk)
    survey_id = link.survey_id
    if link.responses.exists():
        messages.error(request, "Liên kết đã có phiếu trả lời: không xóa được.")
    else:
        link.delete()
    return redirect("surveys:manage", survey_id)
