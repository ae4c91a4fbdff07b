"""Demo: some twenty CCHC items of 2020 from several units (written for the demo, in the spirit of the dispatch
2031/UBND-NC: the Pleiku smart city project, online public services levels 3–4, BCCI, the Zalo channel, the
contests), the dispatch itself published as a document, and a few items waiting in the workflow."""

from __future__ import annotations

import io
import random
from collections.abc import Callable
from datetime import datetime

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from cchc.core.clock import VIETNAM
from cchc.reports.models import Topic
from cchc.units.models import OrgUnit

from . import actions
from .choices import ItemKind
from .models import Item

# (unit code, kind, date, topic codes, title, summary, paragraphs)
ITEMS: list[tuple[str, str, str, tuple[str, ...], str, str, tuple[str, ...]]] = [
    ("ubnd-pleiku", "article", "2020-10-05", ("smart-city", "models-initiatives"),
     "Pleiku khởi động Đề án xây dựng đô thị thông minh giai đoạn 2020-2025",
     "Thành phố Pleiku triển khai Đề án xây dựng đô thị thông minh, định hướng đến năm 2030.",
     ("UBND thành phố Pleiku tổ chức hội nghị triển khai Đề án “Xây dựng thành phố Pleiku theo hướng đô thị thông "
      "minh giai đoạn 2020-2025, định hướng đến năm 2030”.",
      "Trọng tâm năm đầu là Trung tâm giám sát, điều hành đô thị thông minh (IOC), camera giám sát giao thông và "
      "ứng dụng phản ánh hiện trường trên điện thoại.")),
    ("ubnd-pleiku", "infographic", "2020-10-12", ("smart-city",),
     "Infographic: 6 lĩnh vực ưu tiên của đô thị thông minh Pleiku",
     "Giao thông, an ninh trật tự, y tế, giáo dục, du lịch và dịch vụ công trực tuyến.",
     ("Sáu lĩnh vực ưu tiên được chọn theo nhu cầu của người dân và khả năng đầu tư của thành phố.",)),
    ("stttt", "article", "2020-10-08", ("online-services", "e-government"),
     "Gia Lai cung cấp hơn 1.000 dịch vụ công trực tuyến mức độ 3, 4",
     "Cổng dịch vụ công của tỉnh đã tích hợp với Cổng Dịch vụ công quốc gia.",
     ("Đến tháng 10/2020, tỉnh Gia Lai cung cấp 1.056 dịch vụ công trực tuyến mức độ 3 và 4.",
      "Người dân có thể nộp hồ sơ, theo dõi tiến độ và nhận kết quả mà không phải đến cơ quan nhà nước.")),
    ("stttt", "video", "2020-10-20", ("online-services",),
     "Video: Hướng dẫn nộp hồ sơ trực tuyến trên Cổng dịch vụ công tỉnh",
     "Ba phút để biết cách đăng ký tài khoản và nộp hồ sơ trực tuyến mức độ 4.",
     ("Video hướng dẫn từng bước: đăng ký tài khoản, chọn thủ tục, đính kèm giấy tờ, thanh toán phí trực tuyến.",)),
    ("stttt", "article", "2020-11-02", ("e-government", "feedback"),
     "Ra mắt kênh Zalo “Chính quyền điện tử tỉnh Gia Lai” tiếp nhận phản ánh, kiến nghị",
     "Người dân gửi phản ánh, kiến nghị và tra cứu hồ sơ qua Zalo Official Account.",
     ("Kênh Zalo Official Account “Chính quyền điện tử tỉnh Gia Lai” chính thức tiếp nhận phản ánh, kiến nghị.",
      "Mọi phản ánh được chuyển đến cơ quan có thẩm quyền và trả lời công khai.")),
    ("buudien", "article", "2020-10-15", ("bcci", "online-services"),
     "Bưu điện tỉnh nhận và trả kết quả hồ sơ hành chính tại nhà",
     "Dịch vụ bưu chính công ích giúp người dân không phải đi lại.",
     ("Bưu điện tỉnh Gia Lai triển khai Đề án thí điểm chuyển giao một số nhiệm vụ dịch vụ hành chính công.",
      "Người dân gọi tổng đài hoặc đặt hẹn trực tuyến, nhân viên bưu điện đến nhận hồ sơ tại nhà.")),
    ("buudien", "infographic", "2020-11-10", ("bcci",),
     "Infographic: 5 bước nhận hồ sơ qua dịch vụ bưu chính công ích",
     "Đặt hẹn, nhận hồ sơ, chuyển đến Trung tâm Phục vụ hành chính công, nhận kết quả, trả tại nhà.",
     ("Năm bước đơn giản để không phải đến cơ quan nhà nước.",)),
    ("snv", "article", "2020-10-02", ("results", "directive-docs"),
     "Tổng kết 10 năm thực hiện Chương trình tổng thể cải cách hành chính nhà nước 2011-2020",
     "Sở Nội vụ tham mưu UBND tỉnh tổng kết Nghị quyết 30c/NQ-CP trên địa bàn tỉnh.",
     ("Mười năm qua, tỉnh đã đơn giản hóa hàng trăm thủ tục hành chính và đưa vào vận hành Trung tâm Phục vụ "
      "hành chính công.",)),
    ("snv", "article", "2020-10-25", ("indices",),
     "Gia Lai cải thiện Chỉ số cải cách hành chính PAR INDEX năm 2019",
     "Kết quả PAR INDEX, SIPAS 2019 được công bố; tỉnh đề ra giải pháp cải thiện năm 2020.",
     ("Các sở, ngành, địa phương được giao nhiệm vụ cải thiện từng chỉ số thành phần.",)),
    ("snv", "article", "2020-11-05", ("contests",),
     "Phát động Cuộc thi tìm hiểu cải cách hành chính tỉnh Gia Lai năm 2020",
     "Cuộc thi trực tuyến dành cho cán bộ, công chức, viên chức và người dân.",
     ("Cuộc thi diễn ra từ ngày 05/11 đến ngày 05/12/2020, thi trực tuyến trên Cổng thông tin CCHC của tỉnh.",)),
    ("snv", "article", "2020-11-16", ("role-models", "results"),
     "Gương điển hình: Bộ phận một cửa huyện Chư Păh trả hồ sơ trước hạn 98%",
     "Cách làm của một bộ phận một cửa được người dân đánh giá cao.",
     ("Bộ phận một cửa huyện Chư Păh duy trì tỷ lệ hồ sơ trả trước và đúng hạn trên 98%.",)),
    ("skhdt", "article", "2020-10-18", ("business-environment", "indices"),
     "Sở Kế hoạch và Đầu tư đối thoại với doanh nghiệp, cải thiện Chỉ số PCI",
     "Hội nghị đối thoại tháo gỡ khó khăn trong đăng ký đầu tư, đất đai, xây dựng.",
     ("Doanh nghiệp nêu 37 kiến nghị; 30 kiến nghị được trả lời ngay tại hội nghị.",)),
    ("skhdt", "article", "2020-11-12", ("procedures", "online-services"),
     "Đăng ký doanh nghiệp qua mạng đạt 85% hồ sơ",
     "Thời gian đăng ký doanh nghiệp rút ngắn còn hai ngày làm việc.",
     ("Tỷ lệ hồ sơ đăng ký doanh nghiệp qua mạng tăng mạnh trong năm 2020.",)),
    ("stp", "article", "2020-10-28", ("procedures",),
     "Sở Tư pháp rà soát, công bố thủ tục hành chính mới, sửa đổi năm 2020",
     "Danh mục thủ tục được cập nhật trên Cơ sở dữ liệu quốc gia về thủ tục hành chính.",
     ("Sở Tư pháp tham mưu công bố 112 thủ tục hành chính mới ban hành, sửa đổi, bổ sung.",)),
    ("ubnd-ankhe", "article", "2020-10-22", ("models-initiatives",),
     "Thị xã An Khê nhân rộng mô hình “Cà phê doanh nhân”",
     "Mỗi tháng một buổi lãnh đạo thị xã gặp gỡ doanh nghiệp, hộ kinh doanh.",
     ("Mô hình giúp chính quyền nắm bắt kịp thời vướng mắc của doanh nghiệp.",)),
    ("ubnd-chupah", "article", "2020-11-03", ("online-services",),
     "Chư Păh hướng dẫn người dân nộp hồ sơ trực tuyến tại bộ phận một cửa",
     "Công chức một cửa hỗ trợ người dân tạo tài khoản và nộp hồ sơ ngay tại chỗ.",
     ("Huyện bố trí máy tính và nhân viên hướng dẫn tại bộ phận một cửa.",)),
    ("ubnd-ayunpa", "video", "2020-11-09", ("results",),
     "Video: Ayun Pa — một năm vận hành bộ phận một cửa hiện đại",
     "Phóng sự ngắn về kết quả giải quyết thủ tục hành chính tại thị xã Ayun Pa.",
     ("Phóng sự ghi lại ý kiến của người dân đến làm thủ tục.",)),
    ("mttq", "article", "2020-11-14", ("feedback",),
     "Mặt trận Tổ quốc tỉnh giám sát việc giải quyết phản ánh, kiến nghị của người dân",
     "Kết quả giám sát được gửi UBND tỉnh để chỉ đạo khắc phục.",
     ("Ủy ban MTTQ tỉnh chủ trì đoàn giám sát tại 5 huyện, thị xã.",)),
    ("syt", "article", "2020-11-18", ("e-government",),
     "Ngành Y tế triển khai đăng ký khám bệnh trực tuyến",
     "Bệnh nhân đặt lịch khám qua cổng thông tin và ứng dụng trên điện thoại.",
     ("Bệnh viện đa khoa tỉnh là đơn vị đầu tiên triển khai.",)),
]

