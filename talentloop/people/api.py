"""API for people: departments, locations, the profiles a viewer may see, and my own profile, skills and aspirations.

What a viewer sees of a person comes from people.access.ProfileAccess alone; fields the viewer may not see
are left out of the answer, never sent as null.
"""

from __future__ import annotations

from functools import cached_property

import django_filters
from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Prefetch, Q
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import generics, mixins, permissions, serializers, status, viewsets
from rest_framework.fields import SkipField
from rest_framework.relations import PKOnlyObject
from rest_framework.response import Response

from talentloop.accounts.api import IsEmployeeOrAdmin
from talentloop.accounts.personas import personas
from talentloop.api.serializers import (
    SLUG_REGEX,
    UUID_REGEX,
    NamedChoiceField,
    NamedMultipleChoiceField,
    PersonRef,
    Ref,
    RoleRef,
    SkillRef,
    SlugRef,
    StrictSerializer,
)
from talentloop.errors import NotFound
from talentloop.marketplace.models import TypeChoices
from talentloop.people import services
from talentloop.people.access import EVERYTHING, ProfileAccess, ProfileView
from talentloop.people.models import (
    MAX_WEEKLY_HOURS,
    Department,
    Employee,
    EmployeeSkill,
    Location,
    ProfileVisibility,
    SkillEvidence,
    WorkMode,
)
from talentloop.roles.models import Role
from talentloop.skills.models import Skill

# --- departments and locations -------------------------------------------------------------------------------


class DepartmentSerializer(serializers.ModelSerializer):
    parent = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)

    class Meta:
        model = Department
        fields = ["slug", "name", "parent"]
        read_only_fields = fields


class LocationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Location
        fields = ["slug", "name", "country"]
        read_only_fields = fields


class NameFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(field_name="name", lookup_expr="icontains", max_length=200, label="Name contains")


class DepartmentFilter(NameFilter):
    class Meta:
        model = Department
        fields = ["q"]


class LocationFilter(NameFilter):
    country = django_filters.CharFilter(field_name="country", lookup_expr="iexact", max_length=2)

    class Meta:
        model = Location
        fields = ["q", "country"]


class DepartmentViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = DepartmentSerializer
    permission_classes = [permissions.IsAuthenticated, IsEmployeeOrAdmin]
    filterset_class = DepartmentFilter
    lookup_field = "slug"
    lookup_value_regex = SLUG_REGEX
    queryset = Department.objects.select_related("parent").order_by("name", "pk")


class LocationViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = LocationSerializer
    permission_classes = [permissions.IsAuthenticated, IsEmployeeOrAdmin]
    filterset_class = LocationFilter
    lookup_field = "slug"
    lookup_value_regex = SLUG_REGEX
    queryset = Location.objects.order_by("name", "pk")


# --- profiles ------------------------------------------------------------------------------------------------


class EvidenceSummary(serializers.Serializer):
    count = serializers.IntegerField(read_only=True)
    sources = serializers.ListField(child=serializers.CharField(), read_only=True)
    latest_on = serializers.DateField(read_only=True, allow_null=True)


class HeldSkill(serializers.Serializer):
    skill = serializers.CharField(source="skill.slug", read_only=True)
    label = serializers.CharField(source="skill.label", read_only=True)
    proficiency = serializers.IntegerField(read_only=True)
    verified = serializers.BooleanField(read_only=True)
    evidence = serializers.SerializerMethodField()

    @extend_schema_field(EvidenceSummary)
    def get_evidence(self, es: EmployeeSkill) -> dict:
        rows = list(es.evidence.all())
        return {
            "count": len(rows),
            "sources": sorted({r.source for r in rows}),
            "latest_on": max((r.observed_on for r in rows), default=None),
        }


