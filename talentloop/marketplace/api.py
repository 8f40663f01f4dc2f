"""API for the marketplace: browse, post, edit and publish opportunities, apply and invite; list applications,
read one with its history and the moves open to the viewer, and move it.

Visibility comes from marketplace.access, rules and writes from marketplace.services; an object the viewer
may not see answers 404, as if it did not exist.
"""

from __future__ import annotations

import copy
import uuid
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
from talentloop.errors import Forbidden, InvalidInput, NotFound
from talentloop.marketplace import services
from talentloop.marketplace.access import can_edit_opportunity, visible_applications, visible_opportunities
from talentloop.marketplace.filters import OpportunityFilter
from talentloop.marketplace.lifecycle import HOLDS_SEAT, LIVE, OpportunityStatus
from talentloop.marketplace.models import (
    Application,
    ApplicationStatusChoices,
    DirectionChoices,
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
            "total_hours", "mentorship_direction", "topics", "reverse_mentoring", "approved_hours_per_week",
            "published_at", "closed_at", "created_at", "updated_at", "my_application", "can_edit", "next_statuses",
        ]
        read_only_fields = fields

    next_statuses = serializers.SerializerMethodField(
        help_text="The statuses this viewer may move it to (the owner's `open` asks for approval where the rule says so)."
    )

    def get_next_statuses(self, opportunity: Opportunity) -> list[str]:
        return services.opportunity_moves_for(self.context["personas"], opportunity)

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
    total_hours = serializers.IntegerField(required=False, allow_null=True, min_value=1, help_text="Job shadowing: hours in all.")
    mentorship_direction = serializers.ChoiceField(choices=DirectionChoices.choices, required=False, allow_blank=True)
    topics = serializers.ListField(child=serializers.CharField(max_length=80), required=False, max_length=services.MAX_TOPICS)
    reverse_mentoring = serializers.BooleanField(required=False)
    publish = serializers.BooleanField(
        required=False, help_text="Publish at once (needs a required skill); above the hours threshold it asks for approval."
    )

    def validate(self, attrs):
        start, end = attrs.get("start_date"), attrs.get("end_date")
        if start is not None and end is not None and end < start:
            raise serializers.ValidationError({"end_date": ["Must be on or after the start date."]})
        return attrs


class OpportunityPatchInput(OpportunityInput):
    publish = None  # publishing is POST .../status


class OpportunityStatusInput(StrictSerializer):
    status = serializers.ChoiceField(choices=[s.value for s in OpportunityStatus if s != OpportunityStatus.PENDING_APPROVAL])
    reason = serializers.CharField(
        max_length=1000, allow_blank=True, default="", help_text="Required when an approver sends it back to draft."
    )


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
            "event": serializers.CharField(
                read_only=True, help_text="Empty for a status change; otherwise a step that keeps the status (escalated, owner_confirmed, ...)."
            ),
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
            "release_required", "release_escalated_at", "created_at", "status_changed_at", "next_statuses",
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


class RatingIn(StrictSerializer):
    skill = SlugRef("skill", queryset=Skill.objects.filter(is_active=True), help_text="Slug of an active skill.")
    level = serializers.IntegerField(min_value=1, max_value=5, help_text="Observed proficiency, 1 to 5.")


class CompletionInput(StrictSerializer):
    ratings = RatingIn(many=True, min_length=1, max_length=services.MAX_SKILL_NEEDS)
    hours = serializers.IntegerField(min_value=1, max_value=5000, help_text="Hours worked in all.")
    endorsement = serializers.CharField(max_length=2000, allow_blank=True, default="")


class RatingOut(serializers.Serializer):
    skill = serializers.CharField(source="skill.slug", read_only=True)
    label = serializers.CharField(source="skill.label", read_only=True)
    level = serializers.IntegerField(read_only=True)


class CompletionOut(serializers.Serializer):
    hours = serializers.IntegerField(read_only=True, allow_null=True)
    endorsement = serializers.CharField(read_only=True)
    owner_confirmed_at = serializers.DateTimeField(read_only=True, allow_null=True)
    participant_confirmed_at = serializers.DateTimeField(read_only=True, allow_null=True)
    completed_at = serializers.DateTimeField(read_only=True, allow_null=True)
    ratings = RatingOut(many=True, read_only=True)


