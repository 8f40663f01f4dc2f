"""API for a person's recognition timeline: GET /api/v1/people/{public_id}/timeline/.

The same rule as the profile page: the timeline goes with the person's skills (ProfileView.skills). A person the
viewer may not see, or whose skills the viewer may not see, answers 404 (the timeline is not there for them),
the outsider included, as for a single person.
"""

from __future__ import annotations

from rest_framework import generics, serializers

from talentloop.accounts.personas import personas
from talentloop.api.serializers import NamedChoiceField
from talentloop.errors import NotFound
from talentloop.people.access import ProfileAccess
from talentloop.people.models import Employee
from talentloop.people.timeline import KIND_LABELS, Experience, timeline_for


class RatedSkillOut(serializers.Serializer):
    skill = serializers.CharField(source="slug")
    label = serializers.CharField()
    level = serializers.IntegerField(help_text="The proficiency the owner observed, 1 to 5.")


class ExperienceOut(serializers.Serializer):
    kind = NamedChoiceField("ExperienceKind", choices=[(k.value, label) for k, label in KIND_LABELS.items()])
    kind_label = serializers.CharField()
    title = serializers.CharField()
    opportunity = serializers.UUIDField(
        source="opportunity_id", allow_null=True, help_text="The opportunity's public_id, when the viewer may see it."
    )
    owner = serializers.CharField(source="owner_name", help_text="Who ran it; empty for a role change.")
    started_on = serializers.DateField(allow_null=True)
    ended_on = serializers.DateField(allow_null=True, help_text="Completed on; for a role change, the day it took effect.")
    hours = serializers.IntegerField(allow_null=True)
    skills = RatedSkillOut(many=True)
    endorsement = serializers.CharField()
    endorsed_by = serializers.CharField()
    mentored = serializers.IntegerField(allow_null=True, help_text="A mentor's offer: how many mentees completed.")
    detail = serializers.CharField(help_text="A role change: the job title moved from, and the department moved into.")


class PersonTimelineView(generics.GenericAPIView):
    """A person's experiences, newest first: completed gigs, projects, mentoring (as mentee or mentor), job
    shadowing, freelancing, and internal moves into permanent roles, with hours, skills rated and endorsements."""

    serializer_class = ExperienceOut
    filterset_class = None
    queryset = Employee.objects.none()

    def get(self, request, public_id: str):
        p = personas(request)
        employee = Employee.objects.select_related("user").filter(public_id=public_id).first()
        if employee is None or not ProfileAccess(p).view_of(employee).skills:
            raise NotFound("No timeline you may see for this person.")
        experiences: list[Experience] = timeline_for(employee, viewer=p)
        page = self.paginate_queryset(experiences)
        return self.get_paginated_response(ExperienceOut(page, many=True).data)