WAITING: list[tuple[str, str, str, str]] = [
    ("ubnd-pleiku", "submitted", "Pleiku lắp đặt 200 camera giám sát giao thông",
     "Hệ thống camera kết nối với Trung tâm điều hành đô thị thông minh."),
    ("stttt", "returned", "Số liệu dịch vụ công trực tuyến tháng 10",
     "Bảng số liệu hồ sơ trực tuyến theo lĩnh vực."),
    ("buudien", "draft", "Bưu điện văn hóa xã hỗ trợ nộp hồ sơ trực tuyến",
     "Nhân viên bưu điện văn hóa xã hướng dẫn người dân."),
    ("snv", "scheduled", "Kết quả Cuộc thi tìm hiểu cải cách hành chính năm 2020",
     "Công bố kết quả và trao giải cuộc thi."),
]

COLOURS = [(176, 23, 31), (10, 61, 145), (25, 135, 84), (111, 66, 193), (214, 125, 0), (13, 110, 253)]


def _cover(seed: int) -> SimpleUploadedFile:
    from PIL import Image, ImageDraw

    rng = random.Random(seed)  # noqa: S311 - demo pictures
    colour = COLOURS[seed % len(COLOURS)]
    image = Image.new("RGB", (960, 540), colour)
    draw = ImageDraw.Draw(image)
    for _n in range(6):
        x, y, r = rng.randint(0, 960), rng.randint(0, 540), rng.randint(40, 220)
        shade = tuple(min(255, c + rng.randint(20, 70)) for c in colour)
        draw.ellipse((x - r, y - r, x + r, y + r), fill=shade)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=80)
    return SimpleUploadedFile(f"demo-{seed}.jpg", out.getvalue(), content_type="image/jpeg")


