"""Organisation units: who is assigned work and who reports. A tree with validity, succession and aliases."""

from __future__ import annotations

import re
from datetime import date

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cchc.core.querysets import RestrictedQuerySet
from cchc.lib import vn

RESERVED_CODES = frozenset({"admin", "sonoivu", "lanhdao"})
CODE_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def validate_unit_code(value: str) -> None:
    if not CODE_RE.match(value or ""):
        raise ValidationError(
            _("The code may contain only lower-case letters without diacritics, digits and hyphens (e.g. %(ex)s)."),
            params={"ex": "snv, ubnd-pleiku"},
            code="invalid_code",
        )
    if value in RESERVED_CODES:
        raise ValidationError(
            _("The code “%(code)s” is reserved for a demo account; choose another."),
            params={"code": value},
            code="reserved_code",
        )


class UnitKind(models.Model):
    """A kind of unit (department, district committee, mass organisation, press …): an editable list."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=120)
    plural_name = models.CharField(_("plural name"), max_length=160, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=100)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("unit kind")
        verbose_name_plural = _("unit kinds")

    def __str__(self) -> str:
        return self.name


class OrgUnitQuerySet(RestrictedQuerySet):
    def open_on(self, day: date) -> OrgUnitQuerySet:
        """Units that exist on ``day`` (valid_from ≤ day ≤ valid_to, open ends allowed)."""
        return self.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=day)).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=day)
        )

    def open_during(self, start: date, end: date) -> OrgUnitQuerySet:
        """Units open at some moment of [start, end]."""
        return self.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=end)).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=start)
        )

    def closed_on(self, day: date) -> OrgUnitQuerySet:
        """Units that no longer exist on ``day`` (their last day is before it)."""
        return self.filter(valid_to__lt=day)

    def search(self, text: str) -> OrgUnitQuerySet:
        """Every word of ``text``, ignoring case and diacritics, in code, names or aliases."""
        qs = self
        for word in vn.fold(text).split():
            qs = qs.filter(search_text__contains=word)
        return qs


class OrgUnit(models.Model):
    """An organisation unit: assigned tasks, reports its results. The province is the root of the tree."""

    unit_path = "id"  # an officer reaches the units they belong to
    officer_actions = ("view", "export")

    code = models.CharField(_("code"), max_length=40, unique=True, validators=[validate_unit_code],
                            help_text=_("Short, lower-case, no diacritics: letters, digits, hyphens (e.g. snv)."))
    name = models.CharField(pgettext_lazy("unit", "full name"), max_length=255)
    short_name = models.CharField(_("short name"), max_length=120, blank=True)
    kind = models.ForeignKey(UnitKind, verbose_name=_("kind"), on_delete=models.PROTECT, related_name="units")
    parent = models.ForeignKey("self", verbose_name=_("parent unit"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="children")
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True,
                                help_text=_("Last day the unit exists (closed, merged or split)."))
    successors = models.ManyToManyField("self", verbose_name=_("successor units"), symmetrical=False, blank=True,
                                        related_name="predecessors")
    head_name = models.CharField(_("head's name"), max_length=120, blank=True)
    head_position = models.CharField(_("head's position"), max_length=120, blank=True)
    head_email = models.EmailField(_("head's e-mail"), blank=True)
    emails = models.TextField(_("contact e-mails"), blank=True, help_text=_("One address per line."))
    phone = models.CharField(_("phone"), max_length=60, blank=True)
    address = models.CharField(_("address"), max_length=255, blank=True)
    website = models.URLField(_("website"), blank=True)
    sort_name = models.CharField(max_length=600, editable=False, db_index=True, default="")
    search_text = models.TextField(editable=False, default="")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = OrgUnitQuerySet.as_manager()

    class Meta:
        ordering = ["kind__order", "sort_name"]
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gte=models.F("valid_from")),
                name="unit_valid_range",
                violation_error_message=_("The closing date cannot be before the opening date."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("units:detail", args=[self.pk])

    @property
    def display_name(self) -> str:
        return self.short_name or self.name

    def is_open_on(self, day: date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (self.valid_to is None or day <= self.valid_to)

    def email_list(self) -> list[str]:
        return [line.strip() for line in re.split(r"[\n,;]+", self.emails or "") if line.strip()]

    def alias_names(self) -> list[str]:
        return [alias.name for alias in self.aliases.all()]

    def clean(self) -> None:
        super().clean()
        self.name = vn.clean(self.name)
        self.short_name = vn.clean(self.short_name)
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            raise ValidationError({"valid_to": _("The closing date cannot be before the opening date.")})
        if self.parent_id and self.pk:
            ancestor = self.parent
            while ancestor is not None:
                if ancestor.pk == self.pk:
                    raise ValidationError({"parent": _("A unit cannot be placed under itself or its own sub-unit.")})
                ancestor = ancestor.parent

    def refresh_search(self, aliases: list[str] | None = None) -> None:
        """Recompute the diacritic-free search text and the Vietnamese sort key."""
        if aliases is None:
            aliases = self.alias_names() if self.pk else []
        self.sort_name = vn.sort_key(self.name)
        self.search_text = " ".join(vn.fold(part) for part in [self.code, self.name, self.short_name, *aliases] if part)

    def save(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        self.name = vn.clean(self.name)
        self.short_name = vn.clean(self.short_name)
        self.refresh_search()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "sort_name", "search_text"}
        super().save(*args, **kwargs)


class UnitAlias(models.Model):
    """Another name a unit goes by in documents ("Bưu điện tỉnh", "Sở TT&TT", a typing slip)."""

    unit_path = "unit"

    unit = models.ForeignKey(OrgUnit, verbose_name=_("unit"), on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(_("alias"), max_length=255)
    folded = models.CharField(max_length=255, editable=False, db_index=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("alias")
        verbose_name_plural = _("aliases")
        constraints = [
            models.UniqueConstraint(fields=["unit", "folded"], name="unit_alias_unique",
                                    violation_error_message=_("This unit already has this alias.")),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        self.name = vn.clean(self.name)
        self.folded = vn.fold(self.name)
        super().save(*args, **kwargs)
