"""Demo data: about forty 2020 feedback items of Gia Lai in every state, some handed in by the Zalo OA relay
through the signed webhook (idempotent, deterministic, a few seconds)."""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from django.test import override_settings
from django.test.client import RequestFactory

from cchc.accounts.models import User
from cchc.lib.holidays import add_working_days
from cchc.units.models import OrgUnit

from . import actions
from .choices import Channel
from .models import Category, Feedback, InboundChannel
from .seed import load_seed
from .webhooks import signed_headers

DEMO_TODAY = date(2020, 11, 20)
ZALO_SECRET = "demo-zalo-oa-secret-2020-gia-lai-chinh-quyen-dien-tu"  # noqa: S105 - demo only
HOTLINE_SECRET = "demo-hotline-1022-secret-2020-gia-lai"  # noqa: S105 - demo only

# (category, unit code, title, content, answer)
SAMPLES = [
    ("dat-dai", "ubnd-pleiku", "Chậm cấp giấy chứng nhận quyền sử dụng đất",
     "Tôi nộp hồ sơ cấp giấy chứng nhận quyền sử dụng đất tại bộ phận một cửa thành phố Pleiku từ tháng 6 nhưng "
     "đến nay đã quá hẹn trả kết quả mà chưa nhận được thông báo.",
     "UBND thành phố Pleiku đã kiểm tra: hồ sơ của Ông/Bà bị chậm do phải xác minh nguồn gốc đất. Kết quả đã có; "
     "Ông/Bà vui lòng nhận tại Bộ phận tiếp nhận và trả kết quả thành phố hoặc đăng ký nhận qua bưu điện."),
    ("dat-dai", "stnmt", "Thủ tục chuyển mục đích sử dụng đất phải đi lại nhiều lần",
     "Khi làm thủ tục chuyển mục đích sử dụng đất, tôi phải bổ sung giấy tờ ba lần, mỗi lần được yêu cầu một "
     "loại khác nhau. Đề nghị hướng dẫn đầy đủ ngay từ đầu.",
     "Sở Tài nguyên và Môi trường tiếp thu phản ánh, đã niêm yết danh mục hồ sơ đầy đủ tại bộ phận một cửa và "
     "trên Cổng dịch vụ công; cán bộ tiếp nhận được yêu cầu hướng dẫn một lần, đầy đủ bằng phiếu hướng dẫn."),
    ("xay-dung", "sxd", "Giấy phép xây dựng nhà ở riêng lẻ quá hạn",
     "Hồ sơ xin giấy phép xây dựng nhà ở riêng lẻ của gia đình tôi đã quá 15 ngày theo giấy hẹn.",
     "Sở Xây dựng đã chỉ đạo hoàn thành việc cấp giấy phép; giấy phép đã được trả cho Ông/Bà. Sở xin lỗi vì sự "
     "chậm trễ và đã chấn chỉnh bộ phận chuyên môn."),
    ("xay-dung", "ubnd-ankhe", "Không rõ quy hoạch chi tiết khu dân cư phường An Phú",
     "Đề nghị công khai bản đồ quy hoạch chi tiết khu dân cư phường An Phú để người dân biết trước khi xin phép "
     "xây dựng.",
     "UBND thị xã An Khê đã đăng tải bản đồ quy hoạch chi tiết trên trang thông tin điện tử của thị xã và niêm "
     "yết tại trụ sở UBND phường An Phú."),
    ("dau-tu", "skhdt", "Thủ tục chấp thuận chủ trương đầu tư kéo dài",
     "Doanh nghiệp chúng tôi nộp hồ sơ đề nghị chấp thuận chủ trương đầu tư dự án chế biến nông sản đã hơn hai "
     "tháng nhưng chưa có kết quả, không được thông báo lý do.",
     "Sở Kế hoạch và Đầu tư đã tổng hợp ý kiến các sở, ngành và trình UBND tỉnh; doanh nghiệp sẽ nhận kết quả "
     "trong tuần. Sở sẽ thông báo tiến độ qua thư điện tử cho doanh nghiệp ở các bước tiếp theo."),
    ("dau-tu", "skhdt", "Đề nghị hướng dẫn đăng ký doanh nghiệp qua mạng",
     "Tôi muốn đăng ký thành lập doanh nghiệp qua mạng nhưng không biết cách ký số hồ sơ.",
     "Sở Kế hoạch và Đầu tư đã gửi hướng dẫn chi tiết; Ông/Bà có thể dùng tài khoản đăng ký kinh doanh thay chữ "
     "ký số. Phòng Đăng ký kinh doanh sẵn sàng hỗ trợ qua số điện thoại của Sở."),
    ("thai-do", "ubnd-chupah", "Cán bộ một cửa huyện Chư Păh thiếu nhiệt tình",
     "Khi tôi hỏi thủ tục chứng thực, cán bộ tại bộ phận một cửa huyện Chư Păh trả lời cộc lốc, không hướng dẫn.",
     "UBND huyện Chư Păh đã làm việc với công chức liên quan, yêu cầu kiểm điểm, rút kinh nghiệm và xin lỗi "
     "Ông/Bà. Huyện sẽ tăng cường kiểm tra việc thực hiện văn hóa công sở."),
    ("thai-do", "ubnd-pleiku", "Phải chờ lâu tại bộ phận tiếp nhận và trả kết quả",
     "Sáng thứ hai tôi phải chờ gần hai tiếng mới được tiếp nhận hồ sơ dù chỉ có vài người.",
     "UBND thành phố Pleiku đã bố trí thêm quầy tiếp nhận vào sáng thứ hai và triển khai lấy số thứ tự tự động."),
    ("dich-vu-cong", "stttt", "Không nộp được hồ sơ trực tuyến mức độ 4",
     "Cổng dịch vụ công báo lỗi khi tôi tải tệp đính kèm, không nộp được hồ sơ trực tuyến mức độ 4.",
     "Sở Thông tin và Truyền thông đã phối hợp đơn vị vận hành khắc phục lỗi tải tệp trên Cổng dịch vụ công; "
     "Ông/Bà vui lòng nộp lại hồ sơ. Tổng đài hỗ trợ luôn sẵn sàng giúp đỡ."),
    ("dich-vu-cong", "stttt", "Đề nghị hỗ trợ thanh toán phí trực tuyến",
     "Tôi không thanh toán được lệ phí trực tuyến qua Cổng dịch vụ công bằng thẻ ngân hàng.",
     "Sở Thông tin và Truyền thông đã hướng dẫn; lỗi do ngân hàng của Ông/Bà chưa kết nối. Ông/Bà có thể thanh "
     "toán qua các ngân hàng đã kết nối được liệt kê trên Cổng."),
    ("bcci", "buudien", "Nhận kết quả qua bưu điện bị chậm",
     "Tôi đăng ký nhận kết quả qua dịch vụ bưu chính công ích nhưng sau năm ngày mới nhận được.",
     "Bưu điện tỉnh Gia Lai đã kiểm tra và chấn chỉnh khâu chuyển phát; từ tháng 11 kết quả được chuyển trong "
     "ngày làm việc tiếp theo tại địa bàn thành phố Pleiku."),
    ("tthc-khac", "stp", "Chứng thực bản sao phải nộp thêm bản photo",
     "Khi chứng thực bản sao, tôi bị yêu cầu nộp thêm bản photo dù đã mang bản chính.",
     "Sở Tư pháp đã hướng dẫn các phòng tư pháp: người dân không phải nộp bản photo khi mang bản chính; cơ quan "
     "chứng thực tự chụp bản sao."),
    ("khac", "", "Đề nghị mở rộng giờ làm việc ngày thứ bảy",
     "Đề nghị bộ phận một cửa làm việc sáng thứ bảy để người lao động có thể làm thủ tục.",
     "UBND tỉnh đã giao các địa phương nghiên cứu bố trí tiếp nhận hồ sơ sáng thứ bảy tại các bộ phận đông "
     "người dân."),
]

