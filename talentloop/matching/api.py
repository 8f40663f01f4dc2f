"""API for matching: the employee's "for you" feed, "why this match" for one opportunity, hidden talent for an
opportunity's owner, and the staffing optimiser for talent admins (a proposal, then its invitations).

Every explanation is matching.services.ExplainedMatch.as_dict(); candidate explanations and profiles carry
only what ProfileAccess lets the viewer see.
"""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import generics, permissions, serializers
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

from talentloop.accounts.personas import personas
from talentloop.api.serializers import NamedChoiceField, PersonRef, Ref, SlugRef, StrictSerializer
from talentloop.marketplace.access import visible_opportunities
from talentloop.marketplace.api import ApiOpportunityFilter, OpportunitySerializer, opportunity_queryset
from talentloop.marketplace.models import Opportunity, SkillNeed, TypeChoices
from talentloop.matching import hidden_talent, services, staffing
from talentloop.matching.forms import feed_params
from talentloop.people.access import ProfileAccess
from talentloop.people.api import PersonSerializer, with_profile_data
from talentloop.people.models import Department, Employee, WorkMode

FEED_PAGE_SIZE = 20
FEED_MAX_PAGE_SIZE = 50

# --- explanations --------------------------------------------------------------------------------------------


class SkillLineOut(serializers.Serializer):
    skill = serializers.CharField(help_text="The skill's label.")
    need = serializers.ChoiceField(choices=SkillNeed.choices)
    asked = serializers.IntegerField(help_text="Level asked, 1 to 5.")
    held = serializers.IntegerField(allow_null=True, help_text="The person's level of the skill itself; null if none (or not shared).")
    verified = serializers.BooleanField(help_text="The level is backed by verified evidence.")
    credit = serializers.FloatField(help_text="Share of the skill's weight earned, 0 to 1.")
    via = serializers.CharField(allow_null=True, help_text="Partial credit through this related skill.")
    via_level = serializers.IntegerField(allow_null=True)
    via_weight = serializers.FloatField(allow_null=True, help_text="How much the related skill counts for the one asked.")
    evidence = serializers.ListField(child=serializers.CharField(), help_text="Evidence sources of the level held.")


class MatchOut(serializers.Serializer):
    score = serializers.FloatField()
    components = serializers.DictField(
        child=serializers.FloatField(),
        help_text="fit, growth, preference for the employee's side; fit, interest, availability, discount for the owner's.",
    )
    weights = serializers.DictField(child=serializers.FloatField(), help_text="The weight of each component in the score.")
    matched = SkillLineOut(many=True, help_text="Skills asked and fully covered.")
    partial = SkillLineOut(many=True, help_text="Skills covered in part: a lower level, or through a related skill.")
    missing = SkillLineOut(many=True, help_text="Skills asked and not covered.")
    growth = serializers.ListField(child=serializers.CharField(), help_text="Its skills the person wants to grow.")
    preference_hits = serializers.ListField(child=serializers.CharField(), help_text='e.g. "type: gig", "work mode: remote".')


# --- the feed ------------------------------------------------------------------------------------------------


