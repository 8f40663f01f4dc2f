"""API of pathways: learning suggestions with their reasons, a role's gap and plan, next roles."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, views
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from talentloop.accounts.personas import personas
from talentloop.pathways import services
from talentloop.pathways.suggest import learning_for
from talentloop.roles.models import Role


class SuggestionOut(serializers.Serializer):
    item = serializers.UUIDField(source="item.public_id")
    title = serializers.CharField(source="item.title")
    kind = serializers.CharField(source="item.kind")
    duration_minutes = serializers.IntegerField(source="item.duration_minutes")
    score = serializers.FloatField()
    reason = serializers.CharField()
    skills = serializers.ListField(child=serializers.CharField())


class GapOut(serializers.Serializer):
    skill = serializers.CharField(source="skill.slug")
    label = serializers.CharField(source="skill.label")
    held = serializers.IntegerField()
    target = serializers.IntegerField()
    steps = serializers.IntegerField()


class StepOut(serializers.Serializer):
    kind = serializers.CharField()
    title = serializers.CharField()
    url = serializers.CharField()
    skills = serializers.ListField(child=serializers.CharField())
    hours = serializers.FloatField()
    detail = serializers.CharField()


class PlanOut(serializers.Serializer):
    role = serializers.CharField(source="role.slug")
    title = serializers.CharField(source="role.title")
    gaps = GapOut(many=True)
    steps = StepOut(many=True)
    hours = serializers.FloatField()
    weeks = serializers.FloatField(allow_null=True)
    progress = serializers.FloatField(allow_null=True)
    unclosable = serializers.ListField(child=serializers.CharField())


class NextRoleOut(serializers.Serializer):
    role = serializers.CharField(source="role.slug")
    title = serializers.CharField(source="role.title")
    proximity = serializers.FloatField()
    moves_seen = serializers.IntegerField()
    score = serializers.FloatField()


def _employee(request):
    p = personas(request)
    if p.employee is None:
        raise NotFound("You have no employee profile.")
    return p


class MyLearningSuggestionsView(views.APIView):
    @extend_schema(responses={200: SuggestionOut(many=True)})
    def get(self, request):
        """Catalogue items for the signed-in employee, each with the reason ("closes SQL, the last gap for 2 gigs")."""
        suggestions = learning_for(_employee(request))
        for s in suggestions:
            s.skills = sorted(s.skills)
        return Response(SuggestionOut(suggestions, many=True).data)


class MyRolePlanView(views.APIView):
    @extend_schema(responses={200: PlanOut})
    def get(self, request, slug: str):
        """The gap to a role and the plan to close it (learning, gigs and projects, mentors), with hours and weeks."""
        p = _employee(request)
        return Response(PlanOut(services.plan_for_role(p.employee, get_object_or_404(Role, slug=slug))).data)


class MyNextRolesView(views.APIView):
    @extend_schema(responses={200: NextRoleOut(many=True)})
    def get(self, request):
        p = _employee(request)
        return Response(NextRoleOut(services.next_roles(p.employee), many=True).data)