class AspirationsOut(serializers.Serializer):
    target_roles = RoleRef(many=True, read_only=True)
    skills_to_grow = SkillRef(many=True, read_only=True)
    opportunity_types = serializers.ListField(child=NamedChoiceField("OpportunityType", choices=TypeChoices.choices), read_only=True)
    work_modes = serializers.ListField(child=NamedChoiceField("WorkMode", choices=WorkMode.choices), read_only=True)
    open_to_relocation = serializers.BooleanField(read_only=True)


def aspirations_of(employee: Employee) -> dict:
    try:
        a = employee.aspiration
    except ObjectDoesNotExist:
        return {"target_roles": [], "skills_to_grow": [], "opportunity_types": [], "work_modes": [], "open_to_relocation": False}
    return {
        "target_roles": sorted(a.target_roles.all(), key=lambda r: (r.title.lower(), r.level)),
        "skills_to_grow": sorted(a.skills_to_grow.all(), key=lambda s: s.label.lower()),
        "opportunity_types": list(a.opportunity_types),
        "work_modes": list(a.work_modes),
        "open_to_relocation": a.open_to_relocation,
    }


class VisibilitySettings(serializers.Serializer):
    open_to_opportunities = serializers.BooleanField(read_only=True)
    profile_visibility = serializers.ChoiceField(choices=ProfileVisibility.choices, read_only=True)
    share_skills_with_owners = serializers.BooleanField(read_only=True)
    share_availability_with_owners = serializers.BooleanField(read_only=True)
    share_aspirations_with_owners = serializers.BooleanField(read_only=True)
    share_aspirations_with_manager = serializers.BooleanField(read_only=True)


# Which fields each part of ProfileView unlocks. `public_id` always travels with a visible person.
FIELD_GROUPS: dict[str, tuple[str, ...]] = {
    "basic": ("public_id", "name", "job_title", "department", "location"),
    "skills": ("skills",),
    "availability": ("weekly_hours_available", "work_mode"),
    "aspirations": ("aspirations",),
    "private": ("summary", "role", "manager", "hire_date", "leave_date", "visibility"),
}


class PersonSerializer(serializers.Serializer):
    """A person as this viewer may see them. Only `public_id` and the basic fields are always present; the
    others appear only when the viewer may see them (documented as optional, never sent as null)."""

    # Declared writable-but-optional (this serializer only ever renders) so the OpenAPI document marks
    # the conditional fields as optional rather than required.
    public_id = serializers.UUIDField()
    name = serializers.CharField()
    job_title = serializers.CharField()
    department = Ref()
    location = Ref(allow_null=True)
    skills = HeldSkill(many=True, required=False)
    weekly_hours_available = serializers.IntegerField(required=False)
    work_mode = NamedChoiceField("WorkMode", choices=WorkMode.choices, required=False)
    aspirations = AspirationsOut(required=False, source="*")
    summary = serializers.CharField(required=False)
    role = RoleRef(required=False, allow_null=True)
    manager = PersonRef(required=False, allow_null=True)
    hire_date = serializers.DateField(required=False)
    leave_date = serializers.DateField(required=False, allow_null=True)
    visibility = VisibilitySettings(required=False, source="*")

    def view_of(self, employee: Employee) -> ProfileView:
        access: ProfileAccess | None = self.context.get("access")
        return EVERYTHING if access is None else access.view_of(employee)

    def to_representation(self, employee: Employee) -> dict:
        view = self.view_of(employee)
        allowed = {name for part, names in FIELD_GROUPS.items() if getattr(view, part) for name in names}
        out: dict = {}
        for field in self._readable_fields:
            if field.field_name not in allowed:
                continue
            if field.field_name == "aspirations":
                out["aspirations"] = field.to_representation(aspirations_of(employee))
                continue
            try:
                value = field.get_attribute(employee)
            except SkipField:
                continue
            check = value.pk if isinstance(value, PKOnlyObject) else value
            out[field.field_name] = None if check is None else field.to_representation(value)
        return out


