"""API for the skills taxonomy: any employee reads it; talent admins and L&OD admins create and update skills.

The skills app has no services module yet, so the two taxonomy writes the API needs live here as named,
atomic functions (`create_skill`, `update_skill`) that validate everything before they write.
"""

from __future__ import annotations

from functools import cached_property

import django_filters
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.db.models.functions import Lower
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.response import Response

from talentloop.accounts.api import IsEmployeeOrAdmin
from talentloop.accounts.personas import Personas, personas
from talentloop.api.serializers import SLUG_REGEX, Ref, SlugRef, StrictSerializer, validate_patch
from talentloop.errors import Conflict, Forbidden, InvalidInput
from talentloop.skills.models import RelatedSkill, Skill, SkillAlias, SkillCategory, SkillExternalId

# --- writes --------------------------------------------------------------------------------------------------


def may_edit_taxonomy(p: Personas) -> bool:
    return p.is_talent_admin or p.is_lod_admin


def _check_skill(data: dict, skill: Skill | None) -> None:
    """Everything that would make the write fail, found before anything is written."""
    others = Skill.objects.exclude(pk=skill.pk) if skill is not None else Skill.objects.all()
    conflicts: dict[str, list[str]] = {}
    errors: dict[str, list[str]] = {}
    if "slug" in data and others.filter(slug=data["slug"]).exists():
        conflicts["slug"] = [f"A skill with the slug {data['slug']} already exists."]
    if "label" in data and others.filter(label__iexact=data["label"]).exists():
        conflicts["label"] = [f"A skill labelled {data['label']!r} already exists."]
    aliases = data.get("aliases")
    if aliases is not None:
        lowered = [a.lower() for a in aliases]
        if len(set(lowered)) != len(lowered):
            errors["aliases"] = ["An alias is listed twice."]
        taken = sorted(
            SkillAlias.objects.annotate(lowered=Lower("alias"))
            .filter(lowered__in=lowered)
            .exclude(skill=skill)
            .values_list("alias", flat=True)
        )
        if taken:
            conflicts["aliases"] = [f"Already an alias of another skill: {', '.join(taken)}."]
    related = data.get("related")
    if related is not None:
        seen: set[int] = set()
        for i, item in enumerate(related):
            target = item["skill"]
            if skill is not None and target.pk == skill.pk:
                errors[f"related[{i}].skill"] = ["A skill cannot be related to itself."]
            if target.pk in seen:
                errors[f"related[{i}].skill"] = [f"{target.label} is listed twice."]
            seen.add(target.pk)
    external_ids = data.get("external_ids")
    if external_ids is not None:
        pairs = [(e["scheme"], e["identifier"]) for e in external_ids]
        if len(set(pairs)) != len(pairs):
            errors["external_ids"] = ["An external id is listed twice."]
        for i, (scheme, identifier) in enumerate(pairs):
            if SkillExternalId.objects.filter(scheme=scheme, identifier=identifier).exclude(skill=skill).exists():
                conflicts[f"external_ids[{i}].identifier"] = [f"{scheme}:{identifier} already belongs to another skill."]
    if errors:
        raise InvalidInput(errors)
    if conflicts:
        raise Conflict(conflicts)


def _write_skill(skill: Skill, data: dict) -> Skill:
    for name in ("slug", "label", "description", "category", "skill_type", "is_active"):
        if name in data:
            setattr(skill, name, data[name])
    skill.save()
    if data.get("aliases") is not None:
        skill.aliases.all().delete()
        SkillAlias.objects.bulk_create(SkillAlias(skill=skill, alias=a) for a in data["aliases"])
    if data.get("related") is not None:
        skill.related_out.all().delete()
        RelatedSkill.objects.bulk_create(
            RelatedSkill(from_skill=skill, to_skill=r["skill"], weight=r["weight"], source=r["source"]) for r in data["related"]
        )
    if data.get("external_ids") is not None:
        skill.external_ids.all().delete()
        SkillExternalId.objects.bulk_create(
            SkillExternalId(skill=skill, scheme=e["scheme"], identifier=e["identifier"]) for e in data["external_ids"]
        )
    return skill


