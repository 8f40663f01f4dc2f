"""The audit page and GET /api/v1/audit/ show the same real figures; bad parameters are named, on the form or in JSON."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from talentloop.fairness.models import Demographic
from talentloop.testing import factories as f

pytestmark = pytest.mark.django_db

MARCH = "start=2026-03-01&end=2026-03-31"


def invited_in_march(org, count: int, sex: str, invited: int) -> None:
    for i in range(count):
        emp = f.EmployeeFactory(user__username=f"{sex}{i}", open_to_opportunities=True)
        Demographic.objects.create(employee=emp, sex=sex, race_ethnicity="asian" if i % 2 else "white")
        if i < invited:
            f.ApplicationFactory(applicant=emp, status="invited", status_changed_at=datetime(2026, 3, 10, tzinfo=UTC))


@pytest.fixture
def invitations(org):
    # Ada (open, no demographic data) is the one unknown. Women: 10 of 20 invited (0.5); men: 20 of 30 (0.667).
    invited_in_march(org, 20, "female", 10)
    invited_in_march(org, 30, "male", 20)
    return org


def test_the_page_shows_rates_ratios_flags_p_values_and_unknowns(invitations):
    page = invitations.client(invitations.talent_admin).get(f"/audit/?{MARCH}&k=10&min_group=10")

    assert page.status_code == 200
    html = page.content.decode()
    report = page.context["report"]
    women = report.stage("invitations").figures.dimension("sex").groups[0]
    assert (women.label, women.count, women.rate) == ("Female", 20, 0.5)
    assert women.impact_ratio == pytest.approx(0.75)
    for text in ("Invitations by sex", "0.500", "0.667", "0.750", "below 0.8", "reference (highest rate)",
                 women.p_value_display, "not significant", "suppressed: fewer than 10 people", "&lt;10",
                 "1 person with unknown data left out", "What the figures mean",
                 "Recommendations are recorded only from the moment candidate lists are served"):
        assert text in html, text
    assert 'value="2026-03-01"' in html


def test_the_api_answers_the_same_figures(invitations):
    body = invitations.client(invitations.talent_admin).get(f"/api/v1/audit/?{MARCH}&k=10&min_group=10").json()

    assert (body["start"], body["end"], body["k"], body["min_group"]) == ("2026-03-01", "2026-03-31", 10, 10)
    stage = next(s for s in body["stages"] if s["stage"] == "invitations")
    assert stage["measure"] == "selection" and stage["population"] == 51 and stage["anyone_selected"]
    sex = next(d for d in stage["dimensions"] if d["dimension"] == "sex")
    assert sex["unknown"] == 1
    women, men, not_listed = sex["groups"]
    assert women["category"] == {"sex": "female"}
    assert (women["count"], women["rate"], women["below_four_fifths"], women["is_reference"]) == (20, 0.5, True, False)
    assert women["impact_ratio"] == pytest.approx(0.75)
    assert women["p_value"] == pytest.approx(0.2575, abs=1e-4) and women["significant"] is False
    assert men["is_reference"] and men["p_value"] is None
    assert not_listed == {
        "category": {"sex": "not_listed"}, "label": "Not listed", "suppressed": True, "count": None, "count_display": "<10",
        "rate": None, "impact_ratio": None, "below_four_fifths": False, "p_value": None, "significant": False,
        "is_reference": False,
    }
    intersection = next(d for d in stage["dimensions"] if d["dimension"] == "intersection")
    female_asian = next(g for g in intersection["groups"] if g["category"] == {"sex": "female", "race_ethnicity": "asian"})
    assert (female_asian["count"], female_asian["rate"]) == (10, 0.5)  # odd-numbered women: 5 of the first 10


@pytest.mark.parametrize("query, field", [
    ("start=2026-04-01&end=2026-03-01", "end"),
    ("start=2020-01-01&end=2026-03-01", "start"),
    ("start=yesterday", "start"),
    ("k=0", "k"),
    ("k=ten", "k"),
    ("min_group=-1", "min_group"),
    ("sex=female", "sex"),
])
def test_bad_parameters_are_a_400_naming_the_field(org, query, field):
    c = org.client(org.talent_admin)

    api = c.get(f"/api/v1/audit/?{query}")
    assert api.status_code == 400
    assert field in api.json()["errors"]

    if field != "sex":  # the page ignores what is not one of its fields
        page = c.get(f"/audit/?{query}")
        assert page.status_code == 400
        assert field in page.context["form"].errors
        assert page.context["report"] is None


def test_its_queries_do_not_grow_with_the_organisation(org):
    c = org.client(org.talent_admin)
    c.get("/audit/")  # warm the session and permission caches

    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert c.get(f"/audit/?{MARCH}").status_code == 200
        return len(ctx.captured_queries)

    small = queries()
    invited_in_march(org, 15, "female", 5)
    assert queries() == small
