"""The starting taxonomies and indicator catalogue (domain.md §5), as plain data.

The data migration ``0002_catalogue`` and :func:`load_catalogue` (the demo, tests) both read these lists; every
row is created with ``get_or_create`` by code, so loading twice changes nothing and administrators' later edits
(names, order, deactivation) are kept.
"""

from __future__ import annotations

from typing import Any

# (code, name, order)
CHANNELS: list[tuple[str, str, int]] = [
    ("portal", "Cổng/trang thông tin điện tử", 10),
    ("video", "Video clip", 20),
    ("led", "Bảng điện tử / màn hình LED", 30),
    ("press", "Báo in, báo điện tử", 40),
    ("radio", "Phát thanh", 50),
    ("tv", "Truyền hình", 60),
    ("leaflet", "Tờ gấp, tờ rơi", 70),
    ("receipt", "In mặt sau giấy tiếp nhận hồ sơ và hẹn trả kết quả", 80),
    ("grassroots-doc", "Tài liệu thông tin cơ sở", 90),
    ("social", "Mạng xã hội, Zalo OA", 100),
    ("conference", "Hội nghị, tập huấn, đối thoại", 110),
    ("contest", "Cuộc thi", 120),
    ("loudspeaker", "Loa truyền thanh cơ sở", 130),
    ("other", "Khác", 900),
]

# (code, name, order)
TOPICS: list[tuple[str, str, int]] = [
    ("directive-docs", "Văn bản chỉ đạo CCHC", 10),
    ("results", "Kết quả CCHC", 20),
    ("models-initiatives", "Mô hình, sáng kiến mới", 30),
    ("smart-city", "Đô thị thông minh", 40),
    ("e-government", "Chính quyền điện tử / số", 50),
    ("online-services", "Dịch vụ công trực tuyến", 60),
    ("bcci", "BCCI", 70),
    ("feedback", "Phản ánh, kiến nghị", 80),
    ("procedures", "Thủ tục hành chính (đầu tư, xây dựng, đất đai, …)", 90),
    ("business-environment", "Môi trường đầu tư, kinh doanh", 100),
    ("indices", "Chỉ số PCI, PAR INDEX, PAPI, SIPAS", 110),
    ("role-models", "Gương điển hình", 120),
    ("contests", "Cuộc thi", 130),
]

GROUP_COMMUNICATION = "Tuyên truyền trên các kênh"
GROUP_ONLINE = "Dịch vụ công trực tuyến và BCCI"
GROUP_FEEDBACK = "Phản ánh, kiến nghị"

