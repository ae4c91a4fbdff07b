from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ColumnConfig(AppConfig):
    name = "cchc.column"
    label = "column"
    verbose_name = _("Cổng thông tin")