@extend_schema_field(MatchOut)
class MatchField(serializers.Field):
    """An explanation is already plain JSON data (ExplainedMatch.as_dict): pass it through instead of walking
    MatchOut's nested serializers for every skill line (the documented shape is MatchOut's)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def to_representation(self, value):
        return value.as_dict() if hasattr(value, "as_dict") else value


class FeedItemOut(OpportunitySerializer):
    match = MatchField(help_text="Why this opportunity is in the feed.")

    class Meta(OpportunitySerializer.Meta):
        fields = [*OpportunitySerializer.Meta.fields, "match"]
        read_only_fields = fields


class FeedPageOut(serializers.Serializer):
    count = serializers.IntegerField(help_text="Opportunities in the whole feed with these filters.")
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = FeedItemOut(many=True)


class FeedQuery(serializers.Serializer):
    page = serializers.IntegerField(min_value=1, default=1)
    page_size = serializers.IntegerField(min_value=1, max_value=FEED_MAX_PAGE_SIZE, default=FEED_PAGE_SIZE)


FILTER_PARAMETERS = [
    OpenApiParameter("q", OpenApiTypes.STR, description="Words in the title, description or skills."),
    OpenApiParameter("type", OpenApiTypes.STR, many=True, enum=TypeChoices.values, explode=True),
    OpenApiParameter("skill", OpenApiTypes.STR, many=True, explode=True, description="Skill slug; opportunities asking for it."),
    OpenApiParameter("department", OpenApiTypes.STR, description="Department slug."),
    OpenApiParameter("location", OpenApiTypes.STR, description="Location slug."),
    OpenApiParameter("work_mode", OpenApiTypes.STR, many=True, enum=WorkMode.values, explode=True),
    OpenApiParameter("min_hours", OpenApiTypes.INT, description="At least this many hours a week."),
    OpenApiParameter("max_hours", OpenApiTypes.INT, description="At most this many hours a week."),
]


class MyFeedView(generics.GenericAPIView):
    """The signed-in employee's "for you" feed: open opportunities ranked by the two-sided match score, each with
    its explanation. The filters are those of GET /opportunities/ (status aside: the feed is open ones only)."""

    serializer_class = FeedPageOut
    pagination_class = None
    filter_backends: list = []

    @extend_schema(parameters=[*FILTER_PARAMETERS, FeedQuery], responses={200: FeedPageOut})
    def get(self, request):
        p = personas(request)
        if p.employee is None:
            raise NotFound("You have no employee profile.")
        query = FeedQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        number, size = query.validated_data["page"], query.validated_data["page_size"]
        filterset = ApiOpportunityFilter(request.query_params, queryset=Opportunity.objects.none(), request=request)
        if not filterset.is_valid():
            raise ValidationError(filterset.errors)
        filters = services.filters_from(feed_params(filterset.form.cleaned_data))
        items, total = services.feed(
            p, filters=filters, k=size, offset=(number - 1) * size, queryset=opportunity_queryset(p)
        )
        results = []
        for item in items:
            item.opportunity.match = item.match
            results.append(item.opportunity)
        url = request.build_absolute_uri()
        has_next = number * size < total
        previous = None
        if number > 1:
            previous = remove_query_param(url, "page") if number == 2 else replace_query_param(url, "page", number - 1)
        data = {
            "count": total,
            "next": replace_query_param(url, "page", number + 1) if has_next else None,
            "previous": previous,
            "results": FeedItemOut(results, many=True, context={"request": request, "personas": p}).data,
        }
        return Response(data)


class OpportunityMatchView(generics.GenericAPIView):
    """Why this opportunity matches the signed-in employee (their own opportunities have nothing to explain)."""

    serializer_class = MatchOut

    @extend_schema(responses={200: MatchOut, 404: OpenApiResponse(description="No such opportunity, or nothing to explain.")})
    def get(self, request, public_id):
        p = personas(request)
        opportunity = visible_opportunities(p).filter(public_id=public_id).first()
        if opportunity is None:
            raise NotFound("No such opportunity.")
        match = services.why(p, opportunity)
        if match is None:
            raise NotFound("Nothing to explain: it is your own opportunity, you have no employee profile, or it is not open.")
        return Response(match.as_dict())


# --- hidden talent ---------------------------------------------------------------------------------------------


class CandidateOut(PersonSerializer):
    """A candidate as the viewer may see them (see /people/), with the match from the owner's side."""

    match = MatchField()
    application_status = serializers.CharField(allow_null=True, help_text="A live application's status (e.g. invited), if any.")

    def to_representation(self, candidate: hidden_talent.Candidate) -> dict:
        out = super().to_representation(candidate.employee)
        out["match"] = candidate.match.as_dict()
        out["application_status"] = candidate.status
        return out


