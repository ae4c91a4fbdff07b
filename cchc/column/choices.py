from django.db import models
from django.utils.translation import gettext_lazy as _


class ItemKind(models.TextChoices):
    ARTICLE = "article", _("article")
    VIDEO = "video", _("video clip")
    INFOGRAPHIC = "infographic", _("infographic")
    DOCUMENT = "document", _("document")


class ItemStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("submitted")
    SCHEDULED = "scheduled", _("scheduled")
    PUBLISHED = "published", _("published")
    RETURNED = "returned", _("returned")
    ARCHIVED = "archived", _("archived")


EDITABLE_STATUSES = (ItemStatus.DRAFT, ItemStatus.RETURNED)
