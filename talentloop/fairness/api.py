"""API for the bias audit: GET /api/v1/audit/ answers the figures of the audit page as JSON."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import generics, permissions, serializers
from rest_framework.response import Response
from rest_framework.settings import api_settings

from talentloop.accounts.personas import personas
from talentloop.api.serializers import StrictSerializer
from talentloop.fairness.audit import DEFAULT_MIN_GROUP
from talentloop.fairness.services import (
    DEFAULT_K,
    MAX_K,
    MAX_MIN_GROUP,
    can_view_bias_audit,
    default_period,
    run_audit,
)


class CanViewBiasAudit(permissions.BasePermission):
    message = "The bias audit is open only to admins with the permission to view it."

    def has_permission(self, request, view) -> bool:
        return can_view_bias_audit(personas(request))


class AuditQuery(StrictSerializer):
    start = serializers.DateField(required=False, help_text="First day of the period (default: a year before the end).")
    end = serializers.DateField(required=False, help_text="Last day of the period, inclusive (default: today).")
    k = serializers.IntegerField(min_value=1, max_value=MAX_K, default=DEFAULT_K, help_text="Recommended = shown in the top k.")
    min_group = serializers.IntegerField(
        min_value=1, max_value=MAX_MIN_GROUP, default=DEFAULT_MIN_GROUP, help_text="Smaller groups show no figures."
    )


class GroupOut(serializers.Serializer):
    category = serializers.DictField(child=serializers.CharField(), help_text='e.g. {"sex": "female", "race_ethnicity": "asian"}')
    label = serializers.CharField()
    suppressed = serializers.BooleanField(help_text="Fewer people than min_group: no figures.")
    count = serializers.IntegerField(allow_null=True)
    count_display = serializers.CharField(help_text='The count, or "<min_group" when suppressed.')
    rate = serializers.FloatField(allow_null=True, help_text="Selection rate (or scoring rate for scores).")
    impact_ratio = serializers.FloatField(allow_null=True, help_text="Rate divided by the reference group's rate.")
    below_four_fifths = serializers.BooleanField(help_text="Impact ratio below 0.8.")
    p_value = serializers.FloatField(allow_null=True, help_text="Fisher's exact test (two-sided) against the reference group.")
    significant = serializers.BooleanField(help_text="p-value below 0.05.")
    is_reference = serializers.BooleanField(help_text="The most selected group shown: the ratios divide by its rate.")


class DimensionOut(serializers.Serializer):
    dimension = serializers.ChoiceField(choices=["sex", "race_ethnicity", "intersection"])
    label = serializers.CharField()
    unknown = serializers.IntegerField(help_text="People left out because a category needed here is unknown.")
    groups = GroupOut(many=True)


class StageOut(serializers.Serializer):
    stage = serializers.ChoiceField(choices=["recommendations", "invitations", "selections"])
    label = serializers.CharField()
    description = serializers.CharField()
    measure = serializers.ChoiceField(choices=["selection", "scoring"], source="figures.measure")
    population = serializers.IntegerField(source="figures.population")
    median = serializers.FloatField(allow_null=True, source="figures.median")
    anyone_selected = serializers.BooleanField(source="figures.anyone_selected", help_text="False: no ratios to compare.")
    dimensions = DimensionOut(many=True, source="figures.dimensions")


class AuditReportOut(serializers.Serializer):
    start = serializers.DateField()
    end = serializers.DateField()
    k = serializers.IntegerField()
    min_group = serializers.IntegerField()
    stages = StageOut(many=True)


class AuditView(generics.GenericAPIView):
    """The bias audit over a period: selection rates, impact ratios (four-fifths rule) and Fisher p-values per sex,
    race/ethnicity and their intersections, for recommendations, invitations and selections. Admins with the
    permission to view the bias audit only."""

    permission_classes = [permissions.IsAuthenticated, CanViewBiasAudit]
    serializer_class = AuditReportOut

    @extend_schema(parameters=[AuditQuery], responses={200: AuditReportOut})
    def get(self, request):
        params = request.query_params.dict()
        params.pop(api_settings.URL_FORMAT_OVERRIDE, None)
        query = AuditQuery(data=params)
        query.is_valid(raise_exception=True)
        q = dict(query.validated_data)
        default_start, default_end = default_period(q.get("end"))
        report = run_audit(
            personas(request), start=q.get("start", default_start), end=q.get("end", default_end), k=q["k"], min_group=q["min_group"]
        )
        return Response(AuditReportOut(report).data)