class CandidatesOut(serializers.Serializer):
    opportunity = serializers.UUIDField()
    q = serializers.CharField(help_text="The free query, as sent.")
    understood = serializers.ListField(child=serializers.CharField(), help_text="What the query asked, as understood.")
    not_understood = serializers.ListField(child=serializers.CharField(), help_text="Parts of the query that were ignored.")
    results = CandidateOut(many=True)


class CandidatesQuery(serializers.Serializer):
    q = serializers.CharField(
        required=False, allow_blank=True, max_length=500, default="",
        help_text='A free query, e.g. "Kubernetes at level 3 or more, 8 free hours a week, remote".',
    )
    limit = serializers.IntegerField(min_value=1, max_value=hidden_talent.MAX_LIMIT, default=hidden_talent.DEFAULT_LIMIT)


class CandidatesView(generics.GenericAPIView):
    """Hidden talent: people who opted in to opportunities, ranked for this opportunity and explained from the
    owner's side. Only its owner and talent admins (403 for anyone else)."""

    serializer_class = CandidatesOut

    @extend_schema(
        parameters=[CandidatesQuery],
        responses={200: CandidatesOut, 403: OpenApiResponse(description="Not the owner or a talent admin.")},
    )
    def get(self, request, public_id):
        p = personas(request)
        opportunity = hidden_talent.owned_opportunity(p, public_id)
        query = CandidatesQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        q = query.validated_data["q"].strip()
        result = hidden_talent.search(p, opportunity, q, limit=query.validated_data["limit"])
        # Everything PersonSerializer reads, in a fixed number of queries for the whole list.
        people = with_profile_data(Employee.objects.filter(pk__in=[c.employee.pk for c in result.candidates])).in_bulk()
        candidates = [
            hidden_talent.Candidate(people[c.employee.pk], c.view, c.match, c.status)
            for c in result.candidates if c.employee.pk in people
        ]
        access = ProfileAccess(p)
        return Response({
            "opportunity": opportunity.public_id,
            "q": q,
            "understood": result.parsed.understood if result.parsed else [],
            "not_understood": result.parsed.not_understood if result.parsed else [],
            "results": CandidateOut(candidates, many=True, context={"access": access}).data,
        })


# --- staffing --------------------------------------------------------------------------------------------------


class IsTalentAdmin(permissions.BasePermission):
    message = "Only talent admins can run the staffing optimiser."

    def has_permission(self, request, view) -> bool:
        return personas(request).is_talent_admin


class MinShareIn(StrictSerializer):
    department = SlugRef("department", queryset=Department.objects.all(), help_text="Department slug.")
    share = serializers.FloatField(min_value=0.01, max_value=1, help_text="Minimum share of the proposed seats, e.g. 0.2.")


class ProposalIn(StrictSerializer):
    types = serializers.ListField(
        child=NamedChoiceField("OpportunityType", choices=TypeChoices.choices), required=False, default=list,
        help_text="Opportunity types to staff; all when empty.",
    )
    department = SlugRef(
        "department", queryset=Department.objects.all(), required=False, allow_null=True,
        help_text="Only opportunities of this department.",
    )
    min_share = MinShareIn(required=False, allow_null=True, help_text="At least this share of the seats to people of a department.")
    per_opportunity = serializers.IntegerField(
        min_value=1, max_value=50, default=staffing.PER_OPPORTUNITY, help_text="Candidates taken for each opportunity.",
    )


class AssignmentOut(serializers.Serializer):
    person = PersonRef()
    job_title = serializers.CharField(source="person.job_title")
    department = Ref(source="person.department")
    weekly_hours_available = serializers.IntegerField(source="person.weekly_hours_available")
    score = serializers.FloatField()
    match = MatchField()


class StaffedOut(serializers.Serializer):
    public_id = serializers.UUIDField(source="opportunity.public_id")
    title = serializers.CharField(source="opportunity.title")
    type = NamedChoiceField("OpportunityType", choices=TypeChoices.choices, source="opportunity.type")
    department = Ref(source="opportunity.department")
    hours_per_week = serializers.IntegerField(source="opportunity.hours_per_week")
    seats_free = serializers.IntegerField()
    candidates = serializers.IntegerField(help_text="Candidate pairs the optimiser could choose from.")
    assignments = AssignmentOut(many=True)


