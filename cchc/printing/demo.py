"""Demo: the shared CCHC messages, the post office's help-line leaflet and the service centre's receipt back, ready
to print, with their print runs of November 2020."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from cchc.units.models import OrgUnit

from . import actions
from .models import Message, PublicationKind

MESSAGES = [
    ("Nộp hồ sơ trực tuyến mức độ 3, 4",
     "Truy cập Cổng dịch vụ công trực tuyến của tỉnh, đăng ký tài khoản, chọn thủ tục và nộp hồ sơ mọi lúc, "
     "mọi nơi. Theo dõi tình trạng hồ sơ bằng mã số trên giấy tiếp nhận; không phải đến cơ quan nhà nước nhiều lần."),
    ("Nhận và trả kết quả qua Bưu điện",
     "Người dân, doanh nghiệp có thể gửi hồ sơ và nhận kết quả giải quyết thủ tục hành chính tại nhà qua dịch vụ "
     "bưu chính công ích (BCCI). Đăng ký ngay tại quầy tiếp nhận hoặc gọi đường dây hỗ trợ của Bưu điện."),
    ("Bưu điện làm thay một số việc của cơ quan hành chính",
     "Từ năm 2020, tỉnh Gia Lai thí điểm giao Bưu điện tiếp nhận hồ sơ, hướng dẫn và trả kết quả một số thủ tục "
     "hành chính ngay tại bưu cục gần nhà."),
    ("Phản ánh, kiến nghị về thủ tục hành chính",
     "Quý vị gặp khó khăn, bị yêu cầu giấy tờ ngoài quy định hoặc chậm trả kết quả? Hãy gửi phản ánh, kiến nghị qua "
     "trang phản ánh của tỉnh hoặc Zalo OA “Chính quyền điện tử tỉnh Gia Lai”. Mọi phản ánh đều được trả lời."),
    ("Đánh giá sự hài lòng",
     "Sau khi nhận kết quả, xin quý vị dành một phút đánh giá mức độ hài lòng. Ý kiến của quý vị giúp cơ quan nhà "
     "nước phục vụ tốt hơn."),
    ("Pleiku — đô thị thông minh",
     "Đề án xây dựng thành phố Pleiku thông minh giai đoạn 2020–2025: chính quyền số, dịch vụ công thuận tiện, "
     "người dân được phục vụ nhanh hơn, minh bạch hơn."),
]


def load_demo(log: Callable[[str], None] = lambda line: None) -> None:
    if Message.objects.exists():
        log("Ấn phẩm: dữ liệu minh họa đã có.")
        return
    units = {unit.code: unit for unit in OrgUnit.objects.filter(code__in=["snv", "ttpvhcc", "buudien"])}
    messages = [actions.do_save_message(None, acting_user=None, title=title, body=body, order=(n + 1) * 10)
                for n, (title, body) in enumerate(MESSAGES)]
    if len(units) < 3:
        log("Ấn phẩm: thiếu đơn vị minh họa, chỉ nạp thông điệp.")
        return
    from cchc.column.models import Item

    items = list(Item.objects.published().order_by("-published_at")[:3])
    leaflet = actions.do_save_publication(
        None, acting_user=None, kind=PublicationKind.LEAFLET, unit=units["buudien"],
        title="Bưu điện đồng hành cùng người dân làm thủ tục hành chính",
        subtitle="Nộp hồ sơ, nhận kết quả tại nhà — nhanh chóng, tiết kiệm",
        hotline="1900 54 54 81",
        contact="Bưu điện tỉnh Gia Lai\n73 Hùng Vương, thành phố Pleiku\nvà các bưu cục trên địa bàn tỉnh",
        qr_portal=True, qr_feedback=True, qr_column=True,
        messages=[messages[2], messages[1], messages[0], messages[3], messages[4]], items=items)
    receipt = actions.do_save_publication(
        None, acting_user=None, kind=PublicationKind.RECEIPT_A5, unit=units["ttpvhcc"],
        title="Thông tin cải cách hành chính",
        subtitle="Vì sự hài lòng của người dân, doanh nghiệp",
        hotline="1800 1096 (tổng đài hỗ trợ dịch vụ công, miễn phí)",
        qr_portal=True, qr_feedback=True, qr_column=True,
        messages=[messages[0], messages[1], messages[3], messages[4]], items=items[:2])
    actions.do_record_print_run(leaflet, acting_user=None, date=date(2020, 11, 9), copies=5000,
                                distribution="Các bưu cục huyện, thị xã, thành phố; bộ phận một cửa cấp xã")
    actions.do_record_print_run(receipt, acting_user=None, date=date(2020, 11, 2), copies=20000,
                                distribution="Quầy tiếp nhận Trung tâm Phục vụ hành chính công tỉnh")
    log("Ấn phẩm: 6 thông điệp, 1 tờ gấp, 1 mặt sau giấy tiếp nhận (A5), 2 đợt in.")
