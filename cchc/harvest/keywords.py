"""Default keywords of the topics (folded: no diacritics, lower case), editable per topic (TopicKeywords)."""

from __future__ import annotations

# Words that alone make an article an administrative-reform one when they are in its title.
GENERIC = ("cai cach hanh chinh", "cchc", "mot cua", "dich vu cong", "thu tuc hanh chinh", "chinh quyen dien tu",
           "chinh quyen so", "phuc vu hanh chinh cong")

DEFAULT_KEYWORDS: dict[str, tuple[str, ...]] = {
    "directive-docs": ("ke hoach cai cach hanh chinh", "chi thi", "cong van", "van ban chi dao"),
    "results": ("ket qua cai cach", "tong ket", "so ket", "ty le ho so dung han", "ho so truoc han"),
    "models-initiatives": ("mo hinh", "sang kien", "giai phap moi", "cach lam hay"),
    "smart-city": ("do thi thong minh", "ioc", "trung tam dieu hanh"),
    "e-government": ("chinh quyen dien tu", "chinh quyen so", "chuyen doi so", "zalo", "chu ky so"),
    "online-services": ("dich vu cong truc tuyen", "muc do 3", "muc do 4", "nop ho so truc tuyen",
                        "cong dich vu cong", "thanh toan truc tuyen"),
    "bcci": ("buu chinh cong ich", "bcci", "tra ket qua tai nha"),
    "feedback": ("phan anh", "kien nghi", "duong day nong"),
    "procedures": ("thu tuc hanh chinh", "tthc", "dang ky doanh nghiep", "cap phep xay dung", "dat dai"),
    "business-environment": ("moi truong dau tu", "doanh nghiep", "doi thoai doanh nghiep"),
    "indices": ("par index", "papi", "sipas", "pci", "chi so hai long", "chi so cai cach"),
    "role-models": ("guong dien hinh", "dien hinh tien tien", "khen thuong"),
    "contests": ("cuoc thi", "hoi thi", "thi tim hieu"),
}


def ensure_keywords() -> None:
    """A keywords row for each topic that has none (the defaults above), idempotently."""
    from cchc.reports.models import Topic

    from .models import TopicKeywords

    have = set(TopicKeywords.objects.values_list("topic_id", flat=True))
    missing = [TopicKeywords(topic=topic, keywords="\n".join(DEFAULT_KEYWORDS.get(topic.code, ())))
               for topic in Topic.objects.exclude(pk__in=have)]
    if missing:
        TopicKeywords.objects.bulk_create(missing, ignore_conflicts=True)
