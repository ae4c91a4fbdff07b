"""One FilterSet for units, shared by the HTML list and the API: search, kind, status, parent."""

from __future__ import annotations

from typing import Any

import django_filters
from django.utils.translation import gettext_lazy as _

from cchc.core import clock

from .models import OrgUnit, OrgUnitQuerySet, UnitKind

STATUS_OPEN = "open"
STATUS_CLOSED = "closed"


def visible_units(request: Any) -> OrgUnitQuerySet:
    """The units the requesting user may see (the choices of the parent filter)."""
    if request is None:
        return OrgUnit.objects.none()
    return OrgUnit.objects.restrict(request.user, "view").order_by("sort_name")


class OrgUnitFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_q", label=_("Search"))
    kind = django_filters.ModelChoiceFilter(queryset=UnitKind.objects.all(), to_field_name="code",
                                            label=_("Unit kind"), empty_label=_("All kinds"))
    status = django_filters.ChoiceFilter(choices=[(STATUS_OPEN, _("Active")), (STATUS_CLOSED, _("Closed or merged"))],
                                         method="filter_status", label=_("Status"), empty_label=_("All"))
    parent = django_filters.ModelChoiceFilter(queryset=visible_units, label=_("Parent unit"),
                                              empty_label=_("All"))

    class Meta:
        model = OrgUnit
        fields = ["q", "kind", "status", "parent"]

    def filter_q(self, queryset: OrgUnitQuerySet, name: str, value: str) -> OrgUnitQuerySet:
        return queryset.search(value) if value else queryset

    def filter_status(self, queryset: OrgUnitQuerySet, name: str, value: str) -> OrgUnitQuerySet:
        if value == STATUS_OPEN:
            return queryset.open_on(clock.today())
        if value == STATUS_CLOSED:
            return queryset.closed_on(clock.today())
        return queryset
