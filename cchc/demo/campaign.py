"""The 2020 campaign of the founding dispatch: imported, partly carried out, reminded — as on 20/11/2020."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

from cchc.accounts.models import User
from cchc.core import clock
from cchc.directives.actions import do_update_assignment
from cchc.directives.choices import AssignmentStatus
from cchc.directives.importing import build_proposal, do_create_directive
from cchc.directives.models import Assignment, Directive
from cchc.lib.vbhc import parse_document

SEED = Path(__file__).resolve().parent / "data" / "cong-van-2031-UBND-NC.txt"
NUMBER, YEAR = "2031/UBND-NC", 2020
DEMO_DAY = date(2020, 11, 20)  # the campaign is played up to this day (make run fixes the clock at it)

# What units had done by 20/11/2020 (seeded, so the demo is the same on every machine).
SHARE_DONE, SHARE_IN_PROGRESS = 0.4, 0.3
NOTES = [
    "Đã đăng tải văn bản chỉ đạo và tin bài CCHC trên Trang thông tin điện tử của đơn vị.",
    "Đã phát video clip hướng dẫn dịch vụ công trực tuyến mức độ 3, 4 trên màn hình LED.",
    "Đã in nội dung tuyên truyền ở mặt sau Giấy tiếp nhận hồ sơ và hẹn trả kết quả.",
    "Đã tổ chức tuyên truyền Cuộc thi viết “Tìm hiểu về công tác cải cách hành chính” năm 2020.",
    "Đã mở chuyên mục cải cách hành chính, đăng tin bài về các chỉ số PCI, PAR INDEX, PAPI, SIPAS.",
]


def load_directive(log: Callable[[str], None]) -> Directive:
    existing = Directive.objects.filter(number=NUMBER, year=YEAR).first()
    if existing:
        return existing
    from cchc.reports.catalogue import load_catalogue

    load_catalogue()  # the one-off report form is created with the directive: its indicators must exist
    text = SEED.read_text(encoding="utf-8")
    parsed = parse_document(text)
    proposal = build_proposal(parsed, on=parsed.date, text=text)
    coordinator = User.objects.filter(username="sonoivu").first()
    directive = do_create_directive(proposal, acting_user=coordinator, source_text=text, parsed=parsed.to_dict(),
                                    file_name=SEED.name, file_data=SEED.read_bytes())
    log(f"Văn bản chỉ đạo: đã nhập Công văn {NUMBER} ({directive.tasks.count()} nhiệm vụ, "
        f"{Assignment.objects.filter(task__directive=directive).count()} lượt giao việc).")
    return directive


def play_progress(directive: Directive, today: date) -> None:
    """Some units done, some in progress, the rest not started — each done date before ``today``."""
    if Assignment.objects.filter(task__directive=directive, updated_by__isnull=False).exists():
        return  # played already (or units are at work): leave their data alone
    rng = random.Random(2031)  # noqa: S311 - a reproducible demo, not a secret
    officers = {user.username: user for user in User.objects.filter(role="officer")}
    assignments = (Assignment.objects.filter(task__directive=directive, status=AssignmentStatus.TODO,
                                             updated_by__isnull=True)
                   .select_related("unit", "task").order_by("task__order", "unit__code"))
    start = directive.date or today
    for assignment in assignments:
        roll = rng.random()
        officer = officers.get(assignment.unit.code)
        if officer is None or roll >= SHARE_DONE + SHARE_IN_PROGRESS:
            continue
        note = rng.choice(NOTES)
        link = f"https://{assignment.unit.code}.gialai.example/tin-tuc/cai-cach-hanh-chinh-{rng.randint(100, 999)}"
        if roll < SHARE_DONE:
            span = max(1, (today - start).days - 1)
            done_on = start + timedelta(days=rng.randint(5, span) if span > 5 else span)
            do_update_assignment(assignment, acting_user=officer, status=AssignmentStatus.DONE,
                                 completed_on=min(done_on, today), notes=note, links=link)
        else:
            do_update_assignment(assignment, acting_user=officer, status=AssignmentStatus.IN_PROGRESS, notes=note)


def play_reminders(directive: Directive, today: date) -> int:
    """The reminders the policy would have sent from the directive's date up to ``today`` (each step once)."""
    from cchc.reminders.run import run_reminders

    sent = 0
    day = (directive.date or today) + timedelta(days=1)
    while day <= today:
        sent += len(run_reminders(day))
        day += timedelta(days=1)
    return sent


SYNTHESIS_RECIPIENTS = "Như trên\nBộ Nội vụ (b/c)\nGiám đốc, các Phó Giám đốc Sở\nLưu: VT, CCHC"


