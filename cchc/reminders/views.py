"""Pages of the reminders app: the reminder log, the holiday calendar, the policies; the "Đôn đốc" button and the
reminder letter for other apps' pages. Thin views: rules in ``schedule``/``run``, writes in ``actions``."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cchc.core import clock
from cchc.core.choices import Action, Role
from cchc.core.permissions import can, role_of

from . import actions
from .filtersets import ReminderSentFilterSet
from .forms import HolidayForm, LoadYearForm, PolicyForm
from .letters import build_reminder_letter
from .models import Holiday, ReminderPolicy, ReminderSent
from .obligations import Obligation, source_for
from .sending import step_label
from .tasks import enqueue_due_reminders

PAGE_SIZE = 50
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _require_role(user: Any, roles: set[str]) -> None:
    if role_of(user) not in roles:
        raise PermissionDenied


def _next_url(request: HttpRequest, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                  require_https=request.is_secure()):
        return target
    return default


# --- Nhật ký đôn đốc ---------------------------------------------------------------------------------------------


@login_required
def sent_list(request: HttpRequest) -> HttpResponse:
    if not can(request.user, Action.VIEW, ReminderSent):
        raise PermissionDenied
    queryset = ReminderSent.objects.restrict(request.user, Action.VIEW).select_related("unit", "sent_by")
    filterset = ReminderSentFilterSet(request.GET or None, queryset=queryset, request=request)
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    for record in page.object_list:
        record.step_label = step_label(record.step)
    return render(request, "reminders/sent_list.html", {
        "filter": filterset, "page_obj": page, "records": page.object_list, "total": page.paginator.count,
        "can_run": actions.can_remind(request.user),
    })


@login_required
@require_POST
def run_now(request: HttpRequest) -> HttpResponse:
    """Queue a reminder run now (the scheduler runs one every 15 minutes anyway)."""
    if not actions.can_remind(request.user):
        raise PermissionDenied
    enqueue_due_reminders()
    messages.success(request, _("A reminder run has been queued: what is due today will be sent."))
    return redirect("reminders:sent")


# --- "Đôn đốc" and the letter, for other apps' pages ---------------------------------------------------------------


def _obligations(request: HttpRequest, values: list[str]) -> list[Obligation]:
    """The obligations named "kind:pk" (unknown or malformed ones are skipped)."""
    found = []
    for value in values:
        kind, _sep, pk = value.partition(":")
        if not pk.isdigit():
            continue
        try:
            obligation = source_for(kind).get(int(pk))
        except KeyError:
            continue
        if obligation is not None:
            found.append(obligation)
    return found


@login_required
@require_POST
def remind_now(request: HttpRequest) -> HttpResponse:
    """The "Đôn đốc" button: POST ``obligation`` = "assignment:12" (repeatable), ``message``, ``next``."""
    if not actions.can_remind(request.user):
        raise PermissionDenied
    obligations = _obligations(request, request.POST.getlist("obligation"))
    sent = actions.do_remind_now(obligations, acting_user=request.user, message=request.POST.get("message", ""))
    if sent:
        messages.success(request, _("Reminder sent to %(n)s unit(s).") % {"n": len({r.unit_id for r in sent})})
    else:
        messages.warning(request, _("No reminder was sent (nothing open to remind, or the e-mail failed)."))
    return redirect(_next_url(request, reverse("reminders:sent")))


@login_required
def letter(request: HttpRequest) -> HttpResponse:
    """The overdue-tasks letter (DOCX) for GET ``obligation`` = "assignment:12" (repeatable) and ``about``: only
    tasks past their due date; report obligations go to the report letter (every unit that has not sent it)."""
    if not actions.can_remind(request.user):
        raise PermissionDenied
    obligations = [o for o in _obligations(request, request.GET.getlist("obligation")) if not o.done]
    reports = [o for o in obligations if o.kind == "submission"]
    if reports and len(reports) == len(obligations):  # a report is owed: the report letter, to every silent unit
        extra = reports[0].extra
        return redirect(reverse("reminders:report_letter", args=[extra["form_id"], extra["period_id"]]))
    obligations = [o for o in obligations if o.kind != "submission" and o.due_date < clock.today()]
    if not obligations:
        messages.warning(request, _("Choose at least one unfinished obligation for the letter."))
        return redirect(_next_url(request, reverse("reminders:sent")))
    about = request.GET.get("about", "").strip() or obligations[0].title
    content = build_reminder_letter(about=about, obligations=obligations, today=clock.today())
    response = HttpResponse(content, content_type=DOCX)
    response["Content-Disposition"] = f'attachment; filename="cong-van-don-doc-{clock.today():%Y%m%d}.docx"'
    return response


@login_required
def report_letter(request: HttpRequest, form_id: int, period_id: int) -> HttpResponse:
    """The letter to exactly the units that have not sent ``form``'s report for the period (DOCX to sign)."""
    from cchc.reports.models import Period, ReportForm

    from .letters import build_report_letter, units_owing_report
    from .report_letters import letter_file_name

    if not actions.can_remind(request.user):
        raise PermissionDenied
    form = get_object_or_404(ReportForm.objects.restrict(request.user, Action.VIEW), pk=form_id)
    period = get_object_or_404(Period, pk=period_id, form=form)
    today = clock.today()
    addressees = units_owing_report(form, period, today)
    if not addressees:
        messages.info(request, _("Every unit has sent its report: there is nobody to remind."))
        return redirect(_next_url(request, reverse("synthesis:draft", args=[form.pk, period.pk])))
    content = build_report_letter(form=form, period=period, today=today, addressees=addressees)
    response = HttpResponse(content, content_type=DOCX)
    response["Content-Disposition"] = f'attachment; filename="{letter_file_name(form, period, today)}"'
    return response


