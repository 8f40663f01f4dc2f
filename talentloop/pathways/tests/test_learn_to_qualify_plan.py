"""The learn-to-qualify planner alone (no database): the shortest set of items that closes every gap it can."""

from __future__ import annotations

import itertools

import pytest

from talentloop.pathways.plan import Gap, Item, shortest_plan

SQL, PY, STATS = 1, 2, 3


def test_one_course_closes_a_one_step_gap_and_the_shorter_one_wins():
    plan = shortest_plan([Gap(SQL, 1, 2)], [Item(10, 600, False, {SQL: 2}), Item(11, 240, False, {SQL: 3})])
    assert (plan.item_ids, plan.minutes, plan.closes) == ([11], 240, {SQL: [11]})


def test_a_course_aiming_below_the_level_asked_does_not_count():
    plan = shortest_plan([Gap(SQL, 1, 3)], [Item(10, 60, False, {SQL: 2})])
    assert (plan.item_ids, plan.unclosable) == ([], [SQL])


def test_a_two_step_gap_takes_two_courses_or_one_assessment_whichever_is_shorter():
    courses = [Item(10, 120, False, {SQL: 3}), Item(11, 180, False, {SQL: 4})]
    assert shortest_plan([Gap(SQL, 1, 3)], courses).item_ids == [10, 11]
    exam = Item(20, 200, True, {SQL: 3})
    assert shortest_plan([Gap(SQL, 1, 3)], [*courses, exam]).item_ids == [20]


def test_one_item_teaching_two_missing_skills_beats_two_items():
    items = [Item(10, 300, False, {SQL: 2, PY: 2}), Item(11, 200, False, {SQL: 2}), Item(12, 200, False, {PY: 2})]
    plan = shortest_plan([Gap(SQL, 1, 2), Gap(PY, 1, 2)], items)
    assert (plan.item_ids, plan.minutes) == ([10], 300)


def test_gaps_already_closed_need_nothing_and_teaching_comes_before_assessing():
    items = [Item(20, 30, True, {STATS: 4}), Item(10, 60, False, {SQL: 2})]
    plan = shortest_plan([Gap(SQL, 1, 2), Gap(PY, 3, 3), Gap(STATS, 0, 4)], items)
    assert plan.item_ids == [10, 20]
    assert PY not in plan.closes


@pytest.mark.parametrize("seed", range(40))
def test_it_matches_brute_force_on_small_cases(seed):
    import random

    rng = random.Random(seed)
    gaps = [Gap(s, rng.randint(0, 2), rng.randint(2, 4)) for s in range(1, 4)]
    items = [
        Item(i, rng.choice([30, 60, 90, 120, 240]), rng.random() < 0.3,
             {s: rng.randint(1, 5) for s in rng.sample(range(1, 4), rng.randint(1, 2))})
        for i in range(7)
    ]
    plan = shortest_plan(gaps, items)
    closable = [g for g in gaps if g.steps and g.skill_id not in plan.unclosable]

    def closes_all(subset):
        for g in closable:
            got = sum(min(g.steps, g.steps if i.assessing else 1) for i in subset if i.targets.get(g.skill_id, 0) >= g.asked)
            if got < g.steps:
                return False
        return True

    best = min(
        (sum(i.minutes for i in c) for n in range(len(items) + 1) for c in itertools.combinations(items, n) if closes_all(c)),
    )
    assert plan.minutes == best