# (final state, how many)
PLAN = [("closed", 7), ("answered", 7), ("reopened", 2), ("drafted", 4), ("routed", 7), ("accepted", 2),
        ("new", 4), ("rejected", 3), ("merged", 2)]
NAMES = ["Nguyễn Văn Hùng", "Trần Thị Mai", "Lê Văn Nam", "Phạm Thị Hoa", "Rơ Mah Thuỷ", "Ksor H'Nhi",
         "Đinh Văn Tú", "Võ Thị Lan Anh"]


def _users() -> dict[str, User]:
    return {user.username: user for user in User.objects.filter(is_active=True)}


def _at(day: date) -> Any:
    return override_settings(CCHC_TODAY=day.isoformat())


def _via_webhook(channel: InboundChannel, secret: str, payload: dict[str, Any]) -> Feedback | None:
    """Hand a message in exactly as the relay does: a signed POST to the webhook view."""
    from .api.views import WebhookView

    body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
    headers = signed_headers(secret, body)
    request = RequestFactory().post(f"/api/v1/feedback/webhook/{channel.code}/", data=body,
                                    content_type="application/json",
                                    headers={k: v for k, v in headers.items() if k != "Content-Type"})
    response = WebhookView.as_view()(request, channel=channel.code)
    if response.status_code != 201:
        return None
    return Feedback.objects.get(tracking_code=response.data["tracking_code"])


