"""A small directive for the tests of the pages, actions and API (built with the ORM: the import is elsewhere).

On the fixed clock (2020-11-20), Công văn 2031/UBND-NC of 01/10/2020 has three tasks:

- task 1, due 15/11/2020: stttt done 10/11 (on time), pleiku done 18/11 (late), chupah in progress (overdue),
  mttq not started (overdue), buudien not started — but Bưu điện closed on 01/11, before the due date: not expected;
- task 2, due 31/12/2020: stttt in progress, pleiku not started, buudien (not expected);
- task 3, no date of its own (the report deadline 25/11/2020 applies): stttt not started, stp done 19/11 (on time).

A second directive, Kế hoạch 45/KH-SNV, concerns only Pleiku.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest

from cchc.directives.choices import AssignmentStatus
from cchc.directives.models import Assignment, Directive, DirectiveReference, ReportRequest, Task
from cchc.units.models import OrgUnit

TODAY = "2020-11-20"
DONE, IN_PROGRESS, TODO = AssignmentStatus.DONE, AssignmentStatus.IN_PROGRESS, AssignmentStatus.TODO


@dataclass
class Setup:
    directive: Directive
    other: Directive
    tasks: list[Task]
    a: dict[tuple[int, str], Assignment]  # (task number, unit code) → assignment

    def __call__(self, task: int, code: str) -> Assignment:
        return self.a[(task, code)]


def assign(task: Task, unit: OrgUnit, status: str = TODO, completed_on: date | None = None,
           due_date: date | None = None) -> Assignment:
    return Assignment.objects.create(task=task, unit=unit, status=status, completed_on=completed_on,
                                     due_date=due_date or task.effective_due_date())


def make_directive(province: Any) -> Setup:
    directive = Directive.objects.create(
        number="2031/UBND-NC", doc_type="Công văn", date=date(2020, 10, 1), place="Gia Lai",
        issuer="Ủy ban nhân dân tỉnh Gia Lai", subject="Về việc đẩy mạnh tuyên truyền cải cách hành chính năm 2020",
        signer="Võ Ngọc Thành", signer_position="Phó Chủ tịch")
    DirectiveReference.objects.create(directive=directive, doc_type="Kế hoạch", number="123/KH-UBND",
                                      date=date(2020, 1, 15), issuer="UBND tỉnh")
    report = ReportRequest.objects.create(directive=directive, text="Báo cáo kết quả thực hiện",
                                          deadline=date(2020, 11, 25))
    report.units.set([province.stttt, province.pleiku])
    t1 = Task.objects.create(directive=directive, label="1", order=1, due_date=date(2020, 11, 15),
                             text="Đăng tải tin, bài tuyên truyền cải cách hành chính trên cổng thông tin.")
    t2 = Task.objects.create(directive=directive, label="2", order=2, due_date=date(2020, 12, 31),
                             text="Tổ chức hội nghị đối thoại về thủ tục hành chính.")
    t3 = Task.objects.create(directive=directive, label="3", order=3, text="Báo cáo kết quả thực hiện.")
    OrgUnit.objects.filter(pk=province.buudien.pk).update(valid_to=date(2020, 11, 1))
    a = {
        (1, "stttt"): assign(t1, province.stttt, DONE, date(2020, 11, 10)),
        (1, "ubnd-pleiku"): assign(t1, province.pleiku, DONE, date(2020, 11, 18)),
        (1, "ubnd-chupah"): assign(t1, province.chupah, IN_PROGRESS),
        (1, "mttq"): assign(t1, province.mttq),
        (1, "buudien"): assign(t1, province.buudien),
        (2, "stttt"): assign(t2, province.stttt, IN_PROGRESS),
        (2, "ubnd-pleiku"): assign(t2, province.pleiku),
        (2, "buudien"): assign(t2, province.buudien),
        (3, "stttt"): assign(t3, province.stttt),
        (3, "stp"): assign(t3, province.stp, DONE, date(2020, 11, 19)),
    }
    other = Directive.objects.create(number="45/KH-SNV", doc_type="Kế hoạch", date=date(2020, 9, 1),
                                     issuer="Sở Nội vụ tỉnh Gia Lai", subject="Kế hoạch kiểm tra công tác CCHC")
    other_task = Task.objects.create(directive=other, label="1", text="Tự kiểm tra", due_date=date(2020, 12, 1))
    a[(9, "ubnd-pleiku")] = assign(other_task, province.pleiku)
    return Setup(directive=directive, other=other, tasks=[t1, t2, t3], a=a)


@pytest.fixture
def fixed_today(settings: Any) -> date:
    settings.CCHC_TODAY = TODAY
    return date.fromisoformat(TODAY)


@pytest.fixture
def setup(province: Any, fixed_today: date) -> Setup:
    return make_directive(province)
