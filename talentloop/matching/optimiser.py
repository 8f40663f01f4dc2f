"""Staffing optimiser: choose which candidates fill which opportunity seats so the total match score is as high
as possible without overfilling an opportunity or overbooking anyone's weekly hours. Pure numpy/scipy, no Django.

The problem, over the allowed (opportunity, person) pairs with a binary x per pair:

    maximise    sum_p score_p * x_p
    subject to  sum_{p in opportunity o} x_p               <= seats_o          for every opportunity o
                sum_{p of person i} opp_hours_{o(p)} * x_p <= person_hours_i   for every person i
                sum_{p of group g} x_p - share_g * sum_p x_p >= 0              for every g in min_share

A person takes at most one seat per opportunity because each pair appears once and x is binary.

Why a MILP (scipy.optimize.milp, i.e. HiGHS) and not min-cost flow: without the hours and share constraints this
is a bipartite b-matching, a pure flow problem whose LP relaxation is integral. The hours limit breaks that: a
person with 10 free hours can take an 8-hour and a 2-hour gig but not two 8-hour ones, so each person is a
knapsack with unequal weights, which no flow network expresses (and a minimum share is a side constraint on the
whole assignment).

What keeps it fast (10,000 candidates and 2,000 seats in a few seconds), each step exact:
- pairs that can never be taken are dropped, and so are pairs outranked by enough candidates with time to
  spare (_undominated); rows that can never bind are left out;
- conflict rows tell the LP relaxation which gigs cannot share one person's hours (_conflicts), so it stays
  nearly integral even when a few people are on many candidate lists.
HiGHS stops once its assignment is provably within mip_rel_gap of the optimum (1e-4 by default), or at
time_limit, when the best assignment found, or the greedy one if that is better, comes back as "time_limit".

Maximising the total score alone may assign nobody when every score is 0: that is a correct optimum.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from scipy.optimize import Bounds, LinearConstraint, milp

__all__ = ["DEFAULT_MIP_REL_GAP", "StaffingProblem", "StaffingResult", "greedy", "solve", "validate"]

# HiGHS stops once the best assignment found is provably within this fraction of the optimum: 1e-4 of a total
# score in the thousands is a fraction of one pair's score, and proving the last 0.01% can take far longer.
DEFAULT_MIP_REL_GAP = 1e-4

# Tolerance for comparing floating-point share constraints (seat counts and hours are compared exactly).
_SHARE_TOLERANCE = 1e-9


# eq=False: the fields are numpy arrays, so generated __eq__/__hash__ would fail; identity is what callers need.
@dataclass(frozen=True, eq=False)
class StaffingProblem:
    """One staffing round: M opportunities, N candidates and P allowed (opportunity, candidate) pairs."""

    seats: np.ndarray  # (M,) int, seats per opportunity
    opp_hours: np.ndarray  # (M,) int, hours per week each opportunity needs from a person
    person_hours: np.ndarray  # (N,) int, weekly hours each candidate has free
    pair_opp: np.ndarray  # (P,) int, opportunity index of each candidate pair
    pair_person: np.ndarray  # (P,) int, person index of each pair
    pair_score: np.ndarray  # (P,) float in [0, 1]; pairs not listed are not allowed
    person_group: np.ndarray | None = None  # (N,) int group code (e.g. department), optional
    min_share: dict[int, float] | None = None  # group code -> minimum share of all assigned seats, e.g. {3: 0.2}


@dataclass(frozen=True, eq=False)
class StaffingResult:
    """An assignment: the chosen pairs as indices into the problem's pair arrays, ascending.

    status is "optimal" (within the relative gap named in the message), "infeasible" (the minimum shares can only
    be met by assigning nobody), "time_limit" (the best assignment found in time, possibly empty) or, from
    greedy(), "heuristic".
    """

    pair_index: np.ndarray
    total_score: float
    status: str
    seconds: float
    message: str


def validate(problem: StaffingProblem) -> None:
    """Raise ValueError, naming the field first, if the problem is malformed; return None if it is sound."""
    seats = _int_vector(problem.seats, "seats")
    opp_hours = _int_vector(problem.opp_hours, "opp_hours")
    person_hours = _int_vector(problem.person_hours, "person_hours")
    pair_opp = _int_vector(problem.pair_opp, "pair_opp")
    pair_person = _int_vector(problem.pair_person, "pair_person")
    m, n, p = len(seats), len(person_hours), len(pair_opp)
    if len(opp_hours) != m:
        raise ValueError(f"opp_hours: has {len(opp_hours)} entries but seats has {m}")
    if len(pair_person) != p:
        raise ValueError(f"pair_person: has {len(pair_person)} entries but pair_opp has {p}")
    for name, values in (("seats", seats), ("opp_hours", opp_hours), ("person_hours", person_hours)):
        if (values < 0).any():
            raise ValueError(f"{name}: must not be negative")
    if p and (pair_opp.min() < 0 or pair_opp.max() >= m):
        raise ValueError(f"pair_opp: indices must lie in 0..{m - 1}")
    if p and (pair_person.min() < 0 or pair_person.max() >= n):
        raise ValueError(f"pair_person: indices must lie in 0..{n - 1}")

    score = np.asarray(problem.pair_score)
    if score.ndim != 1 or len(score) != p:
        raise ValueError(f"pair_score: must be a vector of {p} entries, one per pair")
    if score.size and not (np.issubdtype(score.dtype, np.integer) or np.issubdtype(score.dtype, np.floating)):
        raise ValueError(f"pair_score: must be real numbers, not {score.dtype}")
    if p and not (np.isfinite(score).all() and score.min() >= 0 and score.max() <= 1):
        raise ValueError("pair_score: every score must be a finite number in [0, 1]")

    if p:
        keys = pair_opp.astype(np.int64) * max(n, 1) + pair_person.astype(np.int64)
        if len(np.unique(keys)) != p:
            raise ValueError("pair_opp/pair_person: a (opportunity, person) pair is listed more than once")

    if problem.person_group is not None:
        groups = _int_vector(problem.person_group, "person_group")
        if len(groups) != n:
            raise ValueError(f"person_group: has {len(groups)} entries but person_hours has {n}")
    if problem.min_share:
        if problem.person_group is None:
            raise ValueError("min_share: needs person_group to say who belongs to which group")
        for group, share in problem.min_share.items():
            if isinstance(group, bool) or not isinstance(group, int | np.integer):
                raise ValueError(f"min_share: group code {group!r} must be an integer")
            if isinstance(share, bool) or not isinstance(share, int | float | np.integer | np.floating):
                raise ValueError(f"min_share: share for group {group} must be a number")
            if not 0 <= share <= 1:
                raise ValueError(f"min_share: share for group {group} must lie in [0, 1], not {share}")


def solve(
    problem: StaffingProblem, *, time_limit: float = 30.0, mip_rel_gap: float = DEFAULT_MIP_REL_GAP
) -> StaffingResult:
    """Assign candidates to seats to maximise the total match score under the seat, hours and share limits.

    time_limit (seconds) and mip_rel_gap are passed to HiGHS. On the time limit the best assignment found so far
    is returned with status "time_limit", or the greedy one when that is better and meets the shares. Raises
    ValueError for a malformed problem (see validate) or a time limit or gap that is not a positive number.
    """
    started = time.perf_counter()
    problem = _normalised(problem)
    if not (isinstance(time_limit, int | float) and time_limit > 0):
        raise ValueError(f"time_limit: must be a positive number of seconds, not {time_limit!r}")
    if not (isinstance(mip_rel_gap, int | float) and 0 <= mip_rel_gap < 1):
        raise ValueError(f"mip_rel_gap: must lie in [0, 1), not {mip_rel_gap!r}")
    settings = f"HiGHS mip_rel_gap {mip_rel_gap:g}, time limit {time_limit:g} s"
    pair_opp, pair_person = problem.pair_opp, problem.pair_person
    seats, opp_hours, person_hours = problem.seats, problem.opp_hours, problem.person_hours

    # A pair can never be chosen if the opportunity needs more hours than the person has, or has no seats.
    usable = (opp_hours[pair_opp] <= person_hours[pair_person]) & (seats[pair_opp] > 0)
    keep = np.flatnonzero(usable)
    dropped = len(pair_opp) - len(keep)
    shares = {int(g): float(s) for g, s in (problem.min_share or {}).items() if s > 0}
    usable_pairs = len(keep)
    keep = _undominated(problem, keep, shares)

    def result(chosen: np.ndarray, status: str, message: str) -> StaffingResult:
        chosen = np.sort(chosen).astype(np.intp)
        return StaffingResult(
            pair_index=chosen,
            total_score=float(problem.pair_score[chosen].sum()),
            status=status,
            seconds=time.perf_counter() - started,
            message=message,
        )

    if len(keep) == 0:
        return result(np.empty(0, np.intp), "optimal", f"nothing to assign: no usable pairs ({dropped} dropped)")
    if shares and sum(shares.values()) > 1 + _SHARE_TOLERANCE:
        return result(np.empty(0, np.intp), "infeasible", _share_names(shares) + " add up to more than 100%")

    model = _model(problem, keep, shares)

    def attempt(at_least_one: bool = False) -> tuple[np.ndarray | None, int, str]:
        remaining = max(0.01, time_limit - (time.perf_counter() - started))
        x, status, message = model.run(remaining, mip_rel_gap, at_least_one=at_least_one)
        return (None if x is None else keep[x > 0.5]), status, message

    chosen, status, solver_message = attempt()
    if chosen is None:  # x = 0 meets every limit, so HiGHS stopped (out of time) before it found any assignment
        chosen = np.empty(0, np.intp)

    if shares and len(chosen) == 0 and status == 0:
        # An empty assignment honours any share (0 >= share * 0), so ask whether any non-empty one does.
        some, some_status, some_message = attempt(at_least_one=True)
        if some is None and some_status == 2:
            return result(chosen, "infeasible", _share_names(shares) + " can only be met by assigning nobody")
        if some is None:
            return result(chosen, "time_limit", f"no assignment meeting the shares found: {some_message} ({settings})")
        # Otherwise a non-empty assignment meets the shares but scores no more than nobody (every score is 0).

    _check_limits(problem, chosen, shares)

    def summary(filled: int) -> str:
        return (
            f"{filled:,} of {int(seats.sum()):,} seats filled from {usable_pairs:,} usable pairs"
            f" ({dropped:,} dropped: too few free hours or no seats; {usable_pairs - len(keep):,} outranked by"
            f" candidates with time to spare); {settings}"
        )

    if status == 0:
        return result(chosen, "optimal", f"optimal within a relative gap of {mip_rel_gap:g}: {summary(len(chosen))}")

    # Out of time (or stopped for another reason): never hand back less than the plain baseline would.
    fallback = greedy(problem).pair_index
    score = problem.pair_score
    if score[fallback].sum() > score[chosen].sum() and (not shares or _shares_met(problem, fallback, shares)):
        message = f"time limit reached; the greedy assignment beat the best one HiGHS found: {summary(len(fallback))}"
        return result(fallback, "time_limit", message)
    stop = "time limit reached" if status == 1 else f"solver stopped early ({solver_message})"
    return result(chosen, "time_limit", f"{stop}, best assignment found: {summary(len(chosen))}")


def greedy(problem: StaffingProblem) -> StaffingResult:
    """The plain baseline: take pairs from the best score down whenever the seat and the hours are still free.

    Minimum shares are not enforced (the message reports whether they happen to be met). Status "heuristic".
    """
    started = time.perf_counter()
    problem = _normalised(problem)
    seats_left = problem.seats.tolist()
    hours_left = problem.person_hours.tolist()
    opp_hours = problem.opp_hours.tolist()
    score = problem.pair_score
    order = np.argsort(-score, kind="stable")  # ties keep the input order, so the result is deterministic
    pair_opp = problem.pair_opp[order].tolist()
    pair_person = problem.pair_person[order].tolist()
    chosen = []
    for k, o, i in zip(order.tolist(), pair_opp, pair_person, strict=True):
        need = opp_hours[o]
        if seats_left[o] > 0 and hours_left[i] >= need:
            seats_left[o] -= 1
            hours_left[i] -= need
            chosen.append(k)
    pair_index = np.sort(np.asarray(chosen, dtype=np.intp))
    message = f"greedy, best pairs first: {len(pair_index):,} of {int(problem.seats.sum()):,} seats filled"
    shares = {int(g): float(s) for g, s in (problem.min_share or {}).items() if s > 0}
    if shares:
        met = _shares_met(problem, pair_index, shares)
        message += f"; minimum shares not enforced ({'met' if met else 'not met'})"
    return StaffingResult(
        pair_index=pair_index,
        total_score=float(score[pair_index].sum()),
        status="heuristic",
        seconds=time.perf_counter() - started,
        message=message,
    )


def _normalised(problem: StaffingProblem) -> StaffingProblem:
    """Validate, then return the same problem with int64 index/limit arrays and float scores."""
    validate(problem)
    return StaffingProblem(
        seats=_int_vector(problem.seats, "seats"),
        opp_hours=_int_vector(problem.opp_hours, "opp_hours"),
        person_hours=_int_vector(problem.person_hours, "person_hours"),
        pair_opp=_int_vector(problem.pair_opp, "pair_opp"),
        pair_person=_int_vector(problem.pair_person, "pair_person"),
        pair_score=np.asarray(problem.pair_score, dtype=float),
        person_group=None if problem.person_group is None else _int_vector(problem.person_group, "person_group"),
        min_share=problem.min_share,
    )


def _int_vector(values: object, name: str) -> np.ndarray:
    array = np.asarray(values)
    if array.ndim != 1:
        raise ValueError(f"{name}: must be a one-dimensional array, got {array.ndim} dimensions")
    if array.size and not np.issubdtype(array.dtype, np.integer):
        raise ValueError(f"{name}: must hold integers, not {array.dtype}")
    return array.astype(np.int64)


@dataclass(frozen=True, eq=False)
class _Model:
    """The MILP over the kept pairs (binary, first) and the helper columns of the conflict rows (continuous)."""

    score: np.ndarray  # (K,) score of each kept pair
    helpers: int  # continuous columns after the K pair columns
    matrix: sp.csr_array | None  # all rows, or None when no limit can bind
    lower: np.ndarray
    upper: np.ndarray

    def run(
        self, time_limit: float, mip_rel_gap: float, *, at_least_one: bool = False
    ) -> tuple[np.ndarray | None, int, str]:
        """Run HiGHS; returns the pair columns of the solution (or None), the scipy status and its message."""
        k = len(self.score)
        n = k + self.helpers
        blocks, lower, upper = [], [self.lower], [self.upper]
        if self.matrix is not None:
            blocks.append(self.matrix)
        if at_least_one:
            blocks.append(sp.csr_array((np.ones(k), (np.zeros(k, np.intp), np.arange(k))), shape=(1, n)))
            lower.append(np.ones(1))
            upper.append(np.full(1, np.inf))
        constraints = None
        if blocks:
            constraints = LinearConstraint(sp.vstack(blocks).tocsr(), np.concatenate(lower), np.concatenate(upper))
        res = milp(
            c=np.concatenate([-self.score, np.zeros(self.helpers)]),
            integrality=np.concatenate([np.ones(k), np.zeros(self.helpers)]),
            bounds=Bounds(0, 1),
            constraints=constraints,
            # HiGHS presolve spends seconds building its clique table on the hours rows and removes little that
            # _model has not already left out; switched off, the benchmark solves 1.5 to 3 times faster.
            options={"time_limit": time_limit, "mip_rel_gap": mip_rel_gap, "presolve": False},
        )
        return (None if res.x is None else res.x[:k]), res.status, res.message


def _undominated(problem: StaffingProblem, keep: np.ndarray, shares: dict[int, float]) -> np.ndarray:
    """The kept pairs less those some optimal assignment does without; exact, and repeated until none is left.

    Call a candidate unhurried when all their remaining pairs fit in their hours together: taking one of them
    never crowds out another. If an opportunity with s seats has s unhurried candidates (of the same group, when
    there are minimum shares) ranked at or above a candidate who is not unhurried, then in any assignment that
    gives that candidate a seat one of the s is left out and can take the seat instead, with no less score and
    every limit still met; so the pair can go. Dropping pairs makes more people unhurried, hence the rounds.
    On the benchmark this sets aside a third of the pairs and halves the solve time.
    """
    if len(keep) == 0:
        return keep
    pair_opp = problem.pair_opp[keep]
    pair_person = problem.pair_person[keep]
    hours = problem.opp_hours[pair_opp].astype(float)
    group = problem.person_group[pair_person] if shares and problem.person_group is not None else np.zeros_like(pair_opp)
    order = np.lexsort((-problem.pair_score[keep], group, pair_opp))  # by opportunity and group, best first
    position = np.arange(len(order))
    new_run = np.ones(len(order), bool)
    new_run[1:] = (pair_opp[order][1:] != pair_opp[order][:-1]) | (group[order][1:] != group[order][:-1])
    run_start = np.maximum.accumulate(np.where(new_run, position, 0))
    seats = problem.seats[pair_opp[order]]
    alive = np.ones(len(keep), bool)
    while True:
        asked = np.bincount(pair_person[alive], weights=hours[alive], minlength=len(problem.person_hours))
        unhurried = (alive & (asked[pair_person] <= problem.person_hours[pair_person]))[order]
        above = np.cumsum(unhurried) - unhurried  # unhurried pairs ranked above, from the start of the ordering
        outranked = alive[order] & ~unhurried & (above - above[run_start] >= seats)
        if not outranked.any():
            return keep[alive]
        alive[order[outranked]] = False


def _model(problem: StaffingProblem, keep: np.ndarray, shares: dict[int, float]) -> _Model:
    """Build every row as sparse triplets over the kept pairs, without a Python loop over pairs.

    Rows that can never bind are left out: seats of an opportunity with no more candidates than seats, hours of
    a person whose candidate pairs fit in their hours together.
    """
    k = len(keep)
    pair_opp = problem.pair_opp[keep]
    pair_person = problem.pair_person[keep]
    hours = problem.opp_hours[pair_opp]
    rows = _Rows(k)

    # Seats: at most seats_o of the pairs of opportunity o.
    crowded = np.bincount(pair_opp, minlength=len(problem.seats))[pair_opp] > problem.seats[pair_opp]
    crowded_idx = np.flatnonzero(crowded)
    opps, opp_row = np.unique(pair_opp[crowded_idx], return_inverse=True)
    rows.add_grouped(opp_row, crowded_idx, np.ones(len(crowded_idx)), problem.seats[opps], upper=True)

    # Hours: a person's pairs must fit in their free hours; only people whose pairs ask for more than that.
    asked = np.bincount(pair_person, weights=hours, minlength=len(problem.person_hours))
    tight = asked[pair_person] > problem.person_hours[pair_person]
    tight_idx = np.flatnonzero(tight)
    people, person_row = np.unique(pair_person[tight_idx], return_inverse=True)
    rows.add_grouped(person_row, tight_idx, hours[tight_idx].astype(float), problem.person_hours[people], upper=True)

    _conflicts(rows, tight_idx, pair_person, hours, problem.person_hours[pair_person])

    if shares:
        assert problem.person_group is not None  # validate() insists on it when there are shares
        groups = problem.person_group[pair_person]
        for code, share in shares.items():  # one dense row per group: seats to g - share * all seats >= 0
            rows.add_row(np.arange(k), (groups == code).astype(float) - share, lower=0.0, upper=np.inf)
    score = problem.pair_score[keep]
    return _Model(score, rows.helpers, *rows.build())


def _conflicts(
    rows: _Rows, tight_idx: np.ndarray, pair_person: np.ndarray, hours: np.ndarray, person_hours: np.ndarray
) -> None:
    """Add the conflict rows that let the LP relaxation see which pairs of gigs cannot share one person's hours.

    Two gigs of the same person conflict when their hours add up to more than the person's free hours. The
    hours row alone lets the LP take 1.25 of an 8-hour gig for a 10-hour person, which makes it fractional for
    most busy people and slows HiGHS down several-fold when a few people are on many candidate lists. A gig with
    more than half of the person's hours ("big") conflicts with every other big gig; a smaller gig of a hours
    conflicts with every gig of more than H - a hours. Written per small gig as one row over the big ones would
    take O(k^2) entries for someone on k lists, so each (person, a) gets a continuous helper z >= sum of its
    big gigs' x, and each small gig of a hours the row x + z <= 1. These are valid for every integer assignment,
    so the optimum is unchanged; only the LP bound is tighter.
    """
    if len(tight_idx) == 0:
        return
    w = hours[tight_idx]
    cap = person_hours[tight_idx]
    person = pair_person[tight_idx]
    big = 2 * w > cap

    # Big gigs: at most one per person.
    big_idx = tight_idx[big]
    _, owner_row, per_owner = np.unique(person[big], return_inverse=True, return_counts=True)
    several = per_owner[owner_row] >= 2
    if several.any():
        _, row = np.unique(owner_row[several], return_inverse=True)
        rows.add_grouped(row, big_idx[several], np.ones(several.sum()), np.ones(row.max() + 1), upper=True)

    # Small gigs: one level per (person, small gig hours a); pair every gig with the levels of its own person.
    small_idx, small_w, small_person = tight_idx[~big], w[~big], person[~big]
    if len(small_idx) == 0:
        return
    width = int(w.max()) + 1
    level_keys, small_level = np.unique(small_person.astype(np.int64) * width + small_w, return_inverse=True)
    level_person, level_hours = level_keys // width, level_keys % width
    by_person = np.argsort(level_person, kind="stable")
    first = np.searchsorted(level_person[by_person], person)
    count = np.searchsorted(level_person[by_person], person, side="right") - first
    gig = np.repeat(np.arange(len(tight_idx)), count)
    level = by_person[first[gig] + np.arange(len(gig)) - np.repeat(np.cumsum(count) - count, count)]
    above = w[gig] > cap[gig] - level_hours[level]
    gig, level = gig[above], level[above]
    used, helper_of_level = np.unique(level, return_inverse=True)
    if len(used) == 0:
        return
    helpers = rows.new_helpers(len(used))
    # z_level - sum of its big gigs' x >= 0
    rows.add_grouped(
        np.concatenate([helper_of_level, np.arange(len(used))]),
        np.concatenate([tight_idx[gig], helpers]),
        np.concatenate([-np.ones(len(gig)), np.ones(len(used))]),
        np.zeros(len(used)),
        upper=False,
    )
    # x_small + z_level <= 1, for small gigs whose level has big gigs above it
    helper = np.full(len(level_keys), -1)
    helper[used] = helpers
    has = helper[small_level] >= 0
    n = int(has.sum())
    rows.add_grouped(
        np.concatenate([np.arange(n), np.arange(n)]),
        np.concatenate([small_idx[has], helper[small_level[has]]]),
        np.ones(2 * n),
        np.ones(n),
        upper=True,
    )


class _Rows:
    """Accumulates sparse rows as (row, column, value) triplets with their bounds."""

    def __init__(self, columns: int) -> None:
        self.columns = columns
        self.helpers = 0
        self.count = 0
        self.r: list[np.ndarray] = []
        self.c: list[np.ndarray] = []
        self.v: list[np.ndarray] = []
        self.lower: list[np.ndarray] = []
        self.upper: list[np.ndarray] = []

    def new_helpers(self, n: int) -> np.ndarray:
        first = self.columns + self.helpers
        self.helpers += n
        return np.arange(first, first + n)

    def add_grouped(self, row: np.ndarray, col: np.ndarray, val: np.ndarray, bound: np.ndarray, *, upper: bool) -> None:
        """Rows numbered 0..len(bound)-1 locally; upper=True gives row <= bound, False gives row >= bound."""
        n = len(bound)
        if n == 0:
            return
        self.r.append(np.asarray(row, np.int64) + self.count)
        self.c.append(np.asarray(col, np.int64))
        self.v.append(np.asarray(val, float))
        bound = np.asarray(bound, float)
        self.lower.append(np.full(n, -np.inf) if upper else bound)
        self.upper.append(bound if upper else np.full(n, np.inf))
        self.count += n

    def add_row(self, col: np.ndarray, val: np.ndarray, *, lower: float, upper: float) -> None:
        self.r.append(np.full(len(col), self.count, np.int64))
        self.c.append(np.asarray(col, np.int64))
        self.v.append(np.asarray(val, float))
        self.lower.append(np.array([lower]))
        self.upper.append(np.array([upper]))
        self.count += 1

    def build(self) -> tuple[sp.csr_array | None, np.ndarray, np.ndarray]:
        if not self.count:
            return None, np.empty(0), np.empty(0)
        shape = (self.count, self.columns + self.helpers)
        matrix = sp.csr_array((np.concatenate(self.v), (np.concatenate(self.r), np.concatenate(self.c))), shape=shape)
        return matrix, np.concatenate(self.lower), np.concatenate(self.upper)


def _check_limits(problem: StaffingProblem, chosen: np.ndarray, shares: dict[int, float]) -> None:
    """Guard against solver tolerances: the rounded assignment must respect every limit exactly."""
    pair_opp = problem.pair_opp[chosen]
    pair_person = problem.pair_person[chosen]
    seats, person_hours = problem.seats, problem.person_hours
    if (np.bincount(pair_opp, minlength=len(seats)) > seats).any():
        raise RuntimeError("the solver's assignment overfills an opportunity")
    used = np.bincount(pair_person, weights=problem.opp_hours[pair_opp], minlength=len(person_hours))
    if (used > person_hours).any():
        raise RuntimeError("the solver's assignment overbooks a person's hours")
    if shares and not _shares_met(problem, chosen, shares):
        raise RuntimeError("the solver's assignment misses a minimum share")


def _shares_met(problem: StaffingProblem, chosen: np.ndarray, shares: dict[int, float]) -> bool:
    groups = np.asarray(problem.person_group)[problem.pair_person[chosen]]
    total = len(chosen)
    return all((groups == g).sum() >= s * total - _SHARE_TOLERANCE for g, s in shares.items())


def _share_names(shares: dict[int, float]) -> str:
    return "minimum shares " + ", ".join(f"group {g}: {s:.0%}" for g, s in sorted(shares.items()))
