"""Demo: the 2020 contest "Tìm hiểu về công tác cải cách hành chính" (two quiz rounds, a few thousand generated
entrants; round 1 closed with its winners published, round 2 open on 20/11/2020) and the writing contest with
entries scored by three judges. Deterministic (seeded), bulk-inserted, idempotent."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import datetime, timedelta
from decimal import Decimal

from django.db import transaction

from cchc.core.clock import VIETNAM

from . import actions
from .choices import AgeGroup, AttemptStatus, ContestKind
from .models import Answer, Attempt, Contest, Criterion, Entrant, Entry, JuryAssignment, Round, Score

SLUG = "tim-hieu-cchc-2020"
WRITING_SLUG = "viet-ve-cchc-gia-lai-2020"

QUESTIONS = [
    ("Công văn số 2031/UBND-NC về tăng cường công tác thông tin, tuyên truyền cải cách hành chính được UBND tỉnh "
     "Gia Lai ban hành ngày nào?", ["01/10/2020", "15/10/2020", "01/11/2020", "20/11/2020"], [0]),
    ("Chương trình tổng thể cải cách hành chính nhà nước giai đoạn 2011–2020 được ban hành kèm theo văn bản nào?",
     ["Nghị quyết 30c/NQ-CP", "Nghị định 61/2018/NĐ-CP", "Quyết định 225/QĐ-TTg", "Chỉ thị 26/CT-TTg"], [0]),
    ("Chương trình tổng thể cải cách hành chính giai đoạn 2011–2020 gồm những nội dung nào?",
     ["Cải cách thể chế", "Cải cách thủ tục hành chính", "Cải cách tổ chức bộ máy", "Cải cách tài chính công"],
     [0, 1, 2, 3]),
    ("Nghị định nào quy định về thực hiện cơ chế một cửa, một cửa liên thông trong giải quyết thủ tục hành chính?",
     ["Nghị định 61/2018/NĐ-CP", "Nghị định 30/2020/NĐ-CP", "Nghị định 09/2019/NĐ-CP", "Nghị định 45/2020/NĐ-CP"],
     [0]),
    ("Nghị định 30/2020/NĐ-CP quy định về nội dung nào?",
     ["Công tác văn thư", "Chế độ báo cáo", "Kiểm soát thủ tục hành chính", "Dịch vụ công trực tuyến"], [0]),
    ("Nghị định 09/2019/NĐ-CP quy định về nội dung nào?",
     ["Chế độ báo cáo của cơ quan hành chính nhà nước", "Công tác văn thư", "Tiếp công dân",
      "Thi đua, khen thưởng"], [0]),
    ("SIPAS là chỉ số gì?", ["Chỉ số hài lòng của người dân, tổ chức đối với sự phục vụ của cơ quan hành chính",
                             "Chỉ số cải cách hành chính", "Chỉ số năng lực cạnh tranh cấp tỉnh",
                             "Chỉ số hiệu quả quản trị và hành chính công"], [0]),
    ("PAR INDEX là chỉ số gì?", ["Chỉ số cải cách hành chính", "Chỉ số hài lòng", "Chỉ số năng lực cạnh tranh",
                                 "Chỉ số chuyển đổi số"], [0]),
    ("Những chỉ số nào đánh giá chất lượng quản trị, phục vụ ở cấp tỉnh?", ["PAR INDEX", "SIPAS", "PAPI", "PCI"],
     [0, 1, 2, 3]),
    ("Dịch vụ công trực tuyến mức độ 4 cho phép người dân làm gì?",
     ["Nộp hồ sơ, thanh toán phí và nhận kết quả trực tuyến", "Chỉ tải mẫu đơn", "Chỉ xem thông tin thủ tục",
      "Chỉ nộp hồ sơ trực tuyến"], [0]),
    ("Bộ phận tiếp nhận và trả kết quả giải quyết thủ tục hành chính của tỉnh gọi là gì?",
     ["Trung tâm Phục vụ hành chính công", "Văn phòng đăng ký đất đai", "Ban Tiếp công dân", "Phòng Nội vụ"], [0]),
    ("Tỉnh Gia Lai có bao nhiêu đơn vị hành chính cấp huyện (năm 2020)?", ["15", "17", "19", "22"], [1]),
    ("Cơ quan nào là cơ quan thường trực, tham mưu UBND tỉnh về công tác cải cách hành chính?",
     ["Sở Nội vụ", "Sở Tư pháp", "Văn phòng UBND tỉnh", "Sở Thông tin và Truyền thông"], [0]),
    ("Cơ quan nào tham mưu về kiểm soát thủ tục hành chính của tỉnh (năm 2020)?",
     ["Văn phòng UBND tỉnh", "Sở Nội vụ", "Sở Kế hoạch và Đầu tư", "Thanh tra tỉnh"], [0]),
    ("Hình thức tuyên truyền cải cách hành chính nào được Công văn 2031/UBND-NC đề nghị?",
     ["Trên báo, đài phát thanh – truyền hình", "Trên cổng, trang thông tin điện tử", "Qua hệ thống loa truyền thanh "
      "cơ sở", "Tổ chức cuộc thi tìm hiểu"], [0, 1, 2, 3]),
    ("Người dân có thể phản ánh, kiến nghị về quy định hành chính qua kênh nào?",
     ["Cổng Dịch vụ công quốc gia", "Đường dây nóng của tỉnh", "Trực tiếp tại bộ phận một cửa", "Cả ba kênh trên"],
     [3]),
    ("Mục tiêu của cơ chế một cửa là gì?",
     ["Giảm số lần đi lại của người dân", "Công khai, minh bạch thủ tục", "Rút ngắn thời gian giải quyết",
      "Tăng số lượng giấy tờ phải nộp"], [0, 1, 2]),
    ("Phí, lệ phí giải quyết thủ tục hành chính phải được niêm yết ở đâu?",
     ["Tại nơi tiếp nhận hồ sơ và trên cổng thông tin", "Chỉ trong hồ sơ lưu", "Không cần niêm yết",
      "Chỉ trên báo in"], [0]),
    ("Ngày Chuyển đổi số quốc gia là ngày nào?", ["10/10", "01/10", "20/11", "02/09"], [0]),
    ("Cải cách chế độ công vụ nhằm xây dựng đội ngũ cán bộ, công chức như thế nào?",
     ["Có phẩm chất, năng lực, uy tín", "Chuyên nghiệp, trách nhiệm", "Tận tụy phục vụ nhân dân",
      "Đông về số lượng"], [0, 1, 2]),
    ("Hệ thống quản lý văn bản và điều hành giúp gì cho cải cách hành chính?",
     ["Gửi nhận văn bản điện tử, giảm giấy tờ", "Tăng thời gian xử lý", "Thay thế hoàn toàn con người",
      "Không liên quan"], [0]),
    ("Thời hạn giải quyết thủ tục hành chính được tính từ khi nào?",
     ["Từ khi nhận đủ hồ sơ hợp lệ", "Từ khi người dân nộp đơn lần đầu", "Từ khi lãnh đạo ký",
      "Từ khi có kết quả"], [0]),
    ("Khi hồ sơ giải quyết quá hạn, cơ quan giải quyết phải làm gì?",
     ["Gửi văn bản xin lỗi người dân và hẹn lại thời gian trả kết quả", "Không phải làm gì",
      "Yêu cầu người dân nộp lại hồ sơ", "Thu thêm phí"], [0]),
    ("Mã QR trên phiếu khảo sát tại bộ phận một cửa dùng để làm gì?",
     ["Đánh giá mức độ hài lòng", "Nộp phí", "Tra cứu điểm thi", "Đăng ký tài khoản"], [0]),
]

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô",
          "Dương", "Lý", "Rơ Mah", "Ksor", "Siu", "Rcom", "Kpă", "Nay"]
MIDDLE = ["Văn", "Thị", "Đức", "Minh", "Thanh", "Ngọc", "Hữu", "Quang", "Thu", "Kim", "Hoài", "Xuân"]
GIVEN = ["An", "Bình", "Cường", "Dung", "Giang", "Hà", "Hải", "Hạnh", "Hòa", "Hùng", "Hương", "Khánh", "Lan", "Linh",
         "Long", "Mai", "Nam", "Nga", "Nhung", "Phúc", "Phương", "Quân", "Sơn", "Tâm", "Thảo", "Trang", "Tuấn",
         "Vy", "H'Bla", "H'Nơi", "Blúp", "Djuih"]
COMMUNES = ["Phường Hoa Lư", "Phường Diên Hồng", "Phường Tây Sơn", "Xã Ia Kring", "Xã Biển Hồ", "Thị trấn Phú Hòa",
            "Thị trấn Chư Sê", "Xã Ia Blang", "Phường An Phú", "Thị trấn Kbang", "Xã Ia Dêr", "Phường Cheo Reo"]


def _at(day: str, hour: int = 8, minute: int = 0) -> datetime:
    return datetime.fromisoformat(day).replace(hour=hour, minute=minute, tzinfo=VIETNAM)


def load_demo(log: Callable[[str], None] = lambda line: None) -> None:
    if Contest.objects.filter(slug=SLUG).exists():
        return
    rng = random.Random(2031)  # noqa: S311 - demo data
    with transaction.atomic():
        from cchc.units.models import OrgUnit

        organiser = OrgUnit.objects.filter(code="snv").first()
        units = list(OrgUnit.objects.exclude(parent__isnull=True).values_list("id", flat=True))
        contest = Contest.objects.create(
            title="Cuộc thi trực tuyến “Tìm hiểu về công tác cải cách hành chính” năm 2020", slug=SLUG,
            kind=ContestKind.QUIZ, organiser=organiser,
            description="Hưởng ứng Công văn 2031/UBND-NC ngày 01/10/2020 của UBND tỉnh Gia Lai. Mỗi tuần một vòng "
                        "thi, mỗi lượt 10 câu hỏi trắc nghiệm chọn ngẫu nhiên, làm trong 15 phút, mỗi người (một "
                        "số điện thoại) thi một lượt mỗi vòng. Câu hỏi phụ: dự đoán số người tham gia vòng thi.")
        for i, (text, choices, correct) in enumerate(QUESTIONS, start=1):
            kind = "multiple" if len(correct) > 1 else "single"
            actions.do_add_question(contest, text=text, kind=kind, choices=[(c, j in correct)
                                                                            for j, c in enumerate(choices)],
                                    acting_user=None, order=i)
        round1 = Round.objects.create(contest=contest, number=1, title="Vòng 1 (tuần 1)",
                                      starts_at=_at("2020-11-02"), ends_at=_at("2020-11-08", 22),
                                      question_count=10, time_limit_minutes=15)
        round2 = Round.objects.create(contest=contest, number=2, title="Vòng 2 (tuần 3)",
                                      starts_at=_at("2020-11-16"), ends_at=_at("2020-11-22", 22),
                                      question_count=10, time_limit_minutes=15)
        people = _entrants(contest, rng, units, 3200)
        actions.forget_questions()
        bank = list(contest.questions.values_list("id", flat=True))
        infos = actions.question_info(bank)
        _attempts(round1, people[:2400], bank, infos, rng, guess_centre=2400)
        _attempts(round2, people[800:2400], bank, infos, rng, guess_centre=2000)
        round1.closed_at = round1.ends_at
        round1.save(update_fields=["closed_at"])
        actions.do_publish_winners(round1, acting_user=None, now=_at("2020-11-10", 9))
        _writing(rng, organiser, units)
    log("Cuộc thi: “Tìm hiểu về công tác cải cách hành chính” (2 vòng, 3.200 người dự thi), cuộc thi viết (12 bài).")


def _entrants(contest: Contest, rng: random.Random, units: list[int], count: int) -> list[Entrant]:
    phones: set[str] = set()
    rows = []
    ages = [a for a, _ in AgeGroup.choices]
    while len(rows) < count:
        phone = "0" + rng.choice(["3", "5", "7", "8", "9"]) + f"{rng.randrange(10**8):08d}"
        if phone in phones:
            continue
        phones.add(phone)
        in_unit = rng.random() < 0.6
        rows.append(Entrant(contest=contest, phone=phone,
                            name=f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}",
                            unit_id=rng.choice(units) if in_unit and units else None,
                            commune="" if in_unit else rng.choice(COMMUNES),
                            age_group=rng.choices(ages, weights=[3, 30, 35, 25, 7])[0]))
    return Entrant.objects.bulk_create(rows, batch_size=1000)


def _attempts(round_: Round, people: list[Entrant], bank: list[int], infos: dict, rng: random.Random,
              guess_centre: int) -> None:
    span = (round_.ends_at - round_.starts_at).total_seconds() - 3600
    attempts, answers_per = [], []
    for entrant in people:
        started = round_.starts_at + timedelta(seconds=rng.uniform(0, span))
        skill = rng.uniform(0.45, 0.97)
        drawn = rng.sample(bank, round_.question_count)
        duration = int(rng.uniform(70, 880))
        rows, score = [], 0
        for position, qid in enumerate(drawn):
            info = infos[qid]
            if rng.random() < skill:
                chosen, ok = sorted(info.correct_ids), True
            else:
                wrong = sorted(info.choice_ids - info.correct_ids) or sorted(info.choice_ids)
                chosen, ok = [rng.choice(wrong)], False
            score += ok
            rows.append((qid, position, ",".join(map(str, chosen)), ok,
                         started + timedelta(seconds=duration * (position + 1) / (len(drawn) + 1))))
        attempts.append(Attempt(round=round_, entrant=entrant, number=1, started_at=started,
                                deadline=started + round_.time_limit(), status=AttemptStatus.SUBMITTED,
                                submitted_at=started + timedelta(seconds=duration), duration_seconds=duration,
                                score=score, tie_break_guess=max(1, int(rng.gauss(guess_centre, 700)))))
        answers_per.append(rows)
    Attempt.objects.bulk_create(attempts, batch_size=1000)
    saved = dict(Attempt.objects.filter(round=round_).values_list("entrant_id", "id"))
    Answer.objects.bulk_create(
        [Answer(attempt_id=saved[a.entrant_id], question_id=qid, position=pos, choices=chosen, is_correct=ok,
                answered_at=when)
         for a, rows in zip(attempts, answers_per, strict=True) for qid, pos, chosen, ok, when in rows],
        batch_size=2000)


ENTRIES = [
    ("Một cửa, một lần đến: câu chuyện ở phường Hoa Lư", "stttt"),
    ("Dịch vụ công trực tuyến về với buôn làng", "ubnd-chupah"),
    ("Cải cách hành chính từ chiếc loa truyền thanh xã", None),
    ("Khi cán bộ một cửa biết lắng nghe", "ubnd-pleiku"),
    ("Chuyển đổi số ở huyện biên giới", "ubnd-ducco"),
    ("Người dân chấm điểm chính quyền", None),
    ("Hồ sơ đất đai không còn phải chờ", "stnmt"),
    ("Giảm giấy tờ, tăng niềm tin", "snv"),
    ("Từ Nghị quyết 30c đến những đổi thay ở cơ sở", None),
    ("Cổng dịch vụ công và người nông dân", "ubnd-ankhe"),
    ("Tiếng nói của doanh nghiệp trẻ", None),
    ("Mã QR trên quầy tiếp nhận", "ubnd-ayunpa"),
]


def _writing(rng: random.Random, organiser: object, units: list[int]) -> None:
    from cchc.accounts.models import User
    from cchc.units.models import OrgUnit

    contest = Contest.objects.create(
        title="Cuộc thi viết “Tìm hiểu về công tác cải cách hành chính tỉnh Gia Lai” năm 2020", slug=WRITING_SLUG,
        kind=ContestKind.WRITING, organiser=organiser, entries_open_until=_at("2020-11-30", 17),
        description="Bài viết không quá 3.000 chữ về kết quả, kinh nghiệm, đề xuất trong cải cách hành chính ở "
                    "cơ quan, địa phương. Gửi trực tuyến hoặc nộp bản giấy tại Sở Nội vụ.")
    criteria = [Criterion.objects.create(contest=contest, name=n, max_points=Decimal(p), order=i)
                for i, (n, p) in enumerate([("Nội dung, tính thời sự", 50), ("Tính sáng tạo, đề xuất", 30),
                                            ("Hình thức, văn phong", 20)], start=1)]
    codes = dict(OrgUnit.objects.values_list("code", "id"))
    entries = []
    for i, (title, unit_code) in enumerate(ENTRIES, start=1):
        entrant = Entrant.objects.create(contest=contest, phone=f"09140020{i:02d}",
                                         name=f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}",
                                         unit_id=codes.get(unit_code) if unit_code else None,
                                         commune="" if unit_code else rng.choice(COMMUNES),
                                         age_group=rng.choice(["18-30", "31-45", "46-60"]))
        entries.append(Entry.objects.create(
            contest=contest, entrant=entrant, code=f"BD-{i:04d}", title=title,
            text=f"{title}.\n\nBài dự thi minh họa: kể lại những thay đổi cụ thể khi cơ quan, địa phương thực hiện "
                 "cơ chế một cửa, dịch vụ công trực tuyến và tuyên truyền cải cách hành chính theo Công văn "
                 "2031/UBND-NC.",
            source="paper" if i % 4 == 0 else "online", submitted_at=_at("2020-11-05") + timedelta(hours=7 * i)))
    judges = list(User.objects.filter(username__in=["stttt", "stp", "sgddt"]).order_by("username"))
    if len(judges) < 3:
        return
    actions.do_assign_entries(entries, judges, acting_user=None)
    for entry in entries:
        quality = rng.uniform(0.55, 0.92)
        for judge in judges:
            if judge.username == "stp" and entry.code in {"BD-0011", "BD-0012"}:
                continue  # still to be scored by this judge on 20/11
            assignment = JuryAssignment.objects.get(entry=entry, judge=judge)
            bias = -0.35 if (entry.code == "BD-0003" and judge.username == "sgddt") else rng.uniform(-0.05, 0.05)
            for criterion in criteria:
                points = max(Decimal(0), min(criterion.max_points, (criterion.max_points * Decimal(
                    quality + bias)).quantize(Decimal("0.5"))))
                Score.objects.create(assignment=assignment, criterion=criterion, points=points)
            assignment.scored_at = _at("2020-11-18", 10)
            assignment.save(update_fields=["scored_at"])
