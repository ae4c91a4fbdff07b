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


def load_campaign(log: Callable[[str], None] = lambda line: None) -> Directive:
    today = min(clock.today(), DEMO_DAY)
    directive = load_directive(log)
    play_progress(directive, today)
    sent = play_reminders(directive, today)
    if sent:
        log(f"Nhắc việc: {sent} lượt nhắc theo chính sách đến ngày {today:%d/%m/%Y}.")
    return directive
