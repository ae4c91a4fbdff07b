"""FilterSets of directives and assignments, shared by the HTML pages and the API."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Exists, OuterRef, QuerySet
from django.utils.translation import gettext_lazy as _

from cchc.core import clock
from cchc.units.filtersets import visible_units
from cchc.units.models import UnitKind

from .choices import AssignmentStatus
from .models import Assignment, AssignmentQuerySet, Directive, DirectiveQuerySet

STATUS_OPEN = "open"
STATUS_DONE = "done"


def _open_assignments() -> AssignmentQuerySet:
    """Open (not done) assignments still expected of their unit, for the directive of the outer query."""
    return Assignment.objects.expected().open().filter(task__directive=OuterRef("pk"))


class DirectiveFilterSet(django_filters.FilterSet):
    """Search (diacritics optional), year, issuer, status: being followed (open assignments) or done."""

    q = django_filters.CharFilter(method="filter_q", label=_("Search"))
    year = django_filters.ChoiceFilter(choices=[], label=_("Year"), empty_label=_("All years"))
    issuer = django_filters.ChoiceFilter(choices=[], label=_("Issuing body"), empty_label=_("All issuers"))
    status = django_filters.ChoiceFilter(
        choices=[(STATUS_OPEN, _("being followed")), (STATUS_DONE, _("completed"))],
        method="filter_status", label=_("Status"), empty_label=_("All"))

    class Meta:
        model = Directive
        fields = ["q", "year", "issuer", "status"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        base = self.queryset.order_by()
        years = sorted({year for year in base.values_list("year", flat=True) if year}, reverse=True)
        issuers = sorted({issuer for issuer in base.values_list("issuer", flat=True) if issuer})
        # On this instance's form (a filter's field may be cached on the class, e.g. by the API schema).
        self.form.fields["year"].choices = [(str(year), str(year)) for year in years]
        self.form.fields["issuer"].choices = [(issuer, issuer) for issuer in issuers]

    def filter_q(self, queryset: DirectiveQuerySet, name: str, value: str) -> QuerySet:
        return queryset.search(value) if value else queryset

    def filter_status(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        has_open = Exists(_open_assignments())
        if value == STATUS_OPEN:
            return queryset.filter(has_open)
        if value == STATUS_DONE:
            has_any = Exists(Assignment.objects.expected().filter(task__directive=OuterRef("pk")))
            return queryset.filter(has_any).exclude(has_open)
        return queryset


class AssignmentFilterSet(django_filters.FilterSet):
    """Unit, directive, status, overdue (on the clock's today), unit kind."""

    unit = django_filters.ModelChoiceFilter(queryset=visible_units, label=_("Unit"), empty_label=_("All units"))
    directive = django_filters.NumberFilter(field_name="task__directive", label=_("Directive"))
    status = django_filters.ChoiceFilter(choices=AssignmentStatus.choices, label=_("Status"),
                                         empty_label=_("All statuses"))
    overdue = django_filters.BooleanFilter(method="filter_overdue", label=_("Overdue only"))
    unit_kind = django_filters.ModelChoiceFilter(queryset=UnitKind.objects.all(), field_name="unit__kind",
                                                 to_field_name="code", label=_("Unit kind"),
                                                 empty_label=_("All kinds"))

    class Meta:
        model = Assignment
        fields = ["unit", "directive", "status", "overdue", "unit_kind"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.form.fields["unit"].queryset = visible_units(self.request)  # the requester's units, never a cached list

    def filter_overdue(self, queryset: AssignmentQuerySet, name: str, value: bool | None) -> QuerySet:
        if value is None:
            return queryset
        if value:
            return queryset.overdue(clock.today())
        return queryset.exclude(pk__in=Assignment.objects.overdue(clock.today()).values("pk"))
