"""API for the marketplace: browse, post, edit and publish opportunities, apply and invite; list applications,
read one with its history and the moves open to the viewer, and move it.

Visibility comes from marketplace.access, rules and writes from marketplace.services; an object the viewer
may not see answers 404, as if it did not exist.
"""

from __future__ import annotations

import copy
from functools import cached_property

import django_filters
from django.db.models import Case, Count, F, IntegerField, OuterRef, Prefetch, Subquery, Value, When
from django.db.models.functions import Coalesce
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from talentloop.accounts.personas import Personas, personas
from talentloop.api.serializers import (
    UUID_REGEX,
    NamedChoiceField,
    PersonRef,
    Ref,
    RoleRef,
    SlugRef,
    StrictSerializer,
    validate_patch,
)
from talentloop.errors import Forbidden, InvalidInput
from talentloop.marketplace import services
from talentloop.marketplace.access import can_edit_opportunity, visible_applications, visible_opportunities
from talentloop.marketplace.filters import OpportunityFilter
from talentloop.marketplace.lifecycle import HOLDS_SEAT, LIVE, OpportunityStatus
from talentloop.marketplace.models import (
    Application,
    ApplicationStatusChoices,
    Opportunity,
    OpportunitySkill,
    OpportunityStatusChoices,
    SkillNeed,
    TypeChoices,
)
from talentloop.people.access import ProfileAccess
from talentloop.people.models import MAX_WEEKLY_HOURS, Department, Location, WorkMode
from talentloop.roles.models import Role
from talentloop.skills.models import Skill

# --- opportunities: serializers ------------------------------------------------------------------------------


class SkillNeedOut(serializers.Serializer):
    skill = serializers.CharField(source="skill.slug", read_only=True)
    label = serializers.CharField(source="skill.label", read_only=True)
    need = serializers.ChoiceField(choices=SkillNeed.choices, read_only=True)
    level = serializers.IntegerField(read_only=True)


def application_status(**kwargs) -> NamedChoiceField:
    return NamedChoiceField("ApplicationStatus", choices=ApplicationStatusChoices.choices, **kwargs)


def opportunity_type(**kwargs) -> NamedChoiceField:
    return NamedChoiceField("OpportunityType", choices=TypeChoices.choices, **kwargs)


def work_mode(**kwargs) -> NamedChoiceField:
    return NamedChoiceField("WorkMode", choices=WorkMode.choices, **kwargs)


class MyApplicationRef(serializers.Serializer):
    public_id = serializers.UUIDField(read_only=True)
    status = application_status(read_only=True)


class OpportunitySerializer(serializers.ModelSerializer):
    type = opportunity_type(read_only=True)
    status = NamedChoiceField("OpportunityStatus", choices=OpportunityStatusChoices.choices, read_only=True)
    work_mode = work_mode(read_only=True)
    type_label = serializers.CharField(source="get_type_display", read_only=True)
    owner = PersonRef(read_only=True)
    department = Ref(read_only=True)
    role = RoleRef(read_only=True, allow_null=True)
    location = Ref(read_only=True, allow_null=True)
    skill_needs = SkillNeedOut(many=True, read_only=True)
    seats_taken = serializers.IntegerField(source="seats_taken_count", read_only=True)
    my_application = serializers.SerializerMethodField(help_text="The viewer's application to it, if any.")
    can_edit = serializers.SerializerMethodField(help_text="Whether the viewer may edit it and change its status.")

    class Meta:
        model = Opportunity
        fields = [
            "public_id", "type", "type_label", "title", "description", "status", "owner", "department", "role",
            "hours_per_week", "start_date", "end_date", "seats", "seats_taken", "location", "work_mode", "skill_needs",
            "published_at", "closed_at", "created_at", "updated_at", "my_application", "can_edit",
        ]
        read_only_fields = fields

    @extend_schema_field(MyApplicationRef(allow_null=True))
    def get_my_application(self, opportunity: Opportunity) -> dict | None:
        mine = getattr(opportunity, "viewer_applications", [])
        current = next((a for a in mine if a.status in LIVE), mine[0] if mine else None)
        return None if current is None else {"public_id": current.public_id, "status": current.status}

    def get_can_edit(self, opportunity: Opportunity) -> bool:
        return can_edit_opportunity(self.context["personas"], opportunity)


class SkillNeedIn(StrictSerializer):
    skill = SlugRef("skill", queryset=Skill.objects.filter(is_active=True), help_text="Slug of an active skill.")
    need = serializers.ChoiceField(choices=SkillNeed.choices, default=SkillNeed.REQUIRED)
    level = serializers.IntegerField(min_value=1, max_value=5, help_text="Proficiency asked, 1 to 5.")