# (code, name, group, unit of measure, value type, aggregation, prefill, prefill channel codes, prefill topic codes,
#  not_above code, order)
INDICATORS: list[tuple[str, str, str, str, str, str, str, tuple[str, ...], tuple[str, ...], str, int]] = [
    ("portal-posts", "Tin, bài CCHC đăng trên cổng/trang TTĐT", GROUP_COMMUNICATION, "tin, bài",
     "integer", "sum", "quantity", ("portal",), (), "", 10),
    ("portal-directives", "Văn bản chỉ đạo CCHC được đăng tải", GROUP_COMMUNICATION, "văn bản",
     "integer", "sum", "quantity", ("portal",), ("directive-docs",), "", 20),
    ("video-clips", "Video clip", GROUP_COMMUNICATION, "clip",
     "integer", "sum", "quantity", ("video",), (), "", 30),
    ("led-screenings", "Lượt phát trên màn hình LED / bảng điện tử", GROUP_COMMUNICATION, "lượt",
     "integer", "sum", "quantity", ("led",), (), "", 40),
    ("leaflets", "Tờ gấp phát hành", GROUP_COMMUNICATION, "tờ",
     "integer", "sum", "quantity", ("leaflet",), (), "", 50),
    ("receipts", "Giấy tiếp nhận có in nội dung tuyên truyền", GROUP_COMMUNICATION, "tờ",
     "integer", "sum", "quantity", ("receipt",), (), "", 60),
    ("conferences", "Hội nghị, tập huấn", GROUP_COMMUNICATION, "cuộc",
     "integer", "sum", "count", ("conference",), (), "", 70),
    ("contest-entries", "Lượt tham gia cuộc thi", GROUP_COMMUNICATION, "lượt",
     "integer", "sum", "reach", ("contest",), (), "", 80),
    ("online-level3", "Hồ sơ trực tuyến mức độ 3", GROUP_ONLINE, "hồ sơ",
     "integer", "sum", "", (), (), "", 110),
    ("online-level4", "Hồ sơ trực tuyến mức độ 4", GROUP_ONLINE, "hồ sơ",
     "integer", "sum", "", (), (), "", 120),
    ("applications-total", "Tổng số hồ sơ tiếp nhận", GROUP_ONLINE, "hồ sơ",
     "integer", "sum", "", (), (), "", 130),
    ("online-rate", "Tỷ lệ hồ sơ trực tuyến mức độ 3, 4", GROUP_ONLINE, "%",
     "percent", "average", "", (), (), "", 140),
    ("bcci-received", "Hồ sơ tiếp nhận qua dịch vụ BCCI", GROUP_ONLINE, "hồ sơ",
     "integer", "sum", "", (), (), "", 150),
    ("bcci-returned", "Hồ sơ trả kết quả qua dịch vụ BCCI", GROUP_ONLINE, "hồ sơ",
     "integer", "sum", "", (), (), "", 160),
    ("bcci-rate", "Tỷ lệ hồ sơ tiếp nhận, trả kết quả qua BCCI", GROUP_ONLINE, "%",
     "percent", "average", "", (), (), "", 170),
    ("feedback-received", "Phản ánh, kiến nghị tiếp nhận", GROUP_FEEDBACK, "phản ánh, kiến nghị",
     "integer", "sum", "", (), (), "", 210),
    ("feedback-resolved", "Phản ánh, kiến nghị đã giải quyết", GROUP_FEEDBACK, "phản ánh, kiến nghị",
     "integer", "sum", "", (), (), "feedback-received", 220),
    ("feedback-on-time", "Phản ánh, kiến nghị giải quyết đúng hạn", GROUP_FEEDBACK, "phản ánh, kiến nghị",
     "integer", "sum", "", (), (), "feedback-resolved", 230),
]

PERCENT_MAX = 100


def load_catalogue_into(Channel: Any, Topic: Any, Indicator: Any) -> dict[str, int]:  # noqa: N803 - model classes
    """Create the missing channels, topics and indicators (by code) with the given model classes.

    Works with the real models and with a migration's historical ones. Returns how many rows were created."""
    created = {"channels": 0, "topics": 0, "indicators": 0}
    for code, name, order in CHANNELS:
        created["channels"] += Channel.objects.get_or_create(code=code, defaults={"name": name, "order": order})[1]
    for code, name, order in TOPICS:
        created["topics"] += Topic.objects.get_or_create(code=code, defaults={"name": name, "order": order})[1]
    channels = {channel.code: channel for channel in Channel.objects.all()}
    topics = {topic.code: topic for topic in Topic.objects.all()}
    new: dict[str, Any] = {}
    for (code, name, group, measure, value_type, aggregation, prefill, channel_codes, topic_codes, _above,
         order) in INDICATORS:
        defaults = {"name": name, "group": group, "unit_of_measure": measure, "value_type": value_type,
                    "aggregation": aggregation, "prefill": prefill, "order": order}
        if value_type == "percent":
            defaults.update(min_value=0, max_value=PERCENT_MAX)
        elif value_type == "integer":
            defaults["min_value"] = 0
        indicator, was_created = Indicator.objects.get_or_create(code=code, defaults=defaults)
        if was_created:
            created["indicators"] += 1
            new[code] = indicator
            indicator.prefill_channels.set([channels[c] for c in channel_codes if c in channels])
            indicator.prefill_topics.set([topics[t] for t in topic_codes if t in topics])
    # The "not above" links, set only on the indicators created now (an administrator may have changed others).
    for code, *_rest, above, _order in INDICATORS:
        if code in new and above:
            new[code].not_above = Indicator.objects.filter(code=above).first()
            new[code].save(update_fields=["not_above"])
    return created


def load_catalogue() -> dict[str, int]:
    """The starting channels, topics and indicators (idempotent)."""
    from .models import Channel, Indicator, Topic

    return load_catalogue_into(Channel, Topic, Indicator)
