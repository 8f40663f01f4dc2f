"""Learn to qualify on an opportunity the person does not fully fit: the gaps, the shortest learning that closes
them (by total duration), shown on the opportunity and in a decline's advice."""

from __future__ import annotations

from talentloop.learning.tests.factories import (
    LearningItemFactory,
    LearningItemSkillFactory,
    LearningRecordFactory,
)
from talentloop.marketplace import services
from talentloop.marketplace.advice import decline_advice, decline_advice_text
from talentloop.marketplace.lifecycle import ApplicationStatus as S
from talentloop.pathways.services import learn_to_qualify
from talentloop.testing import factories as f


def _sql(org):
    return org.gig.skill_needs.get(skill__slug="sql").skill


def test_it_names_the_gaps_and_picks_the_shortest_items_that_close_them(org):
    sql = _sql(org)  # the gig asks SQL 2 (nice to have); Ada holds none
    long = LearningItemFactory(title="SQL bootcamp", duration_minutes=900)
    LearningItemSkillFactory(item=long, skill=sql, target_level=3)
    short = LearningItemFactory(title="SQL in an afternoon", duration_minutes=240)
    LearningItemSkillFactory(item=short, skill=sql, target_level=2)
    exam = LearningItemFactory(title="SQL assessment", kind="assessment", duration_minutes=300)
    LearningItemSkillFactory(item=exam, skill=sql, target_level=2)
    retired = LearningItemFactory(title="Old SQL", duration_minutes=10, is_active=False)
    LearningItemSkillFactory(item=retired, skill=sql, target_level=5)
    plan = learn_to_qualify(org.employee, org.gig)
    [gap] = plan.gaps  # Python 4 meets the 3 asked
    assert (gap.skill.label, gap.held, gap.asked, gap.need) == ("SQL", 0, 2, "nice_to_have")
    # Two steps (0 -> 2): two courses (240 + 900) or one assessment (300): the assessment is shortest.
    assert [i.title for i in plan.items] == ["SQL assessment"] and plan.minutes == 300


def test_items_already_completed_are_left_out_and_a_gap_no_item_reaches_says_so(org):
    sql = _sql(org)
    done = LearningItemFactory(title="SQL assessment", kind="assessment", duration_minutes=60)
    LearningItemSkillFactory(item=done, skill=sql, target_level=2)
    LearningRecordFactory(employee=org.employee, item=done, status="failed")
    other = LearningItemFactory(title="SQL later", kind="assessment", duration_minutes=90)
    LearningItemSkillFactory(item=other, skill=sql, target_level=2)
    LearningRecordFactory(employee=org.employee, item=other, status="passed")
    plan = learn_to_qualify(org.employee, org.gig)
    assert [i.title for i in plan.items] == ["SQL assessment"]  # failed may be retaken; passed is done
    low = f.OpportunityFactory(owner=org.owner)
    f.OpportunitySkillFactory(opportunity=low, skill=f.SkillFactory(slug="cobol", label="COBOL"), level=4)
    assert [(g.skill.label, g.closable) for g in learn_to_qualify(org.employee, low).gaps] == [("COBOL", False)]


def test_the_opportunity_page_shows_learn_to_qualify_to_the_person_only(org):
    item = LearningItemFactory(title="SQL assessment", kind="assessment", duration_minutes=90)
    LearningItemSkillFactory(item=item, skill=_sql(org), target_level=2)
    url = f"/opportunities/{org.gig.public_id}/"
    page = org.client(org.employee).get(url).text
    assert "Learn to qualify" in page and "SQL assessment" in page and "about 1.5 hours in all" in page
    assert "Learn to qualify" not in org.client(org.owner).get(url).text


def test_a_decline_suggests_the_learning_that_closes_each_gap(org):
    item = LearningItemFactory(title="SQL in an afternoon", duration_minutes=240)
    LearningItemSkillFactory(item=item, skill=_sql(org), target_level=2)
    item2 = LearningItemFactory(title="SQL part two", duration_minutes=240)
    LearningItemSkillFactory(item=item2, skill=_sql(org), target_level=3)
    a = services.apply(org.personas(org.employee), org.gig).application
    a = services.move_application(org.personas(org.owner), a, S.DECLINED, "More SQL please")
    [gap] = decline_advice(a)
    assert [i.title for i in gap.learning] == ["SQL in an afternoon", "SQL part two"]
    assert "course “SQL in an afternoon”" in decline_advice_text(a)
    assert "SQL part two" in org.client(org.employee).get("/applications/").text
