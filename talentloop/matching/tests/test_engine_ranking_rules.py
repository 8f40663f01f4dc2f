"""The matching rules on small hand-built organisations: pure engine, no database."""

from __future__ import annotations

import pytest

from talentloop.matching.engine import (
    CandidateQuery,
    Filters,
    MatchIndex,
    Need,
    OpportunityRecord,
    PersonRecord,
    Weights,
    gini,
)

PY, SQL, PG, K8S, DOCKER, EXCEL = 1, 2, 3, 4, 5, 6


def person(pid, skills=None, **kw):
    base = {"weekly_hours": 8, "work_mode": "remote", "location_id": 1, "department_id": 1, "open_to_opportunities": True}
    return PersonRecord(id=pid, skills=skills or {}, **(base | kw))


def opp(oid, needs, **kw):
    base = {"type": "gig", "owner_id": 999, "department_id": 2, "hours": 4, "work_mode": "remote", "location_id": None}
    return OpportunityRecord(id=oid, needs=tuple(Need(*n) for n in needs), **(base | kw))


def index(people=(), opps=(), related=()):
    ix = MatchIndex(related=related)
    for p in people:
        ix.upsert_person(p)
    for o in opps:
        ix.upsert_opportunity(o)
    return ix


def ranked(matches):
    return [m.opportunity_id for m in matches]


def test_an_exact_skill_fit_outranks_a_partial_one():
    ix = index([person(1, {PY: (3, True)})], [opp(10, [(PY, "required", 3)]), opp(11, [(PY, "required", 5)])])
    feed = ix.feed(1)
    assert ranked(feed) == [10, 11]
    assert feed[0].explanation.components["fit"] == 1.0
    assert feed[1].explanation.components["fit"] == pytest.approx(0.6)
    assert [m.skill_id for m in feed[1].explanation.partial] == [PY]


def test_verified_evidence_outranks_self_declared_at_the_same_level():
    ix = index([person(1, {PY: (3, True)}), person(2, {PY: (3, False)})], [opp(10, [(PY, "required", 3)])])
    cands = ix.candidates(10)
    assert [m.person_id for m in cands] == [1, 2]
    assert cands[0].explanation.components["fit"] == 1.0
    assert cands[1].explanation.components["fit"] == pytest.approx(Weights().unverified)


def test_growth_toward_an_aspiration_lifts_a_stretch_gig_above_one_that_teaches_nothing():
    me = person(1, {PY: (3, True)}, grow_skills=frozenset({K8S}))
    stretch = opp(10, [(PY, "required", 3), (K8S, "growth", 2)])
    plain = opp(11, [(PY, "required", 3), (EXCEL, "growth", 2)])
    feed = index([me], [plain, stretch]).feed(1)
    assert ranked(feed) == [10, 11]
    assert feed[0].explanation.growth_skills == [K8S]
    assert feed[0].explanation.components["fit"] == feed[1].explanation.components["fit"]


def test_related_skills_earn_partial_credit_and_say_through_what():
    ix = index([person(1, {DOCKER: (4, True)})], [opp(10, [(K8S, "required", 3)])], related=[(DOCKER, K8S, 0.6)])
    m = ix.feed(1)[0]
    (item,) = m.explanation.partial
    assert (item.skill_id, item.via_skill_id, item.via_weight) == (K8S, DOCKER, pytest.approx(0.6))
    assert item.credit == pytest.approx(0.6)
    assert m.explanation.components["fit"] == pytest.approx(0.6)


def test_missing_skills_are_listed_and_nice_to_have_weighs_less():
    ix = index([person(1, {PY: (3, True)})], [opp(10, [(PY, "required", 3), (SQL, "nice_to_have", 2)])])
    e = ix.feed(1)[0].explanation
    assert [x.skill_id for x in e.matched] == [PY] and [x.skill_id for x in e.missing] == [SQL]
    assert e.components["fit"] == pytest.approx(1.0 / 1.4, abs=1e-4)


