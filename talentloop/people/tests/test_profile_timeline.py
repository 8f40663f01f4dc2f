"""The profile's timeline of experiences: completed gigs, projects and mentoring appear like promotions do, with
hours, the skills the owner rated and the endorsement, newest first, in a fixed number of queries."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from talentloop.marketplace.lifecycle import MentorshipDirection
from talentloop.marketplace.lifecycle import OpportunityType as T
from talentloop.people.timeline import ExperienceKind, timeline_for
from talentloop.testing import factories as f
from talentloop.testing import journeys


def _python(org):
    return org.gig.skill_needs.get(skill__slug="python").skill


def _mentorship(owner, direction, title, seats=1):
    return f.OpportunityFactory(owner=owner, type=T.MENTORSHIP, mentorship_direction=direction, title=title, seats=seats)


@pytest.fixture
def history(org):
    """Ada's history, every piece made through the services."""
    python, sql = _python(org), org.gig.skill_needs.get(skill__slug="sql").skill
    journeys.complete(org.gig, org.employee, {python: 4, sql: 3}, hours=24, endorsement="Ada automated the whole report.")
    project = f.OpportunityFactory(owner=org.owner, type=T.PROJECT, title="Forecasting model")
    journeys.complete(project, org.employee, {python: 5}, hours=60)
    # Ada is Olga's mentee; she answers Mo's ask as mentor; she mentors two people herself.
    offer = _mentorship(org.owner, MentorshipDirection.MENTOR_OFFERS, "Finance for engineers")
    journeys.complete(offer, org.employee, {sql: 3}, session_minutes=(60, 90))
    mo = f.EmployeeFactory(user__first_name="Mo", user__last_name="Mentee", open_to_opportunities=True)
    ask = _mentorship(mo, MentorshipDirection.MENTEE_ASKS, "Help me learn Python")
    journeys.complete(ask, org.employee, {python: 4}, endorsement="Patient and clear.", session_minutes=(120,))
    mine = _mentorship(org.employee, MentorshipDirection.MENTOR_OFFERS, "Python for analysts", seats=2)
    for n in range(2):
        mentee = f.EmployeeFactory(user__first_name=f"Mentee{n}", open_to_opportunities=True)
        journeys.complete(mine, mentee, {python: 2}, session_minutes=(45, 45))
    role = f.OpportunityFactory(owner=org.owner, type=T.PERMANENT_ROLE, title="Data engineer opening",
                                role=f.RoleFactory(title="Data engineer"))
    journeys.move_into_role(role, org.employee)
    return {"project": project, "offer": offer, "ask": ask, "mine": mine, "role": role}


def _by_title(timeline):
    return {e.title: e for e in timeline}


def test_a_completed_gig_shows_its_owner_dates_hours_ratings_and_endorsement(org, history):
    gig = _by_title(timeline_for(org.employee, viewer=org.personas(org.employee)))["Automate the month-end report"]
    assert gig.kind == ExperienceKind.GIG
    assert gig.owner_name == "Olga Owner"
    assert gig.opportunity_id == org.gig.public_id
    assert gig.started_on is not None and gig.ended_on is not None and gig.started_on <= gig.ended_on
    assert gig.hours == 24
    assert [(s.label, s.level) for s in gig.skills] == [("Python", 4), ("SQL", 3)]
    assert (gig.endorsement, gig.endorsed_by) == ("Ada automated the whole report.", "Olga Owner")