class OpportunityInput(StrictSerializer):
    type = opportunity_type()
    title = serializers.CharField(max_length=200)
    description = serializers.CharField(max_length=10000)
    department = SlugRef("department", queryset=Department.objects.all(), required=False, help_text="Default: the owner's.")
    role = SlugRef("role", queryset=Role.objects.all(), required=False, allow_null=True)
    hours_per_week = serializers.IntegerField(min_value=1, max_value=MAX_WEEKLY_HOURS)
    start_date = serializers.DateField(required=False, allow_null=True)
    end_date = serializers.DateField(required=False, allow_null=True)
    seats = serializers.IntegerField(min_value=1, max_value=500, required=False, help_text="Default 1.")
    location = SlugRef("location", queryset=Location.objects.all(), required=False, allow_null=True)
    work_mode = work_mode(required=False, help_text="Default remote.")
    skill_needs = SkillNeedIn(many=True, max_length=services.MAX_SKILL_NEEDS)
    publish = serializers.BooleanField(required=False, help_text="Open it at once (needs a required skill).")

    def validate(self, attrs):
        start, end = attrs.get("start_date"), attrs.get("end_date")
        if start is not None and end is not None and end < start:
            raise serializers.ValidationError({"end_date": ["Must be on or after the start date."]})
        return attrs


class OpportunityPatchInput(OpportunityInput):
    publish = None  # publishing is POST .../status


class OpportunityStatusInput(StrictSerializer):
    status = serializers.ChoiceField(choices=[OpportunityStatus.OPEN, OpportunityStatus.CLOSED, OpportunityStatus.CANCELLED])


class ApplyInput(StrictSerializer):
    message = serializers.CharField(max_length=4000, allow_blank=True, default="")
    share_with_manager = serializers.BooleanField(
        default=False, help_text="Permanent roles: let your line manager see the application before an offer."
    )


class InviteInput(StrictSerializer):
    employee = serializers.UUIDField(help_text="public_id of a person open to opportunities.")
    message = serializers.CharField(max_length=4000, allow_blank=True, default="")


# --- applications: serializers -------------------------------------------------------------------------------


class ApplicationOpportunityRef(serializers.Serializer):
    public_id = serializers.UUIDField(read_only=True)
    title = serializers.CharField(read_only=True)
    type = opportunity_type(read_only=True)
    type_label = serializers.CharField(source="get_type_display", read_only=True)
    status = serializers.CharField(read_only=True)
    owner = PersonRef(read_only=True)


class StatusChangeOut(serializers.Serializer):
    def get_fields(self):
        # "from" is a Python keyword, hence the fields are built here rather than declared.
        return {
            "from": serializers.CharField(source="from_status", read_only=True, help_text="A status; empty for the first one."),
            "to": application_status(source="to_status", read_only=True),
            "at": serializers.DateTimeField(read_only=True),
            "actor_role": serializers.CharField(read_only=True),
            "reason": serializers.CharField(read_only=True),
        }


class ApplicationSerializer(serializers.ModelSerializer):
    status = application_status(read_only=True)
    opportunity = ApplicationOpportunityRef(read_only=True)
    applicant = PersonRef(read_only=True)
    next_statuses = serializers.SerializerMethodField(help_text="The statuses this viewer may move it to.")

    class Meta:
        model = Application
        fields = [
            "public_id", "opportunity", "applicant", "status", "message", "share_with_manager", "decision_reason",
            "created_at", "status_changed_at", "next_statuses",
        ]
        read_only_fields = fields

    def get_next_statuses(self, application: Application) -> list[str]:
        return services.moves_for(self.context["personas"], application)


class ApplicationDetailSerializer(ApplicationSerializer):
    history = StatusChangeOut(many=True, read_only=True, source="changes")

    class Meta(ApplicationSerializer.Meta):
        fields = [*ApplicationSerializer.Meta.fields, "history"]
        read_only_fields = fields


class MoveInput(StrictSerializer):
    status = application_status()
    reason = serializers.CharField(max_length=1000, allow_blank=True, default="", help_text="Required when declining.")


# --- views ---------------------------------------------------------------------------------------------------


NEED_ORDER = Case(
    When(need=SkillNeed.REQUIRED, then=Value(0)), When(need=SkillNeed.NICE_TO_HAVE, then=Value(1)), default=Value(2),
    output_field=IntegerField(),
)