def test_preferences_lift_wanted_types_and_work_modes():
    me = person(1, {PY: (3, True)}, wanted_types=frozenset({"mentorship"}), wanted_modes=frozenset({"remote"}))
    ix = index([me], [opp(10, [(PY, "required", 3)], type="gig"), opp(11, [(PY, "required", 3)], type="mentorship")])
    feed = ix.feed(1)
    assert ranked(feed) == [11, 10]
    assert feed[0].explanation.preference_hits == ["type: mentorship", "work mode: remote"]


@pytest.mark.parametrize(
    ("description", "who", "what"),
    [
        ("closed", person(1), opp(10, [(PY, "required", 1)], is_open=False)),
        ("no free seat", person(1), opp(10, [(PY, "required", 1)], seats_free=0)),
        ("own opportunity", person(1), opp(10, [(PY, "required", 1)], owner_id=1)),
        ("too few hours", person(1, weekly_hours=2), opp(10, [(PY, "required", 1)], hours=4)),
        ("on site elsewhere", person(1, location_id=1), opp(10, [(PY, "required", 1)], work_mode="onsite", location_id=2)),
        ("ended", person(1), opp(10, [(PY, "required", 1)], end_day=100)),
        ("already applied", person(1, applied=frozenset({10})), opp(10, [(PY, "required", 1)])),
    ],
)
def test_every_hard_filter_excludes(description, who, what):
    ix = index([who], [what])
    assert ix.feed(1, today=200) == [], description
    if description not in {"closed", "no free seat", "ended"}:
        assert ix.candidates(10) == [], description


def test_hard_filters_that_do_not_apply_let_the_match_through():
    ix = index(
        [person(1, weekly_hours=2, location_id=1, open_to_relocation=True)],
        [opp(10, [(PY, "required", 1)], type="permanent_role", hours=37, work_mode="onsite", location_id=2)],
    )
    assert ranked(ix.feed(1, today=200)) == [10]


def test_people_who_opted_out_or_left_never_appear_to_owners():
    ix = index(
        [person(1, {PY: (5, True)}, open_to_opportunities=False), person(2, {PY: (5, True)}, active=False), person(3, {PY: (1, False)})],
        [opp(10, [(PY, "required", 3)])],
    )
    assert [m.person_id for m in ix.candidates(10, k=50)] == [3]


def test_a_free_query_filters_candidates_by_level_hours_and_work_mode():
    ix = index(
        [
            person(1, {K8S: (3, True)}, weekly_hours=8, work_mode="remote"),
            person(2, {K8S: (2, True)}, weekly_hours=8, work_mode="remote"),
            person(3, {K8S: (4, True)}, weekly_hours=4, work_mode="remote"),
            person(4, {K8S: (4, True)}, weekly_hours=10, work_mode="onsite"),
        ],
        [opp(10, [(K8S, "required", 3)], hours=2)],
    )
    q = CandidateQuery(skills=((K8S, 3),), min_hours=8, work_mode="remote")
    assert [m.person_id for m in ix.candidates(10, query=q)] == [1]


def test_browse_filters_apply_to_the_feed():
    ix = index([person(1, {PY: (3, True)})], [opp(10, [(PY, "required", 3)], type="gig"), opp(11, [(SQL, "required", 1)], type="project", hours=2)])
    assert ranked(ix.feed(1, filters=Filters(types=frozenset({"project"})))) == [11]
    assert ranked(ix.feed(1, filters=Filters(skill_ids=frozenset({PY})))) == [10]
    assert ranked(ix.feed(1, filters=Filters(max_hours=2))) == [11]
    assert ranked(ix.feed(1, filters=Filters(only=frozenset({11})))) == [11]


