"""The province's results in the national indices (PAR INDEX, PAPI, SIPAS, PCI) and its own index of units."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cchc.core.querysets import RestrictedQuerySet

from .choices import IndexKind, UnitGroup


class IndexResult(models.Model):
    """The province's score and rank in one national index for one year, with its source."""

    index = models.CharField(_("index"), max_length=20, choices=IndexKind.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    score = models.DecimalField(_("score"), max_digits=8, decimal_places=2)
    rank = models.PositiveSmallIntegerField(_("rank"), null=True, blank=True)
    rank_of = models.PositiveSmallIntegerField(_("among"), null=True, blank=True, default=63)
    source = models.CharField(_("source"), max_length=500,
                              help_text=_("Where the figure comes from (decision, report, website)."))
    note = models.TextField(_("note"), blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("updated by"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["index", "year"]
        verbose_name = _("index result")
        verbose_name_plural = _("index results")
        constraints = [models.UniqueConstraint(fields=["index", "year"], name="index_result_unique",
                                               violation_error_message=_("This year of this index is already entered."),
                                               )]

    def __str__(self) -> str:
        return f"{self.get_index_display()} {self.year}"


class IndexComponent(models.Model):
    """A component of an index result (e.g. PAR INDEX: "Cải cách thủ tục hành chính")."""

    result = models.ForeignKey(IndexResult, verbose_name=_("result"), on_delete=models.CASCADE,
                               related_name="components")
    name = models.CharField(_("name"), max_length=255)
    score = models.DecimalField(_("score"), max_digits=8, decimal_places=2)
    max_score = models.DecimalField(_("maximum"), max_digits=8, decimal_places=2, null=True, blank=True)
    rank = models.PositiveSmallIntegerField(_("rank"), null=True, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["result", "order", "id"]
        verbose_name = _("component")
        verbose_name_plural = _("components")

    def __str__(self) -> str:
        return self.name


class UnitIndexResult(models.Model):
    """The province's own index of its departments and districts: one unit's score and rank in one year."""

    year = models.PositiveSmallIntegerField(_("year"))
    unit = models.ForeignKey("units.OrgUnit", verbose_name=_("unit"), on_delete=models.PROTECT,
                             related_name="index_results")
    group = models.CharField(_("group"), max_length=20, choices=UnitGroup.choices)
    score = models.DecimalField(_("score"), max_digits=8, decimal_places=2)
    rank = models.PositiveSmallIntegerField(_("rank"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=500)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["year", "group", "rank", "unit__sort_name"]
        verbose_name = _("unit index result")
        verbose_name_plural = _("unit index results")
        constraints = [models.UniqueConstraint(fields=["year", "unit"], name="unit_index_result_unique",
                                               violation_error_message=_("This unit already has a result that year."))]

    def __str__(self) -> str:
        return f"{self.unit} {self.year}"