def _seats_taken():
    """Seats offered or taken, as a subquery: a Count over a join would be inflated by the filters' own joins."""
    taken = (
        Application.objects.filter(opportunity=OuterRef("pk"), status__in=sorted(HOLDS_SEAT))
        .order_by()
        .values("opportunity")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(taken, output_field=IntegerField()), Value(0))


def application_queryset(p: Personas, base=None):
    qs = visible_applications(p) if base is None else base
    return qs.select_related("opportunity__owner__user", "applicant__user").order_by("-status_changed_at", "-pk")


def opportunity_queryset(p: Personas):
    """The opportunities the viewer may see, with everything OpportunitySerializer reads, newest first."""
    needs = OpportunitySkill.objects.select_related("skill").order_by(NEED_ORDER, "-level", "skill__label")
    prefetches: list = [Prefetch("skill_needs", queryset=needs)]
    if p.employee is not None:
        mine = Application.objects.filter(applicant=p.employee).order_by("-status_changed_at", "-pk")
        prefetches.append(Prefetch("applications", queryset=mine, to_attr="viewer_applications"))
    return (
        visible_opportunities(p)
        .select_related("owner__user", "department", "location", "role")
        .annotate(seats_taken_count=_seats_taken())
        .prefetch_related(*prefetches)
        .order_by(F("published_at").desc(nulls_last=True), "-created_at", "-pk")
    )


class ViewerMixin:
    @cached_property
    def personas(self) -> Personas:
        return personas(self.request)

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "personas": self.personas}


class ApiOpportunityFilter(OpportunityFilter):
    """The shared filter of the browse page, with the skill filter's type spelled out for the OpenAPI
    document (spectacular cannot follow a lookup through skills__slug with to_field_name=slug)."""


ApiOpportunityFilter.base_filters["skill"] = extend_schema_field(OpenApiTypes.STR)(
    copy.deepcopy(OpportunityFilter.base_filters["skill"])
)


