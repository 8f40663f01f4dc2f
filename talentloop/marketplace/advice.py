"""The kind, useful part of a decline: which skills the opportunity asked for beyond what the person holds, and the
ways to close each gap: the shortest learning from the catalogue (learn to qualify), mentors who offer the skill,
and stretch opportunities that grow it. The gaps are read from the profile and the opportunity as they are now.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from talentloop.marketplace.lifecycle import MentorshipDirection, OpportunityStatus, OpportunityType
from talentloop.marketplace.models import Application, Opportunity, SkillNeed
from talentloop.skills.models import Proficiency

ROUTES_PER_SKILL = 3


@dataclass
class Gap:
    skill_id: int
    label: str
    need: str
    asked: int
    held: int | None
    mentors: list[Opportunity] = field(default_factory=list)
    stretches: list[Opportunity] = field(default_factory=list)
    learning: list = field(default_factory=list)  # LearningItem: the shortest plan's items for this skill

    @property
    def asked_label(self) -> str:
        return Proficiency(self.asked).label

    @property
    def held_label(self) -> str:
        return Proficiency(self.held).label if self.held else "not on your profile"


def decline_advice(application: Application) -> list[Gap]:
    """The gaps (required skills first, the widest first), each with the shortest learning that closes it, open
    mentorships in the skill and open opportunities where the person would grow it."""
    from talentloop.pathways.services import learn_to_qualify  # pathways reads the marketplace's models

    gaps = [
        Gap(g.skill.pk, g.skill.label, g.need, g.asked, g.held or None, learning=g.items)
        for g in learn_to_qualify(application.applicant, application.opportunity).gaps
    ]
    if not gaps:
        return gaps
    open_elsewhere = (
        Opportunity.objects.filter(status=OpportunityStatus.OPEN).exclude(pk=application.opportunity_id)
        .exclude(owner_id=application.applicant_id).select_related("owner__user").order_by("-published_at")
    )
    for gap in gaps:
        gap.mentors = list(open_elsewhere.filter(
            type=OpportunityType.MENTORSHIP, mentorship_direction=MentorshipDirection.MENTOR_OFFERS, skill_needs__skill_id=gap.skill_id,
        )[:ROUTES_PER_SKILL])
        gap.stretches = list(open_elsewhere.exclude(type__in=[OpportunityType.MENTORSHIP, OpportunityType.PERMANENT_ROLE]).filter(
            skill_needs__skill_id=gap.skill_id, skill_needs__need=SkillNeed.GROWTH,
        )[:ROUTES_PER_SKILL])
    return gaps


def decline_advice_text(application: Application) -> str:
    """The same advice as plain text, for the notification and its email."""
    lines = [f"{application.opportunity.owner.name} wrote: “{application.decision_reason}”" if application.decision_reason else ""]
    gaps = decline_advice(application)
    if not gaps:
        lines.append("Your skills met what was asked; it was a close call. Keep an eye on your feed for the next one.")
    else:
        lines.append("What would make you a stronger fit next time:")
        for g in gaps:
            line = f"- {g.label}: asked {g.asked_label}, you have {g.held_label}."
            routes = (
                [f"{i.get_kind_display()} “{i.title}”" for i in g.learning] + [f"mentoring “{o.title}” by {o.owner.name}" for o in g.mentors]
                + [f"“{o.title}”" for o in g.stretches]
            )
            if routes:
                line += " To grow it: " + "; ".join(routes) + "."
            lines.append(line)
    return "\n".join(x for x in lines if x)