@login_required
def directive_report_letter(request: HttpRequest, pk: int) -> HttpResponse:
    """The same letter for the report a directive asks for (the directive page's button)."""
    from cchc.directives.models import Directive

    from .report_letters import directive_report

    if not actions.can_remind(request.user):
        raise PermissionDenied
    directive = get_object_or_404(Directive.objects.restrict(request.user, Action.VIEW), pk=pk)
    found = directive_report(directive)
    if found is None:
        messages.warning(request, _("This directive asks for no report form yet: there is no report to remind of."))
        return redirect(directive.get_absolute_url())
    form, period = found
    return report_letter(request, form.pk, period.pk)


# --- Holidays ------------------------------------------------------------------------------------------------------


@login_required
def holiday_list(request: HttpRequest) -> HttpResponse:
    is_admin = role_of(request.user) == Role.ADMIN
    if role_of(request.user) is None:
        raise PermissionDenied
    try:
        year = int(request.GET.get("year") or clock.today().year)
    except ValueError:
        year = clock.today().year
    if not 1900 <= year <= 2199:  # ?year=0 or 10000: out of the calendar's range, show this year
        year = clock.today().year
    add_form = HolidayForm(prefix="add")
    load_form = LoadYearForm(prefix="load", initial={"year": year})
    if request.method == "POST":
        if not is_admin:
            raise PermissionDenied
        if request.POST.get("action") == "add":
            add_form = HolidayForm(request.POST, prefix="add")
            if add_form.is_valid():
                day = add_form.cleaned_data["day"]
                actions.do_add_holiday(acting_user=request.user, day=day, name=add_form.cleaned_data["name"])
                messages.success(request, _("The holiday of %(day)s has been saved.") % {"day": f"{day:%d/%m/%Y}"})
                return redirect(f"{reverse('reminders:holidays')}?year={day.year}")
        elif request.POST.get("action") == "load":
            load_form = LoadYearForm(request.POST, prefix="load")
            if load_form.is_valid():
                loaded = load_form.cleaned_data["year"]
                created = actions.do_load_holidays(loaded, acting_user=request.user)
                messages.success(request, _("Public holidays of %(year)s loaded: %(n)s day(s) added.")
                                 % {"year": loaded, "n": created})
                return redirect(f"{reverse('reminders:holidays')}?year={loaded}")
    holidays = Holiday.objects.filter(date__year=year)
    years = sorted({day.year for day in Holiday.objects.dates("date", "year")} | {year})
    return render(request, "reminders/holiday_list.html", {
        "holidays": holidays, "year": year, "years": years, "is_admin": is_admin,
        "add_form": add_form, "load_form": load_form,
    })


@login_required
@require_POST
def holiday_delete(request: HttpRequest, pk: int) -> HttpResponse:
    holiday = get_object_or_404(Holiday, pk=pk)
    actions.do_delete_holiday(holiday, acting_user=request.user)
    messages.success(request, _("The holiday of %(day)s has been removed.") % {"day": f"{holiday.date:%d/%m/%Y}"})
    return redirect(f"{reverse('reminders:holidays')}?year={holiday.date.year}")


# --- Policies ------------------------------------------------------------------------------------------------------


@login_required
def policy_list(request: HttpRequest) -> HttpResponse:
    _require_role(request.user, {Role.ADMIN, Role.COORDINATOR, Role.LEADER})
    ReminderPolicy.default()  # there is always one
    return render(request, "reminders/policy_list.html", {
        "policies": ReminderPolicy.objects.all(), "can_edit": actions.can_remind(request.user),
    })


def _policy_form(request: HttpRequest, policy: ReminderPolicy | None) -> HttpResponse:
    if not actions.can_remind(request.user):
        raise PermissionDenied
    form = PolicyForm(request.POST or None, instance=policy)
    if request.method == "POST" and form.is_valid():
        try:
            if policy is None:
                saved = actions.do_create_policy(acting_user=request.user, **form.policy_fields())
            else:
                saved = actions.do_update_policy(policy, acting_user=request.user, **form.policy_fields())
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The reminder policy “%(name)s” has been saved.") % {"name": saved.name})
            return redirect("reminders:policies")
    title = _("New reminder policy") if policy is None else _("Edit reminder policy: %(name)s") % {"name": policy.name}
    return render(request, "reminders/policy_form.html", {
        "form": form, "policy": policy, "title": title, "cancel_url": reverse("reminders:policies"),
    })


@login_required
def policy_create(request: HttpRequest) -> HttpResponse:
    return _policy_form(request, None)


@login_required
def policy_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _policy_form(request, get_object_or_404(ReminderPolicy, pk=pk))
