"""API for analytics: GET /api/v1/analytics/ (the metrics), /api/v1/analytics/<metric>/ (its tables as JSON) and
/api/v1/analytics/<metric>.csv or ?format=csv (the same tables as CSV). L&OD admins and talent admins only."""

from __future__ import annotations

from django.http import HttpResponse
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import permissions, renderers
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import APIView

from talentloop.accounts.personas import personas
from talentloop.analytics.csv_export import result_csv
from talentloop.analytics.services import can_view_analytics, run_metric, visible_metrics


class CanViewAnalytics(permissions.BasePermission):
    message = "Analytics are open only to L&OD admins and talent admins."

    def has_permission(self, request, view) -> bool:
        return can_view_analytics(personas(request))


class CSVRenderer(renderers.BaseRenderer):
    """Lets ?format=csv and .csv through content negotiation; the view writes the CSV itself. Errors come out as
    a one-column CSV holding the message."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        detail = data.get("detail", "") if isinstance(data, dict) else str(data)
        return f"detail\r\n\"{str(detail).replace(chr(34), chr(34) * 2)}\"\r\n"


class AnalyticsListView(APIView):
    """The analytics metrics the signed-in admin may read, with the filters each takes."""

    permission_classes = [permissions.IsAuthenticated, CanViewAnalytics]

    @extend_schema(operation_id="analytics_list", responses={200: OpenApiTypes.OBJECT})
    def get(self, request):
        return Response({"results": [
            {
                "name": m.name, "title": m.title, "description": m.description, "filters": list(m.filters),
                "url": request.build_absolute_uri(reverse("api:analytics-metric", args=[m.name])),
                "csv_url": request.build_absolute_uri(reverse("api:analytics-metric-csv", args=[m.name, "csv"])),
            }
            for m in visible_metrics(personas(request))
        ]})


class AnalyticsMetricView(APIView):
    """One metric's tables: each with its columns (and units), rows, chart hint and suppressed cells. A bad filter
    is a 400 naming it; a filter the metric does not take too."""

    permission_classes = [permissions.IsAuthenticated, CanViewAnalytics]
    renderer_classes = [renderers.JSONRenderer, CSVRenderer]

    @extend_schema(
        operation_id="analytics_metric",
        parameters=[
            OpenApiParameter("start", OpenApiTypes.DATE, description="First day (default: a year before the end)."),
            OpenApiParameter("end", OpenApiTypes.DATE, description="Last day, inclusive (default: today)."),
            OpenApiParameter("department", str, description="A department's slug."),
            OpenApiParameter("location", str, description="A location's slug."),
            OpenApiParameter("type", str, description="An opportunity type."),
        ],
        responses={200: OpenApiTypes.OBJECT},
    )
    def get(self, request, metric: str, format: str | None = None):
        params = request.query_params.dict()
        params.pop(api_settings.URL_FORMAT_OVERRIDE, None)
        result = run_metric(personas(request), metric, params)
        if request.accepted_renderer.format == "csv":
            response = HttpResponse(result_csv(result), content_type="text/csv; charset=utf-8")
            response["Content-Disposition"] = f'attachment; filename="talentloop-{result.metric}-{result.filters["start"]}-{result.filters["end"]}.csv"'
            return response
        return Response(result.as_dict())

