"""The filters of the reminder log ("Nhật ký đôn đốc"): unit, kind, manual or automatic, date."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from cchc.units.models import OrgUnit

from .forms import DateInput, bootstrap
from .models import ReminderSent
from .obligations import sources

MANUAL = "manual"
AUTOMATIC = "automatic"


def visible_units(request: Any) -> QuerySet:
    if request is None:
        return OrgUnit.objects.none()
    return OrgUnit.objects.restrict(request.user, "view").order_by("sort_name")


def kind_choices() -> list[tuple[str, str]]:
    labels = {"assignment": _("Directive task"), "submission": _("Report submission")}
    kinds = sorted({source.kind for source in sources()} | {"assignment"})
    return [(kind, labels.get(kind, kind)) for kind in kinds]


class ReminderSentFilterSet(django_filters.FilterSet):
    unit = django_filters.ModelChoiceFilter(queryset=visible_units, label=_("Unit"), empty_label=_("All units"))
    kind = django_filters.ChoiceFilter(choices=kind_choices, label=_("Obligation kind"), empty_label=_("All"))
    how = django_filters.ChoiceFilter(choices=[(AUTOMATIC, _("Automatic")), (MANUAL, _("Sent by hand"))],
                                      method="filter_how", label=_("How"), empty_label=_("All"))
    date_from = django_filters.DateFilter(field_name="sent_on", lookup_expr="gte", label=_("Sent from"),
                                          widget=DateInput())
    date_to = django_filters.DateFilter(field_name="sent_on", lookup_expr="lte", label=_("Sent until"),
                                        widget=DateInput())

    class Meta:
        model = ReminderSent
        fields = ["unit", "kind", "how", "date_from", "date_to"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        bootstrap(self.form)

    def filter_how(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        if value == MANUAL:
            return queryset.filter(manual=True)
        if value == AUTOMATIC:
            return queryset.filter(manual=False)
        return queryset