def _guarded_write(p: Personas, skill: Skill, data: dict) -> Skill:
    if not may_edit_taxonomy(p):
        raise Forbidden("Only talent admins and L&OD admins may change the taxonomy.")
    _check_skill(data, None if skill.pk is None else skill)
    try:
        with transaction.atomic():
            return _write_skill(skill, data)
    except IntegrityError as exc:
        # Only a concurrent write can get here: the checks above saw no clash.
        raise Conflict("Another change to the taxonomy got there first; reload and try again.") from exc


def create_skill(p: Personas, data: dict) -> Skill:
    return _guarded_write(p, Skill(), data)


def update_skill(p: Personas, skill: Skill, data: dict) -> Skill:
    return _guarded_write(p, skill, data)


# --- serializers ---------------------------------------------------------------------------------------------


class RelatedSkillOut(serializers.Serializer):
    skill = serializers.CharField(source="to_skill.slug", read_only=True)
    label = serializers.CharField(source="to_skill.label", read_only=True)
    weight = serializers.FloatField(read_only=True)
    source = serializers.CharField(read_only=True)


class ExternalIdSerializer(StrictSerializer):
    scheme = serializers.CharField(max_length=40, help_text="e.g. esco")
    identifier = serializers.CharField(max_length=500, help_text="e.g. the ESCO concept URI")


class SkillSerializer(serializers.ModelSerializer):
    category = Ref(read_only=True)
    family = serializers.SerializerMethodField()
    aliases = serializers.SlugRelatedField(many=True, read_only=True, slug_field="alias")
    related = RelatedSkillOut(many=True, read_only=True, source="related_out")
    external_ids = ExternalIdSerializer(many=True, read_only=True)

    class Meta:
        model = Skill
        fields = [
            "slug", "label", "description", "skill_type", "is_active", "category", "family", "aliases", "related",
            "external_ids",
        ]
        read_only_fields = fields

    @extend_schema_field(Ref)
    def get_family(self, skill: Skill) -> dict:
        family = self.context["categories"].family_of(skill.category_id)
        return {"slug": family.slug, "name": family.name}


class RelatedSkillIn(StrictSerializer):
    skill = SlugRef("skill", queryset=Skill.objects.all())
    weight = serializers.FloatField(min_value=0.01, max_value=1.0)
    source = serializers.ChoiceField(choices=RelatedSkill.Source.choices, default=RelatedSkill.Source.CURATED)


class SkillInput(StrictSerializer):
    slug = serializers.SlugField(max_length=120)
    label = serializers.CharField(max_length=200)
    description = serializers.CharField(allow_blank=True, max_length=10000, required=False)
    category = SlugRef("skill category", queryset=SkillCategory.objects.all())
    skill_type = serializers.ChoiceField(choices=Skill.Type.choices, required=False)
    is_active = serializers.BooleanField(required=False)
    aliases = serializers.ListField(child=serializers.CharField(max_length=200), max_length=50, required=False)
    related = RelatedSkillIn(many=True, required=False, max_length=50)
    external_ids = ExternalIdSerializer(many=True, required=False, max_length=20)


# --- views ---------------------------------------------------------------------------------------------------


class CategoryTree:
    """All categories in one query, for families and subtrees without walking the database."""

    def __init__(self):
        self.by_id = {c.pk: c for c in SkillCategory.objects.only("id", "slug", "name", "parent_id")}
        self.children: dict[int | None, list[SkillCategory]] = {}
        for c in sorted(self.by_id.values(), key=lambda c: c.name):
            self.children.setdefault(c.parent_id, []).append(c)

    def family_of(self, category_id: int) -> SkillCategory:
        node = self.by_id[category_id]
        seen = {node.pk}
        while node.parent_id is not None and node.parent_id not in seen:
            node = self.by_id[node.parent_id]
            seen.add(node.pk)
        return node

    def subtree_ids(self, root_id: int) -> list[int]:
        out, frontier = [root_id], [root_id]
        while frontier:
            frontier = [c.pk for pk in frontier for c in self.children.get(pk, []) if c.pk not in out]
            out.extend(frontier)
        return out


class SkillFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", max_length=200, label="Label or alias contains")
    category = django_filters.ModelChoiceFilter(
        queryset=SkillCategory.objects.all(), to_field_name="slug", method="in_category",
        label="Category or family (slug); includes its subcategories",
    )
    skill_type = django_filters.ChoiceFilter(choices=Skill.Type.choices)
    is_active = django_filters.BooleanFilter(label="Active (default) or retired")

    class Meta:
        model = Skill
        fields = ["q", "category", "skill_type", "is_active"]

    def search(self, queryset, name, value):
        for term in value.split()[:8]:
            alias_hit = SkillAlias.objects.filter(skill=OuterRef("pk"), alias__icontains=term)
            queryset = queryset.filter(Q(label__icontains=term) | Q(slug__icontains=term) | Exists(alias_hit))
        return queryset

    def in_category(self, queryset, name, value):
        return queryset.filter(category_id__in=CategoryTree().subtree_ids(value.pk))


class TaxonomyPermission(permissions.BasePermission):
    """Reading: any employee or admin. Writing: talent admins and L&OD admins."""

    message = "Only talent admins and L&OD admins may change the taxonomy."

    def has_permission(self, request, view) -> bool:
        return request.method in permissions.SAFE_METHODS or may_edit_taxonomy(personas(request))


@extend_schema_view(
    create=extend_schema(request=SkillInput, responses={201: SkillSerializer}),
    partial_update=extend_schema(request=SkillInput, responses={200: SkillSerializer}),
)
class SkillViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The skills taxonomy. Lists active skills unless ?is_active=false."""

    serializer_class = SkillSerializer
    queryset = Skill.objects.none()
    permission_classes = [permissions.IsAuthenticated, IsEmployeeOrAdmin, TaxonomyPermission]
    filterset_class = SkillFilter
    lookup_field = "slug"
    lookup_value_regex = SLUG_REGEX

    @cached_property
    def categories(self) -> CategoryTree:
        return CategoryTree()

    def get_queryset(self):
        return Skill.objects.select_related("category").prefetch_related(
            "aliases", "external_ids", Prefetch("related_out", queryset=RelatedSkill.objects.select_related("to_skill").order_by("-weight", "to_skill__label"))
        ).order_by(Lower("label"), "pk")

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if self.action == "list" and "is_active" not in self.request.query_params:
            queryset = queryset.filter(is_active=True)
        return queryset

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "categories": self.categories}

    def _answer(self, skill: Skill, code: int) -> Response:
        skill = self.get_queryset().get(pk=skill.pk)
        return Response(self.get_serializer(skill).data, status=code)

    def create(self, request):
        data = SkillInput(data=request.data)
        data.is_valid(raise_exception=True)
        return self._answer(create_skill(personas(request), data.validated_data), status.HTTP_201_CREATED)

    def partial_update(self, request, slug: str):
        skill = self.get_object()
        data = validate_patch(SkillInput, request.data, whole=("related", "external_ids"))
        return self._answer(update_skill(personas(request), skill, data), status.HTTP_200_OK)



class SkillCategoryNode(serializers.Serializer):
    slug = serializers.CharField(read_only=True)
    name = serializers.CharField(read_only=True)
    parent = serializers.CharField(read_only=True, allow_null=True, help_text="Slug of the parent; null for a family.")

    def get_fields(self):
        fields = super().get_fields()
        fields["children"] = SkillCategoryNode(many=True, read_only=True)
        return fields


class SkillCategoryViewSet(viewsets.ReadOnlyModelViewSet):
    """The category tree: families (top-level categories) with their subcategories nested."""

    serializer_class = SkillCategoryNode
    queryset = SkillCategory.objects.none()
    permission_classes = [permissions.IsAuthenticated, IsEmployeeOrAdmin]
    filterset_class = None
    lookup_field = "slug"
    lookup_value_regex = SLUG_REGEX

    def get_queryset(self):
        return SkillCategory.objects.order_by("name", "pk")

    def _node(self, tree: CategoryTree, category: SkillCategory) -> dict:
        parent = tree.by_id.get(category.parent_id) if category.parent_id else None
        return {
            "slug": category.slug,
            "name": category.name,
            "parent": parent.slug if parent else None,
            "children": [self._node(tree, c) for c in tree.children.get(category.pk, [])],
        }

    def list(self, request):
        tree = CategoryTree()
        page = self.paginate_queryset(tree.children.get(None, []))
        return self.get_paginated_response([self._node(tree, c) for c in page])

    def retrieve(self, request, slug: str):
        category = self.get_object()
        return Response(self._node(CategoryTree(), category))
