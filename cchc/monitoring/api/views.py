"""``GET /api/v1/monitoring/summary/?form=<id>&period=<id>``: the monitoring numbers of a form and period."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import permissions, serializers
from rest_framework.exceptions import NotFound, ParseError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from cchc.core import clock
from cchc.core.choices import Role
from cchc.core.permissions import role_of
from cchc.reports.models import ReportForm

from ..numbers import latest_period, summary

VIEWERS = frozenset({Role.ADMIN, Role.COORDINATOR, Role.LEADER})


class IsMonitoringViewer(permissions.BasePermission):
    """Coordinators, administrators and leaders; officers (who may only see their own units) get 403."""

    message = "Chỉ điều phối viên, quản trị viên và lãnh đạo được xem số liệu theo dõi."

    def has_permission(self, request: Request, view: APIView) -> bool:
        return role_of(request.user) in VIEWERS


def _numbers_fields() -> dict[str, serializers.Field]:
    return {
        "expected": serializers.IntegerField(help_text="Số đơn vị phải báo cáo"),
        "submitted": serializers.IntegerField(help_text="Số đơn vị đã nộp (đã nộp lại hoặc đã duyệt)"),
        "on_time": serializers.IntegerField(help_text="Số đơn vị nộp đúng hạn"),
        "late": serializers.IntegerField(help_text="Số đơn vị nộp muộn"),
        "overdue": serializers.IntegerField(help_text="Số đơn vị quá hạn chưa nộp"),
        "completeness": serializers.FloatField(allow_null=True, help_text="Tỷ lệ đầy đủ (0–1); null khi không có"
                                                                           " đơn vị nào phải báo cáo"),
        "timeliness": serializers.FloatField(allow_null=True, help_text="Tỷ lệ đúng hạn (0–1); null khi không có"
                                                                         " đơn vị nào phải báo cáo"),
    }


SummarySerializer = inline_serializer("MonitoringSummary", fields={
    "form": serializers.IntegerField(),
    "period": serializers.IntegerField(),
    "period_label": serializers.CharField(),
    **_numbers_fields(),
    "by_kind": serializers.DictField(
        child=inline_serializer("MonitoringKindNumbers", fields={"name": serializers.CharField(),
                                                                 **_numbers_fields()}),
        help_text="Theo mã loại đơn vị"),
})


class MonitoringSummaryView(APIView):
    """The numbers of a report form for a period (by default its latest started period), and per unit kind."""

    permission_classes = [permissions.IsAuthenticated, IsMonitoringViewer]

    @extend_schema(
        parameters=[
            OpenApiParameter("form", OpenApiTypes.INT, required=True, description="Mã (id) mẫu báo cáo"),
            OpenApiParameter("period", OpenApiTypes.INT, required=False,
                             description="Mã (id) kỳ báo cáo; bỏ trống: kỳ gần nhất đã bắt đầu"),
        ],
        responses={200: SummarySerializer, 400: OpenApiTypes.OBJECT, 403: OpenApiTypes.OBJECT,
                   404: OpenApiTypes.OBJECT},
        tags=["monitoring"],
    )
    def get(self, request: Request) -> Response:
        form_id = request.query_params.get("form", "")
        period_id = request.query_params.get("period", "")
        if not form_id.isdigit():
            raise ParseError(_("Give the report form: ?form=<id>."))
        if period_id and not period_id.isdigit():
            raise NotFound(_("This period does not exist."))
        form = get_object_or_404(ReportForm, pk=int(form_id))
        today = clock.today()
        if period_id:
            period = get_object_or_404(form.periods.all(), pk=int(period_id))
        else:
            period = latest_period(form, today)
            if period is None:
                raise NotFound(_("This report form has no period yet."))
        return Response({"form": form.pk, "period": period.pk, "period_label": period.label,
                         **summary(form, period, today)})