def load_demo(log: Callable[[str], None] = lambda line: None) -> None:
    load_seed()
    if Feedback.objects.exists():
        log("Phản ánh, kiến nghị: đã có dữ liệu, bỏ qua.")
        return
    zalo, _ = InboundChannel.objects.get_or_create(code="zalo-oa", defaults={
        "name": "Zalo OA “Chính quyền điện tử tỉnh Gia Lai”", "kind": Channel.ZALO, "secret": ZALO_SECRET})
    hotline, _ = InboundChannel.objects.get_or_create(code="duong-day-nong", defaults={
        "name": "Đường dây nóng 1022", "kind": Channel.HOTLINE, "secret": HOTLINE_SECRET})
    users = _users()
    coordinator = users.get("sonoivu")
    units = {unit.code: unit for unit in OrgUnit.objects.all()}
    categories = {c.slug: c for c in Category.objects.all()}
    if coordinator is None or not units:
        log("Phản ánh, kiến nghị: thiếu tài khoản sonoivu hoặc đơn vị, bỏ qua.")
        return
    rng = random.Random(2020)  # noqa: S311 - demo data
    holidays: set[date] = set()
    created = 0
    index = 0
    for state, count in PLAN:
        for n in range(count):
            slug, unit_code, title, content, answer = SAMPLES[index % len(SAMPLES)]
            index += 1
            category = categories[slug]
            unit = units.get(unit_code or category.default_unit_code or "vp-ubnd") or units.get("vp-ubnd")
            if state == "new":
                received = DEMO_TODAY - timedelta(days=n)
            elif state in ("accepted", "drafted"):
                received = DEMO_TODAY - timedelta(days=3 + 2 * n)
            elif state == "routed":
                received = DEMO_TODAY - timedelta(days=5 + 9 * n)  # the older ones are overdue
            else:
                received = date(2020, 6, 1) + timedelta(days=rng.randint(0, 140))
            name = NAMES[rng.randrange(len(NAMES))]
            email = f"nguoidan{index}@example.com" if index % 3 == 0 else ""
            via_zalo = index % 4 == 1
            via_hotline = index % 9 == 4
            with _at(received):
                if via_hotline:  # the hotline operator's system: no title, the operator's summary as content
                    item = _via_webhook(hotline, HOTLINE_SECRET, {
                        "reference": f"1022-2020-{index:05d}", "category": slug, "content": content, "name": name,
                        "phone": f"09{rng.randint(10**7, 10**8 - 1)}", "consent": True,
                        "received_at": f"{received.isoformat()}T14:{index % 60:02d}:00+07:00"})
                    if item is None:
                        continue
                elif via_zalo:
                    item = _via_webhook(zalo, ZALO_SECRET, {
                        "reference": f"zalo-msg-2020-{index:04d}", "user": f"zalo-user-{rng.randint(10**8, 10**9)}",
                        "category": slug, "title": title, "content": content, "name": name, "consent": True,
                        "received_at": f"{received.isoformat()}T08:{index % 60:02d}:00+07:00"})
                    if item is None:
                        continue
                else:
                    item = actions.do_submit_feedback(
                        category=category, title=title, content=content, name=name,
                        phone=f"09{rng.randint(10**7, 10**8 - 1)}", email=email, consent=True,
                        keep_private=index % 11 == 0, unit_concerned=units.get(unit_code) if index % 2 else None)
            created += 1
            if state == "new":
                continue
            day = add_working_days(received, 1, holidays)
            with _at(min(day, DEMO_TODAY)):
                if state == "accepted":
                    actions.do_accept_feedback(item, acting_user=coordinator)
                    continue
                if state == "rejected":
                    actions.do_reject_feedback(item, "Phản ánh chưa đủ thông tin để xác minh (không nêu thời gian, "
                                                     "nơi nộp hồ sơ, số giấy hẹn); đề nghị Ông/Bà gửi lại kèm các "
                                                     "thông tin này.", acting_user=coordinator)
                    continue
                if state == "merged":
                    original = Feedback.objects.exclude(pk=item.pk).filter(title=title).order_by("received_at").first()
                    original = original or Feedback.objects.exclude(pk=item.pk).order_by("received_at").first()
                    actions.do_merge_feedback(item, original, acting_user=coordinator)  # type: ignore[arg-type]
                    continue
                actions.do_route_feedback(item, unit, acting_user=coordinator)  # type: ignore[arg-type]
            if state == "routed":
                continue
            officer = users.get(unit.code) or coordinator  # type: ignore[union-attr]
            late = state in ("closed", "answered") and n % 3 == 2
            draft_day = min(add_working_days(day, 12 if late else rng.randint(2, 6), holidays), DEMO_TODAY)
            with _at(draft_day):
                actions.do_draft_answer(item, answer, acting_user=officer)
            if state == "drafted":
                continue
            publish_day = min(add_working_days(draft_day, 1, holidays), DEMO_TODAY)
            with _at(publish_day):
                actions.do_publish_answer(item, acting_user=coordinator)
            if state == "answered":
                continue
            with _at(min(publish_day + timedelta(days=2), DEMO_TODAY)):
                actions.do_record_resolution(item, state == "closed")
    with _at(DEMO_TODAY):
        flagged = actions.do_flag_overdue()
    log(f"Phản ánh, kiến nghị: {created} phản ánh minh họa (một phần qua Zalo OA), {flagged} quá hạn.")