def skills_prefetch() -> Prefetch:
    evidence = SkillEvidence.objects.only("id", "employee_skill_id", "source", "observed_on", "verified")
    return Prefetch(
        "skills",
        queryset=EmployeeSkill.objects.select_related("skill").prefetch_related(Prefetch("evidence", queryset=evidence)),
    )


def with_profile_data(queryset):
    """Everything PersonSerializer reads, in a fixed number of queries whatever the number of people."""
    return queryset.select_related("user", "department", "location", "role", "manager__user", "aspiration").prefetch_related(
        skills_prefetch(), "aspiration__target_roles", "aspiration__skills_to_grow"
    )


class PersonFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", max_length=200, label="Name or job title contains")
    department = django_filters.ModelChoiceFilter(queryset=Department.objects.all(), to_field_name="slug")
    location = django_filters.ModelChoiceFilter(queryset=Location.objects.all(), to_field_name="slug")

    class Meta:
        model = Employee
        fields = ["q", "department", "location"]

    def search(self, queryset, name, value):
        for term in value.split()[:8]:
            queryset = queryset.filter(
                Q(user__first_name__icontains=term) | Q(user__last_name__icontains=term) | Q(job_title__icontains=term)
            )
        return queryset


class PersonViewSet(viewsets.ReadOnlyModelViewSet):
    """People the viewer may see, each with only the parts of the profile the viewer may see.
    Filters match only fields every visible person shows (name, title, department, location)."""

    serializer_class = PersonSerializer
    queryset = Employee.objects.none()
    filterset_class = PersonFilter
    lookup_field = "public_id"
    lookup_value_regex = UUID_REGEX

    @cached_property
    def access(self) -> ProfileAccess:
        return ProfileAccess(personas(self.request))

    def get_queryset(self):
        return with_profile_data(self.access.visible_employees()).order_by("user__last_name", "user__first_name", "pk")

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "access": self.access}


# --- me ------------------------------------------------------------------------------------------------------


def my_employee(request) -> Employee:
    employee = personas(request).employee
    if employee is None:
        raise NotFound("You have no employee profile.")
    return employee


def my_profile(employee: Employee) -> Employee:
    return with_profile_data(Employee.objects.filter(pk=employee.pk)).get()


class ProfileInput(StrictSerializer):
    summary = serializers.CharField(allow_blank=True, max_length=4000, trim_whitespace=False)
    weekly_hours_available = serializers.IntegerField(min_value=0, max_value=MAX_WEEKLY_HOURS)
    work_mode = NamedChoiceField("WorkMode", choices=WorkMode.choices)
    location = SlugRef("location", queryset=Location.objects.all(), allow_null=True)
    open_to_opportunities = serializers.BooleanField()
    profile_visibility = serializers.ChoiceField(choices=ProfileVisibility.choices)
    share_skills_with_owners = serializers.BooleanField()
    share_availability_with_owners = serializers.BooleanField()
    share_aspirations_with_owners = serializers.BooleanField()
    share_aspirations_with_manager = serializers.BooleanField()