@extend_schema_view(
    list=extend_schema(description="Opportunities the viewer may see; only open ones unless ?status= is given."),
)
class OpportunityViewSet(ViewerMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = OpportunitySerializer
    queryset = Opportunity.objects.none()
    filterset_class = ApiOpportunityFilter
    lookup_field = "public_id"
    lookup_value_regex = UUID_REGEX

    def get_queryset(self):
        return opportunity_queryset(self.personas)

    def filter_queryset(self, queryset):
        if self.action != "list":
            return queryset  # filters narrow the list; a single opportunity is found whatever its status
        queryset = super().filter_queryset(queryset)
        if "status" not in self.request.query_params:
            queryset = queryset.filter(status=OpportunityStatus.OPEN)
        return queryset

    def _answer(self, opportunity: Opportunity, code: int = status.HTTP_200_OK) -> Response:
        fresh = self.get_queryset().filter(pk=opportunity.pk).first() or opportunity
        return Response(self.get_serializer(fresh).data, status=code)

    def _editable(self) -> Opportunity:
        opportunity = self.get_object()
        if not can_edit_opportunity(self.personas, opportunity):
            raise Forbidden("Only the owner or a talent admin may change this opportunity.")
        return opportunity

    @staticmethod
    def _needs(validated: list[dict]) -> list[services.SkillNeedInput]:
        return [services.SkillNeedInput(skill=n["skill"], need=n["need"], level=n["level"]) for n in validated]

    @extend_schema(request=OpportunityInput, responses={201: OpportunitySerializer})
    def create(self, request):
        p = self.personas
        if not p.is_opportunity_owner:
            raise Forbidden("You are not allowed to post opportunities.")
        data = OpportunityInput(data=request.data)
        data.is_valid(raise_exception=True)
        v = dict(data.validated_data)
        needs = self._needs(v.pop("skill_needs"))
        publish = v.pop("publish", False)
        fields = {"department": p.employee.department, "seats": 1, "work_mode": WorkMode.REMOTE} | v
        opportunity = services.create_opportunity(p, fields, needs, publish=publish)
        return self._answer(opportunity, status.HTTP_201_CREATED)

    @extend_schema(request=OpportunityPatchInput, responses={200: OpportunitySerializer})
    def partial_update(self, request, public_id: str):
        opportunity = self._editable()
        v = validate_patch(OpportunityPatchInput, request.data, whole=("skill_needs",))
        needs = self._needs(v.pop("skill_needs")) if "skill_needs" in v else None
        opportunity = services.update_opportunity(self.personas, opportunity, v, needs)
        return self._answer(opportunity)

    @extend_schema(
        request=OpportunityStatusInput,
        responses={200: OpportunitySerializer, 409: OpenApiResponse(description="Not allowed from its current status.")},
    )
    @action(detail=True, methods=["post"], url_path="status")
    def change_status(self, request, public_id: str):
        opportunity = self._editable()
        data = OpportunityStatusInput(data=request.data)
        data.is_valid(raise_exception=True)
        opportunity = services.change_opportunity_status(self.personas, opportunity, data.validated_data["status"])
        return self._answer(opportunity)

    def _application(self, result: services.ApplyResult) -> Response:
        application = application_queryset(self.personas, Application.objects.prefetch_related("changes")).get(
            pk=result.application.pk
        )
        code = status.HTTP_201_CREATED if result.created else status.HTTP_200_OK
        return Response(ApplicationDetailSerializer(application, context=self.get_serializer_context()).data, status=code)

    @extend_schema(
        request=ApplyInput,
        responses={
            201: ApplicationDetailSerializer,
            200: OpenApiResponse(ApplicationDetailSerializer, description="Already applied (or invited): that application."),
        },
    )
    @action(detail=True, methods=["post"])
    def apply(self, request, public_id: str):
        opportunity = self.get_object()
        data = ApplyInput(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        return self._application(
            services.apply(self.personas, opportunity, v["message"], share_with_manager=v["share_with_manager"])
        )

    @extend_schema(
        request=InviteInput,
        responses={
            201: ApplicationDetailSerializer,
            200: OpenApiResponse(ApplicationDetailSerializer, description="Already invited or applied: that application."),
        },
    )
    @action(detail=True, methods=["post"])
    def invite(self, request, public_id: str):
        opportunity = self._editable()
        data = InviteInput(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        # Only people the owner may see can be found; anyone else is "unknown", whether or not they exist.
        candidate = ProfileAccess(self.personas).visible_employees().filter(public_id=v["employee"]).first()
        if candidate is None:
            raise InvalidInput({"employee": ["Unknown employee."]})
        return self._application(services.invite(self.personas, opportunity, candidate, v["message"]))


class ApplicationFilter(django_filters.FilterSet):
    status = django_filters.MultipleChoiceFilter(choices=ApplicationStatusChoices.choices)
    opportunity = django_filters.UUIDFilter(field_name="opportunity__public_id", label="Opportunity (public_id)")
    type = django_filters.MultipleChoiceFilter(field_name="opportunity__type", choices=TypeChoices.choices)
    role = django_filters.ChoiceFilter(
        method="by_role",
        choices=[("mine", "my applications"), ("owned", "to opportunities I own"), ("reports", "of my direct reports")],
        label="The viewer's part",
    )

    class Meta:
        model = Application
        fields = ["status", "opportunity", "type", "role"]

    def by_role(self, queryset, name, value):
        employee = personas(self.request).employee
        if employee is None:
            return queryset.none()
        if value == "mine":
            return queryset.filter(applicant=employee)
        if value == "owned":
            return queryset.filter(opportunity__owner=employee)
        return queryset.filter(applicant__manager=employee)


@extend_schema_view(retrieve=extend_schema(responses=ApplicationDetailSerializer))
class ApplicationViewSet(ViewerMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Applications the viewer may see: their own, those to opportunities they own, and their direct reports'
    (a permanent-role application only from the offer on, or with the applicant's consent)."""

    queryset = Application.objects.none()
    filterset_class = ApplicationFilter
    lookup_field = "public_id"
    lookup_value_regex = UUID_REGEX

    def get_serializer_class(self):
        return ApplicationSerializer if self.action == "list" else ApplicationDetailSerializer

    def get_queryset(self):
        qs = application_queryset(self.personas)
        return qs if self.action == "list" else qs.prefetch_related("changes")

    def filter_queryset(self, queryset):
        return super().filter_queryset(queryset) if self.action == "list" else queryset

    @extend_schema(
        request=MoveInput,
        responses={
            200: ApplicationDetailSerializer,
            403: OpenApiResponse(description="The viewer may not make this move."),
            409: OpenApiResponse(description='Not a legal next status; the body lists them in "allowed".'),
        },
    )
    @action(detail=True, methods=["post"])
    def move(self, request, public_id: str):
        application = self.get_object()
        data = MoveInput(data=request.data)
        data.is_valid(raise_exception=True)
        moved = services.move_application(self.personas, application, data.validated_data["status"], data.validated_data["reason"])
        # Not filtered by visibility: a manager who declines a confidential offer still gets the answer to their move.
        fresh = application_queryset(self.personas, Application.objects.prefetch_related("changes")).get(pk=moved.pk)
        return Response(ApplicationDetailSerializer(fresh, context=self.get_serializer_context()).data)