def test_each_kind_of_experience_is_named_and_mentoring_counts_its_session_hours(org, history):
    entries = _by_title(timeline_for(org.employee))
    assert entries["Forecasting model"].kind == ExperienceKind.PROJECT
    assert entries["Forecasting model"].kind_label == "stretch project"
    as_mentee = entries["Finance for engineers"]
    assert (as_mentee.kind, as_mentee.hours) == (ExperienceKind.MENTEE, 2)  # 150 minutes of sessions
    as_mentor = entries["Help me learn Python"]
    assert (as_mentor.kind, as_mentor.hours, as_mentor.endorsement) == (ExperienceKind.MENTOR, 2, "Patient and clear.")
    assert [(s.label, s.level) for s in as_mentor.skills] == [("Python", 4)]
    mentored = entries["Python for analysts"]
    assert (mentored.kind, mentored.mentored, mentored.hours) == (ExperienceKind.MENTOR, 2, 3)  # two mentees, 90 minutes of sessions each
    assert mentored.skills == () and mentored.endorsement == ""  # the ratings there are the mentees' evidence
    move = entries["Data engineer"]
    assert move.kind == ExperienceKind.ROLE_CHANGE and move.detail.startswith("from Software engineer")
    # The permanent role appears once, as the move; it is never "completed".
    assert "Data engineer opening" not in entries
    assert len(entries) == 6


def test_it_lists_the_newest_first(org, history):
    timeline = timeline_for(org.employee)
    ends = [e.ended_on for e in timeline]
    assert ends == sorted(ends, reverse=True)


def test_the_mentees_see_their_mentoring_under_their_own_name_not_the_mentors_ratings(org, history):
    mentee = history["mine"].applications.first().applicant
    (entry,) = timeline_for(mentee)
    assert (entry.kind, entry.owner_name, entry.hours) == (ExperienceKind.MENTEE, "Ada Lovelace", 2)
    assert [(s.label, s.level) for s in entry.skills] == [("Python", 2)]


def test_the_timeline_takes_the_same_queries_for_one_experience_or_many(org, history):
    few = f.EmployeeFactory(open_to_opportunities=True, manager=org.manager)
    journeys.complete(f.OpportunityFactory(owner=org.owner), few, {_python(org): 3})
    viewer = org.personas(org.manager)
    assert viewer.employee is not None and not viewer.is_talent_admin  # who the viewer is: asked once per request
    with CaptureQueriesContext(connection) as one:
        assert len(timeline_for(few, viewer=viewer)) == 1
    with CaptureQueriesContext(connection) as many:
        assert len(timeline_for(org.employee, viewer=viewer)) == 6
    assert len(one.captured_queries) == len(many.captured_queries) <= 5


def test_titles_link_only_to_opportunities_the_viewer_may_see(org, history):
    history["project"].status = "cancelled"
    history["project"].save()
    entries = _by_title(timeline_for(org.employee, viewer=org.personas(org.manager)))
    assert entries["Forecasting model"].opportunity_id is None
    assert entries["Automate the month-end report"].opportunity_id == org.gig.public_id
    assert all(e.opportunity_id is None for e in timeline_for(org.employee))  # no viewer, no links


def test_the_profile_page_shows_the_experience_section_to_her_manager(org, history, django_assert_max_num_queries):
    client = org.client(org.manager)
    with django_assert_max_num_queries(25):
        response = client.get(f"/people/{org.employee.public_id}/")
    page = response.text
    assert response.status_code == 200
    assert "Experience" in page
    assert f'href="/opportunities/{org.gig.public_id}/"' in page
    assert "Ada automated the whole report." in page and "Python · observed at 4" in page
    assert "mentored 2 people" in page and "role change" in page and "24 hours" in page


def test_the_api_answers_the_same_timeline(org, history):
    response = org.client(org.manager).get(f"/api/v1/people/{org.employee.public_id}/timeline/")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 6
    gig = next(e for e in body["results"] if e["title"] == "Automate the month-end report")
    assert gig["kind"] == "gig" and gig["opportunity"] == str(org.gig.public_id) and gig["owner"] == "Olga Owner"
    assert gig["hours"] == 24 and gig["endorsement"] == "Ada automated the whole report."
    assert gig["skills"] == [{"skill": "python", "label": "Python", "level": 4}, {"skill": "sql", "label": "SQL", "level": 3}]
