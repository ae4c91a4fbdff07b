from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "cchc.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from .boundary import install

        install()  # clean_text on every form and API CharField
