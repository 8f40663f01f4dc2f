"""The staffing optimiser: the best total score that seats and hours allow, checked against brute force on small
cases and against the limits on larger ones. Pure numpy/scipy: no database."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from talentloop.matching.optimiser import (
    DEFAULT_MIP_REL_GAP,
    StaffingProblem,
    StaffingResult,
    greedy,
    solve,
    validate,
)


def problem(
    seats: list[int],
    opp_hours: list[int],
    person_hours: list[int],
    pairs: list[tuple[int, int, float]],
    person_group: list[int] | None = None,
    min_share: dict[int, float] | None = None,
) -> StaffingProblem:
    """A hand-built problem from (opportunity, person, score) triples."""
    return StaffingProblem(
        seats=np.array(seats, dtype=np.int64),
        opp_hours=np.array(opp_hours, dtype=np.int64),
        person_hours=np.array(person_hours, dtype=np.int64),
        pair_opp=np.array([o for o, _, _ in pairs], dtype=np.int64),
        pair_person=np.array([i for _, i, _ in pairs], dtype=np.int64),
        pair_score=np.array([s for _, _, s in pairs], dtype=float),
        person_group=None if person_group is None else np.array(person_group, dtype=np.int64),
        min_share=min_share,
    )


def random_problem(
    rng: np.random.Generator, opportunities: int, people: int, per_opportunity: int, *, shares: bool = False
) -> StaffingProblem:
    """Each opportunity lists a random handful of distinct people; hours include 0 (a move, not spare time)."""
    pair_opp = np.repeat(np.arange(opportunities), per_opportunity)
    pair_person = np.concatenate([rng.choice(people, per_opportunity, replace=False) for _ in range(opportunities)])
    return StaffingProblem(
        seats=rng.integers(0, 4, opportunities),
        opp_hours=rng.integers(0, 9, opportunities),
        person_hours=rng.integers(0, 13, people),
        pair_opp=pair_opp,
        pair_person=pair_person,
        pair_score=rng.random(len(pair_opp)).round(3),
        person_group=rng.integers(0, 3, people) if shares else None,
        min_share={1: float(rng.choice([0.2, 0.4, 0.6]))} if shares else None,
    )


def brute_force_best(p: StaffingProblem) -> float:
    """The best total score over every subset of pairs that keeps within seats, hours and shares."""
    n_pairs = len(p.pair_opp)
    chosen = ((np.arange(2**n_pairs)[:, None] >> np.arange(n_pairs)) & 1).astype(float)  # one row per subset
    seats_used = chosen @ np.eye(len(p.seats))[p.pair_opp]
    hours_used = chosen @ (np.eye(len(p.person_hours))[p.pair_person] * p.opp_hours[p.pair_opp][:, None])
    ok = (seats_used <= p.seats).all(axis=1) & (hours_used <= p.person_hours).all(axis=1)
    for group, share in (p.min_share or {}).items():
        assert p.person_group is not None
        in_group = chosen @ (p.person_group[p.pair_person] == group)
        ok &= in_group >= share * chosen.sum(axis=1) - 1e-9
    return float((chosen @ p.pair_score)[ok].max())  # the empty subset is always allowed


def assert_within_limits(p: StaffingProblem, result: StaffingResult) -> None:
    chosen = result.pair_index
    assert len(np.unique(chosen)) == len(chosen)
    assert ((chosen >= 0) & (chosen < len(p.pair_opp))).all()
    seats_used = np.bincount(p.pair_opp[chosen], minlength=len(p.seats))
    hours_used = np.bincount(p.pair_person[chosen], weights=p.opp_hours[p.pair_opp[chosen]], minlength=len(p.person_hours))
    assert (seats_used <= p.seats).all(), "an opportunity got more people than seats"
    assert (hours_used <= p.person_hours).all(), "a person was booked for more hours than they have"
    assert result.total_score == pytest.approx(float(p.pair_score[chosen].sum()))


def test_it_matches_a_brute_force_optimum_on_small_cases() -> None:
    rng = np.random.default_rng(2026)
    for case in range(200):
        # Dense enough that people compete for seats and busy people for their own hours.
        opportunities, people = int(rng.integers(1, 5)), int(rng.integers(2, 6))
        every_pair = [(o, i) for o in range(opportunities) for i in range(people)]
        n_pairs = int(rng.integers((len(every_pair) + 1) // 2, min(12, len(every_pair)) + 1))
        picked = [every_pair[k] for k in rng.choice(len(every_pair), n_pairs, replace=False)]
        with_shares = case % 3 == 0
        p = problem(
            seats=rng.choice([0, 1, 1, 2], opportunities).tolist(),
            opp_hours=rng.integers(0, 9, opportunities).tolist(),
            person_hours=rng.integers(2, 11, people).tolist(),
            pairs=[(o, i, float(s)) for (o, i), s in zip(picked, rng.random(n_pairs).round(3), strict=True)],
            person_group=rng.integers(0, 2, people).tolist() if with_shares else None,
            min_share={1: float(rng.choice([0.25, 0.5, 0.75]))} if with_shares else None,
        )
        result = solve(p)
        best = brute_force_best(p)
        assert result.status in {"optimal", "infeasible"}, (case, result.message)
        assert best * (1 - DEFAULT_MIP_REL_GAP) - 1e-9 <= result.total_score <= best + 1e-9, (case, result.message)
        assert_within_limits(p, result)


def test_it_never_exceeds_seats_or_hours_on_larger_cases() -> None:
    rng = np.random.default_rng(7)
    for case in range(8):
        p = random_problem(rng, opportunities=40, people=200, per_opportunity=15, shares=case % 2 == 1)
        result = solve(p)
        assert result.status == "optimal", result.message
        assert_within_limits(p, result)
        if p.min_share:
            groups = p.person_group[p.pair_person[result.pair_index]]
            for group, share in p.min_share.items():
                assert (groups == group).sum() >= share * len(result.pair_index) - 1e-9


def test_the_greedy_baseline_is_never_better_and_keeps_the_limits_too() -> None:
    rng = np.random.default_rng(11)
    for _ in range(8):
        p = random_problem(rng, opportunities=40, people=200, per_opportunity=15)
        best, baseline = solve(p), greedy(p)
        assert baseline.status == "heuristic"
        assert_within_limits(p, baseline)
        assert baseline.total_score <= best.total_score + 1e-9


def test_it_trades_score_for_a_minimum_share() -> None:
    # Two one-seat gigs; the best people for both are in group 0, the runners-up in group 1.
    p = problem(
        seats=[1, 1],
        opp_hours=[4, 4],
        person_hours=[8, 8, 8, 8],
        pairs=[(0, 0, 0.9), (0, 2, 0.7), (1, 1, 0.8), (1, 3, 0.4)],
        person_group=[0, 0, 1, 1],
    )
    free = solve(p)
    assert free.total_score == pytest.approx(1.7)
    assert set(free.pair_index.tolist()) == {0, 2}

    half = solve(replace(p, min_share={1: 0.5}))
    assert half.status == "optimal"
    assert half.total_score == pytest.approx(1.5)  # 0.7 + 0.8 beats 0.9 + 0.4
    assert set(half.pair_index.tolist()) == {1, 2}


def test_it_reports_infeasible_when_a_minimum_share_cannot_be_met() -> None:
    # Group 1's only candidate has 2 free hours and the gig needs 6.
    p = problem(
        seats=[2],
        opp_hours=[6],
        person_hours=[10, 2],
        pairs=[(0, 0, 0.9), (0, 1, 0.8)],
        person_group=[0, 1],
        min_share={1: 0.3},
    )
    result = solve(p)
    assert result.status == "infeasible"
    assert len(result.pair_index) == 0
    assert "group 1" in result.message

    over = solve(replace(p, person_hours=np.array([10, 10]), min_share={0: 0.6, 1: 0.6}))
    assert over.status == "infeasible"
    assert "more than 100%" in over.message


def test_it_drops_pairs_that_need_more_hours_than_the_person_has() -> None:
    p = problem(seats=[1, 1], opp_hours=[8, 2], person_hours=[6], pairs=[(0, 0, 1.0), (1, 0, 0.1)])
    result = solve(p)
    assert result.pair_index.tolist() == [1]
    assert "1 dropped" in result.message


def test_it_fits_gigs_into_a_persons_hours_like_a_knapsack() -> None:
    # Ten free hours: the 8-hour and 2-hour gigs (0.9 + 0.5) beat two 5-hour ones only if the sums say so.
    p = problem(
        seats=[1, 1, 1, 1],
        opp_hours=[8, 2, 5, 5],
        person_hours=[10],
        pairs=[(0, 0, 0.9), (1, 0, 0.5), (2, 0, 0.8), (3, 0, 0.7)],
    )
    result = solve(p)
    assert result.total_score == pytest.approx(1.5)
    assert set(result.pair_index.tolist()) == {2, 3}
    assert greedy(p).total_score == pytest.approx(1.4)  # takes the 0.9 first and then only the 2-hour gig fits


def test_it_sets_aside_a_busy_candidate_outranked_by_one_with_time_to_spare() -> None:
    # Ann (0) has time for gig 0 and nothing else; Bo (1) is on both gigs but has hours for only one of them.
    p = problem(
        seats=[1, 1],
        opp_hours=[5, 8],
        person_hours=[10, 8],
        pairs=[(0, 0, 0.8), (0, 1, 0.7), (1, 1, 0.9)],
    )
    result = solve(p)
    assert "1 outranked" in result.message
    assert set(result.pair_index.tolist()) == {0, 2}
    assert result.total_score == pytest.approx(brute_force_best(p))


def test_with_a_minimum_share_only_someone_of_the_same_group_outranks() -> None:
    # Bo (1, group 1) must take gig 0 to meet the share, although Ann (0, group 0) outranks him there.
    p = problem(
        seats=[1, 1],
        opp_hours=[5, 8],
        person_hours=[10, 8, 10],
        pairs=[(0, 0, 0.8), (0, 1, 0.7), (1, 1, 0.3), (1, 2, 0.95)],
        person_group=[0, 1, 0],
        min_share={1: 0.5},
    )
    result = solve(p)
    assert set(result.pair_index.tolist()) == {1, 3}
    assert result.total_score == pytest.approx(1.65)
    assert brute_force_best(p) == pytest.approx(1.65)


def test_an_empty_problem_gives_an_empty_optimal_result() -> None:
    empty = problem(seats=[], opp_hours=[], person_hours=[], pairs=[])
    for result in (solve(empty), greedy(empty)):
        assert result.pair_index.shape == (0,)
        assert result.total_score == 0.0
    assert solve(empty).status == "optimal"


def test_zero_scores_are_a_valid_problem() -> None:
    p = problem(seats=[1], opp_hours=[2], person_hours=[4, 4], pairs=[(0, 0, 0.0), (0, 1, 0.0)])
    result = solve(p)
    assert result.status == "optimal"
    assert result.total_score == 0.0
    assert_within_limits(p, result)


def test_a_time_limited_run_keeps_the_limits_and_is_never_worse_than_greedy() -> None:
    p = random_problem(np.random.default_rng(3), opportunities=300, people=1500, per_opportunity=30)
    result = solve(p, time_limit=0.001)
    assert result.status in {"optimal", "time_limit"}
    assert "time limit 0.001 s" in result.message
    assert_within_limits(p, result)
    assert result.total_score >= greedy(p).total_score - 1e-9


GOOD = problem(
    seats=[1, 2],
    opp_hours=[4, 2],
    person_hours=[8, 6, 0],
    pairs=[(0, 0, 0.5), (0, 1, 0.7), (1, 2, 0.2)],
    person_group=[0, 1, 1],
    min_share={1: 0.5},
)


@pytest.mark.parametrize(
    ("field", "change"),
    [
        ("seats", {"seats": np.array([1, -1])}),
        ("seats", {"seats": np.array([1.0, 2.0])}),
        ("seats", {"seats": np.array([[1, 2]])}),
        ("opp_hours", {"opp_hours": np.array([4])}),
        ("opp_hours", {"opp_hours": np.array([4, -2])}),
        ("person_hours", {"person_hours": np.array([8, -6, 0])}),
        ("pair_opp", {"pair_opp": np.array([0, 0, 2])}),
        ("pair_person", {"pair_person": np.array([0, 1])}),
        ("pair_person", {"pair_person": np.array([0, 1, 3])}),
        ("pair_score", {"pair_score": np.array([0.5, 1.2, 0.2])}),
        ("pair_score", {"pair_score": np.array([0.5, np.nan, 0.2])}),
        ("pair_score", {"pair_score": np.array([0.5, -0.1, 0.2])}),
        ("pair_score", {"pair_score": np.array([0.5, 0.7])}),
        ("pair_score", {"pair_score": np.array(["a", "b", "c"])}),
        ("pair_opp/pair_person", {"pair_opp": np.array([0, 0, 0]), "pair_person": np.array([0, 1, 1])}),
        ("person_group", {"person_group": np.array([0, 1])}),
        ("min_share", {"person_group": None}),
        ("min_share", {"min_share": {1: 1.5}}),
        ("min_share", {"min_share": {"1": 0.5}}),
    ],
)
def test_validate_rejects_bad_input_naming_the_field(field: str, change: dict) -> None:
    bad = replace(GOOD, **change)
    with pytest.raises(ValueError, match=f"^{field}:"):
        validate(bad)
    with pytest.raises(ValueError, match=f"^{field}:"):
        solve(bad)


def test_validate_accepts_a_sound_problem() -> None:
    validate(GOOD)


def test_it_rejects_a_time_limit_that_is_not_positive() -> None:
    with pytest.raises(ValueError, match=r"^time_limit:"):
        solve(GOOD, time_limit=0)