def load_synthesis_defaults(directive: Directive, log: Callable[[str], None]) -> None:
    """Who signs Sở Nội vụ's reports and letters in the demo: its (fictional) director; the report on the founding
    dispatch also goes to the Ministry. Set once: a clerk's later choice is kept."""
    from cchc.synthesis.models import SignatureDefaults
    from cchc.units.models import OrgUnit

    if SignatureDefaults.objects.exists():
        return
    snv = OrgUnit.objects.filter(code="snv").first()
    director = (snv.head_name if snv is not None else "") or "Lê Thị Thu Hà"
    SignatureDefaults.objects.create(directive=None, signer_name=director, signer_position="GIÁM ĐỐC",
                                     head_position="GIÁM ĐỐC", on_behalf=False,
                                     recipients="Như trên\nGiám đốc, các Phó Giám đốc Sở\nLưu: VT, CCHC")
    SignatureDefaults.objects.create(directive=directive, signer_name=director, signer_position="GIÁM ĐỐC",
                                     head_position="GIÁM ĐỐC", on_behalf=False, recipients=SYNTHESIS_RECIPIENTS)
    log(f"Tổng hợp: báo cáo, công văn của Sở Nội vụ do Giám đốc {director} ký (tên hư cấu).")


def load_campaign(log: Callable[[str], None] = lambda line: None) -> Directive:
    today = min(clock.today(), DEMO_DAY)
    directive = load_directive(log)
    load_synthesis_defaults(directive, log)
    play_progress(directive, today)
    play_reports(directive, today, log)
    sent = play_reminders(directive, today)
    if sent:
        log(f"Nhắc việc: {sent} lượt nhắc theo chính sách đến ngày {today:%d/%m/%Y}.")
    return directive


ACTIVITY_TITLES = {
    "portal": "Đăng tin kết quả cải cách hành chính trên trang thông tin điện tử",
    "video": "Phát video clip hướng dẫn nộp hồ sơ trực tuyến mức độ 3, 4",
    "led": "Trình chiếu nội dung tuyên truyền CCHC trên màn hình LED",
    "leaflet": "Phát hành tờ gấp về tổng đài hỗ trợ giải quyết thủ tục hành chính",
    "receipt": "In nội dung tuyên truyền ở mặt sau Giấy tiếp nhận hồ sơ",
    "conference": "Hội nghị quán triệt công tác tuyên truyền cải cách hành chính",
    "contest": "Tổ chức cho đoàn viên, hội viên tham gia Cuộc thi tìm hiểu về CCHC năm 2020",
    "social": "Đăng bài tuyên truyền trên Zalo OA “Chính quyền điện tử tỉnh Gia Lai”",
}
RETURN_REASON = "Đề nghị bổ sung minh chứng (đường dẫn bài viết) và số liệu lượt phát trên màn hình LED."


def play_reports(directive: Directive, today: date, log: Callable[[str], None]) -> None:
    """The one-off report the dispatch asks for: activities logged, many reports approved or submitted, some
    returned, some drafts, some units silent — as on ``today``."""
    from cchc.reports.activities import do_create_activity
    from cchc.reports.demo import load_forms_2020
    from cchc.reports.models import Channel, Submission, Topic, expected_units_for
    from cchc.reports.submissions import do_approve, do_return, do_save_submission, do_start_submission, do_submit

    _annual, one_off = load_forms_2020(directive)
    period = one_off.periods.order_by("start").first()
    if period is None or Submission.objects.filter(form=one_off).exists():
        return
    rng = random.Random(2020)  # noqa: S311 - a reproducible demo, not a secret
    officers = {user.username: user for user in User.objects.filter(role="officer")}
    coordinator = User.objects.filter(username="sonoivu").first()
    channels = {channel.code: channel for channel in Channel.objects.all()}
    topics = list(Topic.objects.order_by("order"))
    days = max(1, (today - period.start).days)
    counts = {"silent": 0, "draft": 0, "submitted": 0, "returned": 0, "approved": 0}
    for unit in expected_units_for(one_off, period).order_by("code"):
        officer = officers.get(unit.code)
        if officer is None:
            continue
        activities = []
        for _ in range(rng.randint(2, 4)):
            code = rng.choice([code for code in ACTIVITY_TITLES if code in channels])
            activities.append(do_create_activity(
                acting_user=officer, unit=unit, date=period.start + timedelta(days=rng.randint(1, days)),
                channel=channels[code], title=ACTIVITY_TITLES[code], quantity=rng.randint(1, 20),
                reach=rng.randint(50, 5000), topics=rng.sample(topics, k=min(2, len(topics))),
                links=f"https://{unit.code}.gialai.example/cchc/{rng.randint(1000, 9999)}",
            ))
        roll = rng.random()
        if roll < 0.12:
            counts["silent"] += 1
            continue
        submission = do_start_submission(form=one_off, period=period, unit=unit, acting_user=officer)
        narrative = {section: f"{unit.short_name or unit.name}: {rng.choice(NOTES)}" for section in one_off.sections}
        do_save_submission(submission, acting_user=officer, values={}, narrative=narrative,
                           activity_ids=[activity.pk for activity in activities])
        if roll < 0.27:
            counts["draft"] += 1
            continue
        do_submit(submission, acting_user=officer)
        if coordinator is None or roll < 0.5:
            counts["submitted"] += 1
        elif roll < 0.62:
            do_return(submission, acting_user=coordinator, reason=RETURN_REASON)
            counts["returned"] += 1
        else:
            do_approve(submission, acting_user=coordinator)
            counts["approved"] += 1
    log("Báo cáo theo Công văn 2031/UBND-NC: {approved} đã duyệt, {submitted} chờ duyệt, {returned} bị trả lại, "
        "{draft} bản nháp, {silent} chưa báo cáo.".format(**counts))
