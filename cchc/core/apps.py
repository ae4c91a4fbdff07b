from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "cchc.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from . import jobs  # noqa: F401 - connects the django-tasks signals that tie a Job to its task
        from .boundary import install

        install()  # clean_text on every form and API CharField
