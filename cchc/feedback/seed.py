"""The starting categories and reply templates (created once by code; administrators edit them afterwards)."""

from __future__ import annotations

# (slug, name, group, working days, usual unit code, keywords, order)
CATEGORIES = [
    ("dau-tu", "Thủ tục hành chính lĩnh vực đầu tư", "Thủ tục hành chính", 10, "skhdt",
     "đầu tư\ndự án\nchủ trương đầu tư\ndoanh nghiệp", 10),
    ("xay-dung", "Thủ tục hành chính lĩnh vực xây dựng", "Thủ tục hành chính", 10, "sxd",
     "xây dựng\ngiấy phép xây dựng\nquy hoạch", 20),
    ("dat-dai", "Thủ tục hành chính lĩnh vực đất đai", "Thủ tục hành chính", 10, "stnmt",
     "đất đai\nsổ đỏ\ngiấy chứng nhận quyền sử dụng đất\nchuyển mục đích", 30),
    ("tthc-khac", "Thủ tục hành chính lĩnh vực khác", "Thủ tục hành chính", 10, "",
     "thủ tục\nhồ sơ", 40),
    ("thai-do", "Thái độ, tác phong phục vụ của cán bộ, công chức", "Thái độ phục vụ", 5, "snv",
     "thái độ\ngây khó khăn\nnhũng nhiễu\nhách dịch", 50),
    ("dich-vu-cong", "Dịch vụ công trực tuyến", "Dịch vụ công", 7, "stttt",
     "dịch vụ công trực tuyến\nmức độ 3\nmức độ 4\ncổng dịch vụ công", 60),
    ("bcci", "Dịch vụ bưu chính công ích (BCCI)", "Dịch vụ công", 7, "buudien",
     "bưu chính\nbưu điện\ntrả kết quả tại nhà", 70),
    ("khac", "Khác", "Khác", 10, "", "", 90),
]

REPLY_TEMPLATES = [
    ("Đã hướng dẫn thủ tục",
     "Cảm ơn Ông/Bà đã phản ánh. Sau khi xem xét, {đơn vị} xin trả lời như sau: thủ tục Ông/Bà nêu được thực "
     "hiện theo quy định tại …; hồ sơ gồm …; thời hạn giải quyết … ngày làm việc. Ông/Bà có thể nộp hồ sơ trực "
     "tuyến tại Cổng dịch vụ công của tỉnh hoặc qua dịch vụ bưu chính công ích.", ""),
    ("Đã chấn chỉnh cán bộ",
     "Cảm ơn Ông/Bà đã phản ánh. {đơn vị} đã kiểm tra, làm việc với cán bộ liên quan, yêu cầu rút kinh nghiệm "
     "và chấn chỉnh thái độ, tác phong phục vụ. Mong Ông/Bà tiếp tục đồng hành, giám sát.", "thai-do"),
    ("Hồ sơ đã được giải quyết",
     "Cảm ơn Ông/Bà đã phản ánh. Hồ sơ của Ông/Bà đã được giải quyết, kết quả được trả vào ngày …; Ông/Bà vui "
     "lòng nhận kết quả tại Trung tâm Phục vụ hành chính công hoặc qua dịch vụ bưu chính công ích.", ""),
]


def load_seed() -> dict[str, int]:
    from .models import Category, ReplyTemplate

    created = {"categories": 0, "templates": 0}
    for slug, name, group, days, unit_code, keywords, order in CATEGORIES:
        created["categories"] += Category.objects.get_or_create(slug=slug, defaults={
            "name": name, "group": group, "days_limit": days, "default_unit_code": unit_code, "keywords": keywords,
            "order": order})[1]
    if not ReplyTemplate.objects.exists():
        categories = {c.slug: c for c in Category.objects.all()}
        for title, body, slug in REPLY_TEMPLATES:
            ReplyTemplate.objects.create(title=title, body=body, category=categories.get(slug))
            created["templates"] += 1
    return created