def _moment(day: str, hour: int = 8) -> datetime:
    return datetime.fromisoformat(day).replace(hour=hour, tzinfo=VIETNAM)


def load_demo(log: Callable[[str], None] = lambda line: None) -> None:
    if Item.objects.filter(source="demo").exists():
        log("Cổng thông tin: dữ liệu minh họa đã có.")
        return
    units = {unit.code: unit for unit in OrgUnit.objects.all()}
    topics = {topic.code: topic for topic in Topic.objects.all()}
    created = 0
    for n, (code, kind, day, topic_codes, title, summary, paragraphs) in enumerate(ITEMS):
        unit = units.get(code)
        if unit is None:
            continue
        body = "".join(f"<p>{paragraph}</p>" for paragraph in paragraphs)
        item = actions.do_create_item(
            unit=unit, topics=[topics[c] for c in topic_codes if c in topics], kind=kind, title=title,
            summary=summary, body=body, cover=_cover(n), cover_alt=f"Ảnh minh họa: {title}", source="demo",
            external_id=f"demo-{n}",
            video_url="https://www.youtube.com/watch?v=demo" if kind == ItemKind.VIDEO else "")
        actions.do_publish_item(item, when=_moment(day, 8 + n % 8))
        created += 1
    # The founding dispatch, published with its text.
    from cchc.directives.models import Directive

    dispatch = Directive.objects.filter(number__startswith="2031").first()
    if dispatch is not None:
        item = actions.do_publish_directive(dispatch, acting_user=None)
        Item.objects.filter(pk=item.pk).update(published_at=_moment("2020-10-01", 16))
        created += 1
    for n, (code, status, title, summary) in enumerate(WAITING):
        unit = units.get(code)
        if unit is None:
            continue
        item = actions.do_create_item(unit=unit, title=title, summary=summary, body=f"<p>{summary}</p>",
                                      topics=[topics["results"]] if "results" in topics else [], source="demo",
                                      external_id=f"demo-waiting-{n}")
        if status in ("submitted", "returned"):
            actions.do_submit_item(item)
        if status == "returned":
            actions.do_return_item(item, "Đề nghị bổ sung nguồn số liệu và ảnh minh họa.")
        if status == "scheduled":
            try:
                actions.do_schedule_item(item, _moment("2020-12-10", 7))
            except ValidationError:
                pass  # a demo loaded after that day: it stays a draft

        created += 1
    actions.bump_public_version()
    log(f"Cổng thông tin: {created} tin, bài minh họa.")
