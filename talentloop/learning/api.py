"""API for learning: the catalog (with the catalog page's filters), enrolment, progress and completion for the
signed-in person, and their learning records. Writes go through learning.services; a retired item answers 404."""

from __future__ import annotations

from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema
from rest_framework import generics, mixins, permissions, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from talentloop.accounts.api import IsEmployeeOrAdmin
from talentloop.accounts.personas import personas
from talentloop.api.serializers import UUID_REGEX, NamedChoiceField, StrictSerializer
from talentloop.errors import Forbidden, NotFound
from talentloop.learning import services
from talentloop.learning.filters import LearningItemFilter
from talentloop.learning.models import (
    ItemFormat,
    ItemKind,
    LearningItem,
    LearningItemSkill,
    LearningRecord,
    RecordStatus,
)
from talentloop.people.models import Employee

TAUGHT = LearningItemSkill.objects.select_related("skill").order_by("-target_level", "skill__label")


class TaughtSkillOut(serializers.Serializer):
    skill = serializers.CharField(source="skill.slug", read_only=True)
    label = serializers.CharField(source="skill.label", read_only=True)
    target_level = serializers.IntegerField(read_only=True)


class LearningItemOut(serializers.ModelSerializer):
    kind = NamedChoiceField("LearningItemKind", choices=ItemKind.choices, read_only=True)
    format = NamedChoiceField("LearningItemFormat", choices=ItemFormat.choices, read_only=True)
    skills = TaughtSkillOut(many=True, read_only=True, source="taught_skills")

    class Meta:
        model = LearningItem
        fields = [
            "public_id", "slug", "title", "description", "kind", "provider", "url", "duration_minutes", "format",
            "compliance", "activity_id", "skills",
        ]
        read_only_fields = fields


class ItemRef(serializers.Serializer):
    public_id = serializers.UUIDField(read_only=True)
    slug = serializers.CharField(read_only=True)
    title = serializers.CharField(read_only=True)
    kind = NamedChoiceField("LearningItemKind", choices=ItemKind.choices, read_only=True)


class LearningRecordOut(serializers.ModelSerializer):
    item = ItemRef(read_only=True)
    status = NamedChoiceField("LearningRecordStatus", choices=RecordStatus.choices, read_only=True)

    class Meta:
        model = LearningRecord
        fields = ["public_id", "item", "status", "progress", "score", "enrolled_at", "completed_at", "source", "updated_at"]
        read_only_fields = fields


class ProgressIn(StrictSerializer):
    percent = serializers.IntegerField(min_value=0, max_value=100)


class EmptyIn(StrictSerializer):
    pass


class LearningItemViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The learning catalog (active items), searchable by words, kind, format, compliance and skill taught."""

    serializer_class = LearningItemOut
    queryset = LearningItem.objects.none()
    permission_classes = [permissions.IsAuthenticated, IsEmployeeOrAdmin]
    filterset_class = LearningItemFilter
    lookup_field = "public_id"
    lookup_value_regex = UUID_REGEX

    def get_queryset(self):
        return (
            LearningItem.objects.filter(is_active=True)
            .prefetch_related(Prefetch("taught_skills", queryset=TAUGHT))
            .order_by("title", "pk")
        )

    def _record(self, record: LearningRecord) -> Response:
        record = LearningRecord.objects.select_related("item").get(pk=record.pk)
        return Response(LearningRecordOut(record).data)

    def _learner_item(self, request) -> LearningItem:
        if personas(request).employee is None:
            raise Forbidden("Only employees have learning records.")
        return self.get_object()

    @extend_schema(request=EmptyIn, responses={200: LearningRecordOut})
    @action(detail=True, methods=["post"])
    def enrol(self, request, public_id=None):
        EmptyIn(data=request.data or {}).is_valid(raise_exception=True)
        return self._record(services.enrol(personas(request), self._learner_item(request)))

    @extend_schema(request=ProgressIn, responses={200: LearningRecordOut})
    @action(detail=True, methods=["post"])
    def progress(self, request, public_id=None):
        data = ProgressIn(data=request.data)
        data.is_valid(raise_exception=True)
        item = self._learner_item(request)
        return self._record(services.update_progress(personas(request), item, data.validated_data["percent"]))

    @extend_schema(request=EmptyIn, responses={200: LearningRecordOut})
    @action(detail=True, methods=["post"])
    def complete(self, request, public_id=None):
        EmptyIn(data=request.data or {}).is_valid(raise_exception=True)
        return self._record(services.mark_completed(personas(request), self._learner_item(request)))


class MyLearningRecordsView(generics.ListAPIView):
    """The signed-in person's learning records, most recently changed first."""

    serializer_class = LearningRecordOut
    permission_classes = [permissions.IsAuthenticated, IsEmployeeOrAdmin]
    filterset_class = None

    def get_queryset(self):
        p = personas(self.request)
        if p.employee is None:
            return LearningRecord.objects.none()
        return services.records_for(p, p.employee)


class PersonLearningRecordsView(generics.ListAPIView):
    """One person's learning records: for the person, their line managers, L&OD admins and talent admins; anyone
    else gets 404, as if the person did not exist."""

    serializer_class = LearningRecordOut
    queryset = LearningRecord.objects.none()
    permission_classes = [permissions.IsAuthenticated, IsEmployeeOrAdmin]
    filterset_class = None

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the OpenAPI document asks without a person
            return LearningRecord.objects.none()
        employee = Employee.objects.filter(public_id=self.kwargs["public_id"]).first()
        if employee is None:
            raise NotFound("No such person.")
        return services.records_for(personas(self.request), employee)