def test_an_incremental_update_changes_the_very_next_ranking():
    ix = index([person(1, {PY: (2, False)})], [opp(10, [(PY, "required", 3)]), opp(11, [(SQL, "required", 3)])])
    assert ranked(ix.feed(1)) == [10, 11]
    ix.upsert_person(person(1, {SQL: (4, True)}))
    assert ranked(ix.feed(1)) == [11, 10]
    ix.upsert_opportunity(opp(10, [(SQL, "required", 2)], hours=3))
    feed = ix.feed(1)
    assert {m.opportunity_id for m in feed} == {10, 11} and feed[0].explanation.components["fit"] == 1.0
    ix.upsert_opportunity(opp(11, [(SQL, "required", 3)], is_open=False))
    assert ranked(ix.feed(1)) == [10]


def test_many_edits_compact_the_needs_without_changing_results():
    ix = index([person(1, {PY: (3, True)})], [opp(i, [(PY, "required", 3)]) for i in range(50)])
    for _ in range(200):
        for i in range(50):
            ix.upsert_opportunity(opp(i, [(PY, "required", 1 + i % 5)]))
    assert ix.e.dead < ix.e.size
    feed = ix.feed(1, k=50)
    assert len(feed) == 50 and feed[0].explanation.components["fit"] == 1.0


def test_diversification_spreads_exposure_across_equally_good_people():
    people = [person(i, {PY: (4, True)}) for i in range(1, 21)]
    opps = [opp(100 + j, [(PY, "required", 3)]) for j in range(30)]
    plain, fair = index(people, opps), index(people, opps)
    shown_plain, shown_fair = {}, {}
    for j in range(30):
        for m in plain.candidates(100 + j, k=3, diversify=False, record_exposure=True):
            shown_plain[m.person_id] = shown_plain.get(m.person_id, 0) + 1
        for m in fair.candidates(100 + j, k=3, diversify=True, record_exposure=True):
            shown_fair[m.person_id] = shown_fair.get(m.person_id, 0) + 1
    everyone = range(1, 21)
    assert gini(shown_fair.get(p, 0) for p in everyone) < gini(shown_plain.get(p, 0) for p in everyone)
    assert len(shown_fair) > len(shown_plain)


def test_busy_people_are_discounted_but_still_listed():
    ix = index([person(1, {PY: (4, True)}, load=3), person(2, {PY: (4, True)})], [opp(10, [(PY, "required", 3)])])
    cands = ix.candidates(10)
    assert [m.person_id for m in cands] == [2, 1]
    assert cands[1].explanation.components["discount"] < 1.0


def test_why_this_match_explains_a_pair_even_when_filtered_out():
    ix = index([person(1, {PY: (3, True)}, applied=frozenset({10}))], [opp(10, [(PY, "required", 3)])])
    assert ix.feed(1) == []
    m = ix.score_pair(1, 10)
    assert m is not None and m.explanation.components["fit"] == 1.0


def test_gini():
    assert gini([1, 1, 1, 1]) == 0.0
    assert gini([0, 0, 0, 4]) == pytest.approx(0.75)
    assert gini([]) == 0.0


def test_the_index_grows_past_its_first_capacity_with_related_skills():
    related = [(1000 + i, 2000 + i, 0.5) for i in range(100)]
    people = [person(i, {1000 + i % 100: (4, True)}) for i in range(300)]
    opps = [opp(5000 + i, [(2000 + i % 100, "required", 4)]) for i in range(200)]
    ix = index(people, opps, related=related)
    m = ix.feed(7, k=1)[0]
    assert m.explanation.partial[0].via_skill_id == 1007
    assert m.explanation.components["fit"] == pytest.approx(0.5)
    top = ix.candidates(5007, k=5)
    assert sorted(m.person_id for m in top[:3]) == [7, 107, 207]
    assert [m.explanation.components["fit"] for m in top] == [0.5, 0.5, 0.5, 0.0, 0.0]


def test_ties_are_broken_the_same_way_whatever_the_page_size():
    import numpy as np

    from talentloop.matching.engine import _top

    rng = np.random.default_rng(1)
    for _ in range(300):
        values = rng.integers(0, 4, size=40).astype(float)
        full = sorted(range(40), key=lambda i: (-values[i], i))
        for k in (1, 5, 13, 40):
            assert _top(values, k) == full[:k]
