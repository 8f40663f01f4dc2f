"""API for the skills taxonomy: any employee reads it; talent admins and L&OD admins create and update skills
(through skills/services.py)."""

from __future__ import annotations

from functools import cached_property

import django_filters
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.db.models.functions import Lower
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from talentloop.accounts.api import IsEmployeeOrAdmin
from talentloop.accounts.personas import personas
from talentloop.api.serializers import SLUG_REGEX, Ref, SlugRef, StrictSerializer, validate_patch
from talentloop.skills import intelligence
from talentloop.skills.models import RelatedSkill, Skill, SkillAlias, SkillCategory
from talentloop.skills.services import create_skill, may_edit_taxonomy, update_skill

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


class TextQuery(StrictSerializer):
    text = serializers.CharField(max_length=intelligence.MAX_TEXT, trim_whitespace=True)
    limit = serializers.IntegerField(min_value=1, max_value=50, default=10)


class PhraseQuery(TextQuery):
    text = serializers.CharField(max_length=intelligence.MAX_PHRASE, trim_whitespace=True)


class SkillSuggestionOut(serializers.Serializer):
    id = serializers.CharField(source="skill.slug", help_text="The skill's slug, as everywhere in the API.")
    label = serializers.CharField(source="skill.label")
    score = serializers.FloatField(help_text="Confidence from 0 to 1; higher is surer.")
    passage = serializers.CharField(help_text="The words that triggered the suggestion: the phrase, or a sentence of the text.")
    start = serializers.IntegerField(help_text="Where the passage starts in the text sent (characters).")
    end = serializers.IntegerField()
    signal = serializers.ChoiceField(
        choices=["exact", "lexical", "semantic"],
        help_text="exact: a label or alias written out; lexical: close spelling; semantic: close meaning (the model).",
    )
    matched = serializers.CharField(help_text="The label or alias that matched, for exact and lexical suggestions.")


class SkillSuggestionsOut(serializers.Serializer):
    method = serializers.CharField(help_text="The embedding model that answered, or 'lexical' when none is available.")
    results = SkillSuggestionOut(many=True)


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
            "aliases", "external_ids", Prefetch("related_out", queryset=RelatedSkill.objects.filter(rejected=False).select_related("to_skill").order_by("-weight", "to_skill__label"))
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

    def _suggest(self, request, query_class: type[TextQuery], answer, task: str) -> Response:
        query = query_class(data=request.data)
        query.is_valid(raise_exception=True)
        suggestions = answer(query.validated_data["text"], query.validated_data["limit"])
        return Response(SkillSuggestionsOut({"method": intelligence.method(task), "results": suggestions}).data)

    @extend_schema(request=PhraseQuery, responses={200: SkillSuggestionsOut})
    @action(detail=False, methods=["post"], permission_classes=[permissions.IsAuthenticated, IsEmployeeOrAdmin])
    def normalize(self, request):
        """The taxonomy skills a short free-text phrase most likely names ("py scripting" → Python), best first.
        Nothing is written."""
        return self._suggest(request, PhraseQuery, intelligence.normalize, "normalize")

    @extend_schema(request=TextQuery, responses={200: SkillSuggestionsOut})
    @action(detail=False, methods=["post"], permission_classes=[permissions.IsAuthenticated, IsEmployeeOrAdmin])
    def infer(self, request):
        """Skills a text shows (a description, a CV, a course outline), each with a confidence and the passage that
        triggered it. Suggestions only: nothing is added to any profile or opportunity until a person confirms it."""
        return self._suggest(request, TextQuery, intelligence.infer, "infer")



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