class MeView(generics.GenericAPIView):
    """My whole profile. PATCH changes any of the fields of ProfileInput and leaves the rest alone."""

    serializer_class = PersonSerializer

    def get(self, request):
        return Response(PersonSerializer(my_profile(my_employee(request))).data)

    @extend_schema(request=ProfileInput, responses={200: PersonSerializer})
    def patch(self, request):
        employee = my_employee(request)
        data = ProfileInput(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        services.update_profile(personas(request), employee, dict(data.validated_data))
        return Response(PersonSerializer(my_profile(employee)).data)


class EvidenceOut(serializers.ModelSerializer):
    class Meta:
        model = SkillEvidence
        fields = ["source", "proficiency", "observed_on", "verified", "note", "link", "created_at"]
        read_only_fields = fields


class MySkillSerializer(serializers.ModelSerializer):
    skill = serializers.CharField(source="skill.slug", read_only=True)
    label = serializers.CharField(source="skill.label", read_only=True)
    evidence = EvidenceOut(many=True, read_only=True)

    class Meta:
        model = EmployeeSkill
        fields = ["skill", "label", "proficiency", "verified", "updated_at", "evidence"]
        read_only_fields = fields


class MySkillInput(StrictSerializer):
    skill = SlugRef("skill", queryset=Skill.objects.all())
    proficiency = serializers.IntegerField(
        min_value=1, max_value=5, help_text="1 awareness, 2 working, 3 practitioner, 4 advanced, 5 expert"
    )
    note = serializers.CharField(allow_blank=True, max_length=500, default="")
    link = serializers.URLField(allow_blank=True, max_length=500, default="")


@extend_schema_view(create=extend_schema(request=MySkillInput, responses={200: MySkillSerializer, 201: MySkillSerializer}))
class MySkillViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """My skills with all their evidence. POST declares a skill at a level (201 new, 200 changed)."""

    serializer_class = MySkillSerializer
    queryset = EmployeeSkill.objects.none()
    filterset_class = None
    lookup_field = "skill"
    lookup_url_kwarg = "slug"
    lookup_value_regex = SLUG_REGEX

    def get_queryset(self):
        employee = personas(self.request).employee
        if employee is None:
            return EmployeeSkill.objects.none()
        return (
            EmployeeSkill.objects.filter(employee=employee)
            .select_related("skill")
            .prefetch_related("evidence")
            .order_by("-proficiency", "skill__label", "pk")
        )

    def create(self, request):
        employee = my_employee(request)
        data = MySkillInput(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        existed = EmployeeSkill.objects.filter(employee=employee, skill=v["skill"]).exists()
        es = services.set_skill(personas(request), employee, v["skill"], v["proficiency"], note=v["note"], link=v["link"])
        es = self.get_queryset().get(pk=es.pk)
        return Response(MySkillSerializer(es).data, status=status.HTTP_200_OK if existed else status.HTTP_201_CREATED)

    @extend_schema(responses={204: None})
    def destroy(self, request, slug: str):
        employee = my_employee(request)
        skill = Skill.objects.filter(slug=slug).first()
        if skill is None:
            raise NotFound({"skill": [f"Unknown skill: {slug}."]})
        services.remove_skill(personas(request), employee, skill)
        return Response(status=status.HTTP_204_NO_CONTENT)


class AspirationsInput(StrictSerializer):
    target_roles = SlugRef("role", queryset=Role.objects.all(), many=True, required=False)
    skills_to_grow = SlugRef("skill", queryset=Skill.objects.all(), many=True, required=False)
    opportunity_types = NamedMultipleChoiceField("OpportunityType", choices=TypeChoices.choices, required=False)
    work_modes = NamedMultipleChoiceField("WorkMode", choices=WorkMode.choices, required=False)
    open_to_relocation = serializers.BooleanField(required=False)


class MyAspirationsView(generics.GenericAPIView):
    """My aspirations. PUT replaces them all; a list left out becomes empty."""

    serializer_class = AspirationsOut

    def _answer(self, employee: Employee) -> Response:
        employee = Employee.objects.prefetch_related("aspiration__target_roles", "aspiration__skills_to_grow").get(pk=employee.pk)
        return Response(AspirationsOut(aspirations_of(employee)).data)

    def get(self, request):
        return self._answer(my_employee(request))

    @extend_schema(request=AspirationsInput, responses={200: AspirationsOut})
    def put(self, request):
        employee = my_employee(request)
        data = AspirationsInput(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        services.set_aspirations(
            personas(request),
            employee,
            target_roles=list(v.get("target_roles", [])),
            skills_to_grow=list(v.get("skills_to_grow", [])),
            opportunity_types=v.get("opportunity_types", []),
            work_modes=v.get("work_modes", []),
            open_to_relocation=v.get("open_to_relocation", False),
        )
        return self._answer(employee)