class SessionInput(StrictSerializer):
    held_on = serializers.DateField()
    minutes = serializers.IntegerField(min_value=5, max_value=600)
    notes = serializers.CharField(max_length=2000, allow_blank=True, default="")


class SessionOut(serializers.Serializer):
    held_on = serializers.DateField(read_only=True)
    minutes = serializers.IntegerField(read_only=True)
    notes = serializers.CharField(read_only=True)
    created_at = serializers.DateTimeField(read_only=True)


def idempotency_key(request) -> uuid.UUID | None:
    """The optional Idempotency-Key header (a UUID): the same key twice makes one object."""
    raw = request.headers.get("Idempotency-Key")
    if not raw:
        return None
    try:
        return uuid.UUID(raw)
    except ValueError as exc:
        raise InvalidInput({"Idempotency-Key": ["Must be a UUID."]}) from exc


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
        opportunity = services.create_opportunity(p, fields, needs, publish=publish, submission_key=idempotency_key(request))
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
        opportunity = self.get_object()
        data = OpportunityStatusInput(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        opportunity = services.change_opportunity_status(self.personas, opportunity, v["status"], v["reason"])
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
        return self._answer(moved)

    def _answer(self, application: Application, code: int = status.HTTP_200_OK) -> Response:
        # Not filtered by visibility: a manager who declines a confidential offer still gets the answer to their move.
        fresh = application_queryset(self.personas, Application.objects.prefetch_related("changes")).get(pk=application.pk)
        return Response(ApplicationDetailSerializer(fresh, context=self.get_serializer_context()).data, status=code)

    @extend_schema(
        request=CompletionInput,
        responses={200: ApplicationDetailSerializer, 409: OpenApiResponse(description="Not active (the body lists what is allowed).")},
        description="The owner's side of completing: observed proficiency per skill applied, hours, endorsement. "
        "Completes the application when the participant has confirmed; sending it again before that corrects it.",
    )
    @action(detail=True, methods=["post"], url_path="completion")
    def completion(self, request, public_id: str):
        application = self.get_object()
        data = CompletionInput(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        ratings = [services.RatingInput(r["skill"], r["level"]) for r in v["ratings"]]
        services.submit_owner_completion(self.personas, application, ratings, v["hours"], v["endorsement"])
        return self._answer(application)

    @extend_schema(request=None, responses={200: CompletionOut, 404: OpenApiResponse(description="No completion yet.")})
    @completion.mapping.get
    def read_completion(self, request, public_id: str):
        application = self.get_object()
        completion = getattr(application, "completion", None)
        if completion is None:
            raise NotFound({"completion": ["Nobody has confirmed a completion of this application yet."]})
        return Response(CompletionOut(completion).data)

    @extend_schema(request=None, responses={200: ApplicationDetailSerializer})
    @action(detail=True, methods=["post"], url_path="confirm-completion")
    def confirm_completion(self, request, public_id: str):
        """The participant's side of completing; confirming twice is harmless."""
        application = self.get_object()
        services.confirm_participant_completion(self.personas, application)
        return self._answer(application)

    @extend_schema(request=None, responses={200: ApplicationDetailSerializer})
    @action(detail=True, methods=["post"], url_path="share-with-manager")
    def share_with_manager(self, request, public_id: str):
        """A permanent-role applicant lets their line manager see the application before an offer."""
        application = self.get_object()
        services.consent_to_tell_manager(self.personas, application)
        return self._answer(application)

    @extend_schema(request=SessionInput, responses={201: SessionOut, 200: SessionOut})
    @action(detail=True, methods=["get", "post"], url_path="sessions")
    def sessions(self, request, public_id: str):
        """A mentorship's sessions; mentor or mentee logs one (an Idempotency-Key header makes a retry harmless)."""
        application = self.get_object()
        if request.method == "GET":
            return Response(SessionOut(application.sessions.all(), many=True).data)
        data = SessionInput(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        key = idempotency_key(request)
        existed = key is not None and application.sessions.filter(submission_key=key).exists()
        session = services.log_session(self.personas, application, v["held_on"], v["minutes"], v["notes"], submission_key=key)
        return Response(SessionOut(session).data, status=status.HTTP_200_OK if existed else status.HTTP_201_CREATED)
