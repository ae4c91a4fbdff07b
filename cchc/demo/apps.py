from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """The Gia Lai 2020 demo: loaded by ``cchc demo`` (and ``make run``). The top layer: it uses every app."""

    name = "cchc.demo"
    label = "demo"
    verbose_name = _("Demo")
