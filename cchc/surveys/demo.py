"""Demo: the 2020 satisfaction survey (SIPAS) with links per unit and service and ~1,500 anonymous responses.
Deterministic (seeded), bulk-inserted, idempotent."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import datetime, timedelta

from django.db import transaction

from cchc.core.clock import VIETNAM

from . import actions
from .models import QuestionKind, Response, ResponseAnswer, Survey

TITLE = "Khảo sát sự hài lòng của người dân, tổ chức đối với sự phục vụ của cơ quan hành chính nhà nước năm 2020"

SECTIONS = [
    ("Tiếp cận dịch vụ", ["Nơi ngồi chờ tại bộ phận một cửa có đủ chỗ ngồi, sạch sẽ",
                          "Trang thiết bị phục vụ người dân đầy đủ, dễ sử dụng"]),
    ("Thủ tục hành chính", ["Thủ tục hành chính được niêm yết công khai, đầy đủ",
                            "Thành phần hồ sơ, phí, lệ phí đúng quy định"]),
    ("Công chức trực tiếp giải quyết công việc", ["Công chức có thái độ lịch sự khi giao tiếp",
                                                  "Công chức hướng dẫn kê khai hồ sơ tận tình, chu đáo"]),
    ("Kết quả giải quyết công việc", ["Kết quả đúng quy định, thông tin chính xác",
                                      "Nhận kết quả đúng hẹn"]),
]
UNITS = [("ubnd-pleiku", ["Chứng thực bản sao", "Đăng ký hộ tịch"]), ("ubnd-ankhe", ["Cấp giấy chứng nhận quyền sử "
                                                                                      "dụng đất"]),
         ("ubnd-chupah", []), ("ubnd-chuse", []), ("ubnd-ayunpa", []), ("stnmt", ["Đăng ký đất đai"]),
         ("skhdt", ["Đăng ký doanh nghiệp"]), ("stp", ["Lý lịch tư pháp"]), ("sgtvt", ["Cấp đổi giấy phép lái xe"]),
         ("syt", [])]


def load_demo(log: Callable[[str], None] = lambda line: None) -> None:
    if Survey.objects.filter(title=TITLE).exists():
        return
    from cchc.units.models import OrgUnit

    rng = random.Random(2020)  # noqa: S311 - demo data
    with transaction.atomic():
        survey = actions.do_create_survey(
            title=TITLE, acting_user=None,
            description="Phiếu khảo sát ẩn danh, khoảng 3 phút. Xin ông/bà cho biết mức độ hài lòng khi giải quyết "
                        "thủ tục hành chính tại cơ quan. Ý kiến của ông/bà giúp cơ quan phục vụ tốt hơn.")
        ratings = []
        for title, texts in SECTIONS:
            section = actions.do_add_section(survey, title=title, acting_user=None)
            for text in texts:
                ratings.append(actions.do_add_question(survey, text=text, kind=QuestionKind.RATING, section=section,
                                                       acting_user=None))
        other = actions.do_add_section(survey, title="Thông tin thêm", acting_user=None)
        channel = actions.do_add_question(
            survey, text="Ông/bà biết đến thủ tục qua kênh thông tin nào?", kind=QuestionKind.MULTIPLE,
            section=other, allow_other=True, acting_user=None,
            choices=["Báo, đài phát thanh – truyền hình", "Cổng thông tin điện tử", "Loa truyền thanh xã, phường",
                     "Người quen giới thiệu", "Mạng xã hội"])
        online = actions.do_add_question(survey, text="Ông/bà đã dùng dịch vụ công trực tuyến chưa?",
                                         kind=QuestionKind.SINGLE, section=other, choices=["Đã dùng", "Chưa dùng"],
                                         acting_user=None)
        used = online.choices.get(text="Đã dùng")
        portal = actions.do_add_question(survey, text="Cổng dịch vụ công trực tuyến dễ sử dụng",
                                         kind=QuestionKind.RATING, section=other, show_if=used, acting_user=None)
        comment = actions.do_add_question(survey, text="Góp ý để cơ quan phục vụ tốt hơn", kind=QuestionKind.TEXT,
                                          section=other, required=False, acting_user=None)
        codes = dict(OrgUnit.objects.values_list("code", "id"))
        links = [actions.do_add_link(survey, acting_user=None)]
        for code, services in UNITS:
            if code not in codes:
                continue
            unit = OrgUnit.objects.get(pk=codes[code])
            links.append(actions.do_add_link(survey, unit=unit, acting_user=None))
            links.extend(actions.do_add_link(survey, unit=unit, service=s, acting_user=None) for s in services)
        channel_ids = list(channel.choices.values_list("id", flat=True))
        comments = ["Nên bố trí thêm chỗ ngồi chờ.", "Cán bộ hướng dẫn nhiệt tình.", "Thời gian chờ còn lâu.",
                    "Cần niêm yết rõ lệ phí.", "Rất hài lòng với bộ phận một cửa."]
        responses, answers = [], []
        start = datetime(2020, 10, 5, 8, tzinfo=VIETNAM)
        for link in links:
            mood = rng.uniform(0.55, 0.95)
            for _ in range(rng.randint(60, 160)):
                responses.append(Response(survey=survey, link=link, unit_id=link.unit_id, service=link.service,
                                          submitted_at=start + timedelta(minutes=rng.randint(0, 46 * 24 * 60))))
                rows = []
                for question in ratings:
                    if rng.random() < 0.03:
                        continue
                    rows.append((question.id, None, _rating(rng, mood), "", False))
                for cid in rng.sample(channel_ids, rng.randint(1, 2)):
                    rows.append((channel.id, cid, None, "", False))
                if rng.random() < 0.08:
                    rows.append((channel.id, None, None, rng.choice(["Tổ dân phố", "Zalo của phường",
                                                                     "Thông báo tại nhà văn hóa"]), True))
                uses = rng.random() < 0.4
                rows.append((online.id, used.id if uses else online.choices.get(text="Chưa dùng").id, None, "",
                             False))
                if uses:
                    rows.append((portal.id, None, _rating(rng, mood - 0.1), "", False))
                if rng.random() < 0.15:
                    rows.append((comment.id, None, None, rng.choice(comments), False))
                answers.append(rows)
        Response.objects.bulk_create(responses, batch_size=1000)
        ResponseAnswer.objects.bulk_create(
            [ResponseAnswer(response=r, question_id=q, choice_id=c, rating=v, text=t, is_other=o)
             for r, rows in zip(responses, answers, strict=True) for q, c, v, t, o in rows], batch_size=2000)
    from cchc.lib.vn import format_number

    log(f"Khảo sát sự hài lòng 2020: {format_number(len(responses))} phiếu, {len(links)} liên kết.")


def _rating(rng: random.Random, mood: float) -> int:
    roll = rng.random()
    if roll < mood:
        return rng.choice([4, 4, 5])
    return rng.choice([1, 2, 3, 3])
