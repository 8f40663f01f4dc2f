"""API for the audit log: GET /api/v1/audit-log/ (talent admins; the page's filters, paginated like every list)
and GET /api/v1/opportunities/{public_id}/history/ (the opportunity's own status changes, for the people involved)."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, permissions, serializers
from rest_framework.settings import api_settings

from talentloop.accounts.personas import personas
from talentloop.api.serializers import NamedChoiceField, StrictSerializer
from talentloop.errors import Forbidden, NotFound
from talentloop.marketplace.access import visible_opportunities
from talentloop.marketplace.audit import (
    ACTOR_ROLES,
    AuditFilter,
    AuditKind,
    audit_log,
    can_view_audit_log,
    may_see_opportunity_history,
)
from talentloop.marketplace.lifecycle import OpportunityActor
from talentloop.marketplace.models import (
    ApplicationStatusChange,
    OpportunityStatusChange,
    OpportunityStatusChoices,
    TypeChoices,
)


class CanViewAuditLog(permissions.BasePermission):
    message = "The audit log is open only to talent admins."

    def has_permission(self, request, view) -> bool:
        return can_view_audit_log(personas(request))


class AuditLogQuery(StrictSerializer):
    kind = serializers.ChoiceField(choices=[k.value for k in AuditKind], required=False, help_text="Changes of applications or of opportunities.")
    type = NamedChoiceField("OpportunityType", choices=TypeChoices.choices, required=False, help_text="The opportunity's type.")
    actor_role = serializers.ChoiceField(choices=list(ACTOR_ROLES), required=False, help_text="What the person who made the change was to it.")
    start = serializers.DateField(required=False, help_text="First day, inclusive.")
    end = serializers.DateField(required=False, help_text="Last day, inclusive.")
    q = serializers.CharField(
        required=False, max_length=200,
        help_text="Words in the opportunity's title or the name of the person (applicant; owner for an opportunity) or of who made the change.",
    )


class OpportunityRefOut(serializers.Serializer):
    public_id = serializers.UUIDField(source="opportunity_id")
    title = serializers.CharField(source="opportunity_title")
    type = NamedChoiceField("OpportunityType", choices=TypeChoices.choices, source="opportunity_type")


class PersonOut(serializers.Serializer):
    public_id = serializers.UUIDField(source="person_id")
    name = serializers.CharField(source="person_name")


class AuditEntryOut(serializers.Serializer):
    kind = serializers.ChoiceField(choices=[k.value for k in AuditKind])
    at = serializers.DateTimeField()
    opportunity = OpportunityRefOut(source="*")
    application = serializers.UUIDField(source="application_id", allow_null=True, help_text="Application changes only.")
    person = PersonOut(source="*", help_text="The applicant; for an opportunity change, the owner.")
    from_status = serializers.CharField(help_text="Empty for the first status.")
    to_status = serializers.CharField()
    event = serializers.CharField(help_text="Empty for a status change; otherwise a step that keeps the status (from = to).")
    actor = serializers.CharField(source="actor_name", help_text="Who made the change; empty for Talentloop itself or a deleted account.")
    actor_role = serializers.ChoiceField(choices=list(ACTOR_ROLES))
    reason = serializers.CharField()


class AuditLogView(generics.GenericAPIView):
    """Every status change of applications and opportunities, newest first: who, when, from, to and why.
    Talent admins only."""

    permission_classes = [permissions.IsAuthenticated, CanViewAuditLog]
    serializer_class = AuditEntryOut
    filterset_class = None
    queryset = ApplicationStatusChange.objects.none()  # for the OpenAPI generator; the rows come from audit.AuditLog

    @extend_schema(parameters=[AuditLogQuery], responses={200: AuditEntryOut(many=True)})
    def get(self, request):
        params = request.query_params.dict()
        for name in (api_settings.URL_FORMAT_OVERRIDE, self.paginator.page_query_param, self.paginator.page_size_query_param):
            params.pop(name, None)
        query = AuditLogQuery(data=params)
        query.is_valid(raise_exception=True)
        log = audit_log(personas(request), AuditFilter(**query.validated_data))
        page = self.paginate_queryset(log)
        return self.get_paginated_response(AuditEntryOut(page, many=True).data)


def opportunity_status(**kwargs) -> NamedChoiceField:
    return NamedChoiceField("OpportunityStatus", choices=OpportunityStatusChoices.choices, **kwargs)


class OpportunityChangeOut(serializers.Serializer):
    at = serializers.DateTimeField()
    from_status = opportunity_status(allow_blank=True, help_text="Empty for the first status.")
    to_status = opportunity_status()
    actor = serializers.SerializerMethodField(help_text="Who made the change; empty for Talentloop itself or a deleted account.")
    actor_role = serializers.ChoiceField(choices=[a.value for a in OpportunityActor])
    reason = serializers.CharField()

    def get_actor(self, change: OpportunityStatusChange) -> str:
        user = change.actor
        return "" if user is None else (user.get_full_name() or user.get_username())


class OpportunityHistoryView(generics.GenericAPIView):
    """An opportunity's own status changes, oldest first: for its owner, the owner's line manager (who approves
    publication) and talent admins. An opportunity the viewer may not see answers 404; one they see but are not
    involved in, 403."""

    serializer_class = OpportunityChangeOut
    filterset_class = None
    queryset = OpportunityStatusChange.objects.none()  # for the OpenAPI generator

    @extend_schema(parameters=[OpenApiParameter("public_id", OpenApiTypes.UUID, OpenApiParameter.PATH)])
    def get(self, request, public_id: str):
        p = personas(request)
        opportunity = visible_opportunities(p).select_related("owner").filter(public_id=public_id).first()
        if opportunity is None:
            raise NotFound("No such opportunity.")
        if not may_see_opportunity_history(p, opportunity):
            raise Forbidden("Only the owner, the owner's line manager and talent admins see an opportunity's history.")
        changes = opportunity.changes.select_related("actor").order_by("at", "pk")
        page = self.paginate_queryset(changes)
        return self.get_paginated_response(OpportunityChangeOut(page, many=True).data)