class PairIO(StrictSerializer):
    opportunity = serializers.UUIDField(help_text="public_id of an open opportunity.")
    employee = serializers.UUIDField(help_text="public_id of a person open to opportunities.")


class ProposalOut(serializers.Serializer):
    status = serializers.ChoiceField(choices=["optimal", "infeasible", "time_limit"], help_text="The solver's status.")
    message = serializers.CharField()
    seconds = serializers.FloatField()
    total_score = serializers.FloatField()
    seats_free = serializers.IntegerField()
    filled = serializers.IntegerField()
    candidates = serializers.IntegerField(help_text="Distinct people among the candidate pairs.")
    pairs = serializers.IntegerField(help_text="Candidate pairs considered.")
    capped = serializers.BooleanField(help_text=f"More than {staffing.MAX_OPPORTUNITIES} open opportunities matched; the newest were used.")
    share_filled = serializers.IntegerField(help_text="Proposed seats going to people of the min_share department.")
    opportunities = StaffedOut(many=True, help_text="Opportunities that get at least one person.")
    invitations = PairIO(many=True, help_text="The proposal as pairs, ready for POST /staffing/invitations/.")


class InvitationsIn(StrictSerializer):
    pairs = PairIO(many=True, max_length=staffing.MAX_PAIRS, min_length=1)
    message = serializers.CharField(max_length=1000, allow_blank=True, default="", help_text="Sent with each invitation.")


class SkippedOut(serializers.Serializer):
    opportunity = serializers.CharField()
    person = serializers.CharField()
    reason = serializers.CharField()


class InvitationsOut(serializers.Serializer):
    created = serializers.IntegerField(help_text="New invitations.")
    existing = serializers.IntegerField(help_text="Pairs already invited or applied: left as they were.")
    skipped = SkippedOut(many=True, help_text="Pairs not invited, with the reason (e.g. the opportunity closed).")


class StaffingProposalView(generics.GenericAPIView):
    """Run the staffing optimiser over open opportunities (talent admins only). Nothing is stored or sent: the
    answer lists the proposed pairs, which POST /staffing/invitations/ turns into invitations."""

    permission_classes = [permissions.IsAuthenticated, IsTalentAdmin]
    serializer_class = ProposalOut

    @extend_schema(request=ProposalIn, responses={200: ProposalOut})
    def post(self, request):
        data = ProposalIn(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        share = v.get("min_share") or {}
        proposal = staffing.propose(
            personas(request), types=v["types"], department=v.get("department"),
            share_department=share.get("department"), share=share.get("share"), per_opportunity=v["per_opportunity"],
        )
        out = ProposalOut({
            **{f: getattr(proposal, f) for f in ("status", "message", "seconds", "total_score", "seats_free", "filled",
                                                 "candidates", "pairs", "capped", "share_filled")},
            "opportunities": [s for s in proposal.opportunities if s.assignments],
            "invitations": [{"opportunity": o.public_id, "employee": a.person.public_id} for o, a in proposal.chosen],
        })
        return Response(out.data)


class StaffingInvitationsView(generics.GenericAPIView):
    """Invite every pair (talent admins only), each re-checked by the marketplace: the opportunity must still be
    open and the person still open to opportunities. Sending the same pairs again invites no one twice."""

    permission_classes = [permissions.IsAuthenticated, IsTalentAdmin]
    serializer_class = InvitationsOut

    @extend_schema(request=InvitationsIn, responses={200: InvitationsOut})
    def post(self, request):
        data = InvitationsIn(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        summary = staffing.send_invitations(
            personas(request), [(p["opportunity"], p["employee"]) for p in v["pairs"]], v["message"]
        )
        return Response(InvitationsOut(summary).data)

