"""Satisfaction surveys (SIPAS)."""
from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

SOURCE_CODE = "surveys.satisfaction"
INDICATOR_CODE = "sipas-hai-long"


class SurveysConfig(AppConfig):
    name = "cchc.surveys"
    label = "surveys"
    verbose_name = _("Khảo sát")

    def ready(self) -> None:
        from cchc.reports.sources import register_source

        from .results import satisfaction_for_unit

        register_source(SOURCE_CODE, "Chỉ số hài lòng từ khảo sát (SIPAS)", satisfaction_for_unit)
        post_migrate.connect(ensure_indicator, sender=self, dispatch_uid="surveys.ensure_indicator")


def ensure_indicator(**kwargs) -> None:  # type: ignore[no-untyped-def]
    """The indicator the surveys pre-fill, created once (never changed afterwards if an administrator edits it)."""
    from cchc.reports.choices import Aggregation, PrefillSource, ValueType
    from cchc.reports.models import Indicator

    Indicator.objects.get_or_create(code=INDICATOR_CODE, defaults={
        "name": "Chỉ số hài lòng của người dân, tổ chức (khảo sát SIPAS)",
        "group": "Khảo sát sự hài lòng",
        "unit_of_measure": "%",
        "value_type": ValueType.PERCENT,
        "aggregation": Aggregation.AVERAGE,
        "prefill": PrefillSource.MODULE,
        "prefill_module": SOURCE_CODE,
        "min_value": 0,
        "max_value": 100,
        "description": "Tỷ lệ câu trả lời “Hài lòng” hoặc “Rất hài lòng” trên tổng số câu trả lời của các câu hỏi "
                       "đánh giá (thang 1–5) trong các phiếu khảo sát gửi qua liên kết của đơn vị, trong kỳ báo cáo.",
        "order": 900,
    })
