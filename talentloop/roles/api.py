"""API for the job architecture: any employee reads roles with their required skills; talent admins write them
(through roles/services.py)."""

from __future__ import annotations

import django_filters
from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.response import Response

from talentloop.accounts.api import IsEmployeeOrAdmin
from talentloop.accounts.personas import personas
from talentloop.api.serializers import SLUG_REGEX, Ref, SlugRef, StrictSerializer, validate_patch
from talentloop.roles.models import Role, RoleFamily, RoleSkill
from talentloop.roles.services import create_role, update_role
from talentloop.skills.models import Proficiency, Skill

# --- serializers ---------------------------------------------------------------------------------------------


class RoleSkillOut(serializers.Serializer):
    skill = serializers.CharField(source="skill.slug", read_only=True)
    label = serializers.CharField(source="skill.label", read_only=True)
    proficiency = serializers.IntegerField(read_only=True)
    is_essential = serializers.BooleanField(read_only=True)


class RoleSerializer(serializers.ModelSerializer):
    family = Ref(read_only=True)
    skills = RoleSkillOut(many=True, read_only=True, source="role_skills")

    class Meta:
        model = Role
        fields = ["slug", "title", "family", "level", "description", "skills"]
        read_only_fields = fields


class RoleSkillIn(StrictSerializer):
    skill = SlugRef("skill", queryset=Skill.objects.filter(is_active=True))
    proficiency = serializers.ChoiceField(choices=Proficiency.choices)
    is_essential = serializers.BooleanField(default=True)


class RoleInput(StrictSerializer):
    slug = serializers.SlugField(max_length=160)
    title = serializers.CharField(max_length=200)
    family = SlugRef("role family", queryset=RoleFamily.objects.all())
    level = serializers.IntegerField(min_value=1, max_value=10)
    description = serializers.CharField(allow_blank=True, max_length=10000, required=False)
    skills = RoleSkillIn(many=True, required=False, max_length=50)


# --- views ---------------------------------------------------------------------------------------------------


class RoleFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(field_name="title", lookup_expr="icontains", max_length=200, label="Title contains")
    family = django_filters.ModelChoiceFilter(queryset=RoleFamily.objects.all(), to_field_name="slug")
    level = django_filters.NumberFilter(min_value=1, max_value=10)
    skill = django_filters.ModelChoiceFilter(
        field_name="skills", queryset=Skill.objects.all(), to_field_name="slug", distinct=True, label="Requires skill (slug)"
    )

    class Meta:
        model = Role
        fields = ["q", "family", "level", "skill"]


class RoleWritePermission(permissions.BasePermission):
    message = "Only talent admins may change the job architecture."

    def has_permission(self, request, view) -> bool:
        return request.method in permissions.SAFE_METHODS or personas(request).is_talent_admin


@extend_schema_view(
    create=extend_schema(request=RoleInput, responses={201: RoleSerializer}),
    partial_update=extend_schema(request=RoleInput, responses={200: RoleSerializer}),
)
class RoleViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Roles of the job architecture with the skills they require."""

    serializer_class = RoleSerializer
    queryset = Role.objects.none()
    permission_classes = [permissions.IsAuthenticated, IsEmployeeOrAdmin, RoleWritePermission]
    filterset_class = RoleFilter
    lookup_field = "slug"
    lookup_value_regex = SLUG_REGEX

    def get_queryset(self):
        return Role.objects.select_related("family").prefetch_related(
            Prefetch("role_skills", queryset=RoleSkill.objects.select_related("skill").order_by("-proficiency", "skill__label"))
        ).order_by("family__name", "level", "title", "pk")

    def _answer(self, role: Role, code: int) -> Response:
        return Response(self.get_serializer(self.get_queryset().get(pk=role.pk)).data, status=code)

    def create(self, request):
        data = RoleInput(data=request.data)
        data.is_valid(raise_exception=True)
        return self._answer(create_role(personas(request), data.validated_data), status.HTTP_201_CREATED)

    def partial_update(self, request, slug: str):
        role = self.get_object()
        data = validate_patch(RoleInput, request.data, whole=("skills",))
        return self._answer(update_role(personas(request), role, data), status.HTTP_200_OK)

