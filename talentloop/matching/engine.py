"""Explainable, two-sided matching of people and opportunities over an in-memory index.

Pure Python + numpy/scipy: records in, ranked and explained matches out. No Django import: the service in
`talentloop.matching.services` loads the index from the database and keeps it current with incremental updates.

The formula (documented with a worked example in docs/matching.md):

    credit(skill asked at level a)  = max( min(1, held / a),                       direct
                                           max_t  w(t, s) * min(1, held_t / a) )   partial, through related skills
        where held = level            if the level is backed by verified evidence
                     level * UNVERIFIED otherwise
    fit        = sum(credit * need weight) / sum(need weight)       required 1.0, nice to have 0.4
    growth     = min(1, (growth skills in the person's grow set + 0.5 * other needed skills in it) / GROWTH_SATURATION)
    preference = mean(type wanted?, work mode wanted?)              0.5 for "no preference stated"
    feed score      = W_FIT * fit + W_GROWTH * growth + W_PREF * preference
    candidate score = (C_FIT * fit + C_INTEREST * (growth + preference) / 2 + C_AVAILABILITY * availability)
                      / (1 + EXPOSURE_ALPHA * (load + EXPOSURE_BETA * exposure))

Hard filters exclude: opportunities that are not open or have no free seat; the owner themself; too few free
hours (every type but permanent roles); an on-site or hybrid opportunity at another location for someone not
open to relocation; an opportunity that has ended; an existing live application; for candidate lists,
people who did not opt in or have left.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
from scipy import sparse

OPPORTUNITY_TYPES = ("gig", "project", "mentorship", "job_shadowing", "freelance", "permanent_role")
WORK_MODES = ("onsite", "hybrid", "remote")
NEED_KINDS = ("required", "nice_to_have", "growth")
_TYPE_CODE = {t: i for i, t in enumerate(OPPORTUNITY_TYPES)}
_MODE_CODE = {m: i for i, m in enumerate(WORK_MODES)}
_KIND_CODE = {k: i for i, k in enumerate(NEED_KINDS)}
REMOTE = _MODE_CODE["remote"]
PERMANENT = _TYPE_CODE["permanent_role"]
REQUIRED, NICE, GROWTH = 0, 1, 2


@dataclass(frozen=True)
class Weights:
    """Every weight of the formula; shown to users with each explanation."""

    fit: float = 0.55
    growth: float = 0.25
    preference: float = 0.20
    candidate_fit: float = 0.75
    candidate_interest: float = 0.15
    candidate_availability: float = 0.10
    required: float = 1.0
    nice_to_have: float = 0.4
    unverified: float = 0.85  # a self-declared level counts this much of the same level verified
    growth_saturation: float = 2.0
    exposure_alpha: float = 0.25
    exposure_beta: float = 0.5

    def as_dict(self) -> dict[str, float]:
        return {k: getattr(self, k) for k in self.__dataclass_fields__}


@dataclass(frozen=True)
class PersonRecord:
    id: int
    skills: dict[int, tuple[int, bool]]  # skill id -> (proficiency 1..5, verified)
    weekly_hours: int
    work_mode: str
    location_id: int | None
    department_id: int | None
    open_to_opportunities: bool
    active: bool = True
    wanted_types: frozenset[str] = frozenset()
    wanted_modes: frozenset[str] = frozenset()
    grow_skills: frozenset[int] = frozenset()  # skills to grow and the gaps of the target roles
    open_to_relocation: bool = False
    applied: frozenset[int] = frozenset()  # opportunity ids with a live application (or invitation)
    load: int = 0  # live invitations and seat-holding assignments: the diversification's measure of demand


@dataclass(frozen=True)
class Need:
    skill_id: int
    kind: str  # required | nice_to_have | growth
    level: int


@dataclass(frozen=True)
class OpportunityRecord:
    id: int
    type: str
    owner_id: int | None  # the owner's person id
    department_id: int | None
    hours: int
    work_mode: str
    location_id: int | None
    needs: tuple[Need, ...]
    seats_free: int = 1
    end_day: int | None = None  # date.toordinal() of the end date
    is_open: bool = True


@dataclass(frozen=True)
class SkillMatch:
    skill_id: int
    kind: str
    asked: int
    held: int | None  # the person's level of the skill itself, if any
    verified: bool
    credit: float
    via_skill_id: int | None = None  # partial credit through this related skill
    via_level: int | None = None
    via_weight: float | None = None


@dataclass(frozen=True)
class Explanation:
    score: float
    components: dict[str, float]  # fit, growth, preference (and for candidates availability, interest, discount)
    weights: dict[str, float]
    matched: list[SkillMatch]  # full credit
    partial: list[SkillMatch]  # some credit, directly below the level asked or through a related skill
    missing: list[SkillMatch]  # no credit
    growth_skills: list[int]  # opportunity skills in the person's grow set
    preference_hits: list[str]  # e.g. "type: gig", "work mode: remote"


@dataclass(frozen=True)
class Match:
    opportunity_id: int
    person_id: int
    score: float
    explanation: Explanation


@dataclass(frozen=True)
class Filters:
    """The browse page's filters, applied inside the engine (text search is resolved by the caller into `only`)."""

    types: frozenset[str] = frozenset()
    department_ids: frozenset[int] = frozenset()
    location_ids: frozenset[int] = frozenset()
    work_modes: frozenset[str] = frozenset()
    skill_ids: frozenset[int] = frozenset()
    min_hours: int | None = None
    max_hours: int | None = None
    only: frozenset[int] | None = None  # restrict to these opportunity ids


@dataclass(frozen=True)
class CandidateQuery:
    """A free query for hidden talent: skills at levels, free hours, work mode, location."""

    skills: tuple[tuple[int, int], ...] = ()  # (skill id, minimum level)
    min_hours: int = 0
    work_mode: str | None = None
    location_id: int | None = None


_ENTRY_ARRAYS = ("opp", "skill", "level", "kind", "alive", "key", "wfit", "wgrow")


def _grow(array: np.ndarray, rows: int) -> np.ndarray:
    new = np.zeros((rows, *array.shape[1:]), dtype=array.dtype, order="F" if array.ndim == 2 else "C")
    new[: array.shape[0]] = array
    return new


@dataclass
class _Entries:
    """Every skill need of every indexed opportunity as parallel arrays; edits append and mark the old dead."""

    opp: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int32))
    skill: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int32))
    level: np.ndarray = field(default_factory=lambda: np.zeros(0, np.float32))
    kind: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int8))
    alive: np.ndarray = field(default_factory=lambda: np.zeros(0, bool))
    key: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int32))  # skill column * 5 + level - 1
    wfit: np.ndarray = field(default_factory=lambda: np.zeros(0, np.float32))  # need weight in fit; 0 when dead
    wgrow: np.ndarray = field(default_factory=lambda: np.zeros(0, np.float32))  # weight in growth; 0 when dead
    size: int = 0
    dead: int = 0


class MatchIndex:
    """The in-memory index. Rows are assigned to people and opportunities on first sight and reused on update."""

    def __init__(self, related: Iterable[tuple[int, int, float]] = (), weights: Weights | None = None):
        self.weights = weights or Weights()
        self._skill_col: dict[int, int] = {}
        self._skill_ids: list[int] = []
        self._person_row: dict[int, int] = {}
        self._person_ids: list[int] = []
        self._opp_row: dict[int, int] = {}
        self._opp_ids: list[int] = []
        self._opp_entries: dict[int, np.ndarray] = {}
        self._opp_records: dict[int, OpportunityRecord] = {}
        self._person_records: dict[int, PersonRecord] = {}
        self._applicants: dict[int, set[int]] = {}  # opportunity id -> rows of people with a live application
        cap_p, cap_s, cap_o = 64, 64, 64
        # People: dense, column-major so a skill's column (candidate search) is contiguous.
        self.level = np.zeros((cap_p, cap_s), np.uint8, order="F")
        self.verified = np.zeros((cap_p, cap_s), bool, order="F")
        self.grows = np.zeros((cap_p, cap_s), bool, order="F")
        self.eff = np.zeros((cap_p, cap_s), np.float32, order="F")  # held level, self-declared discounted
        self.p_hours = np.zeros(cap_p, np.int16)
        self.p_mode = np.zeros(cap_p, np.int8)
        self.p_location = np.full(cap_p, -1, np.int64)
        self.p_open = np.zeros(cap_p, bool)
        self.p_active = np.zeros(cap_p, bool)
        self.p_relocate = np.zeros(cap_p, bool)
        self.p_types = np.zeros(cap_p, np.uint8)  # bitmask of wanted types, 0 = no preference
        self.p_modes = np.zeros(cap_p, np.uint8)
        self.p_load = np.zeros(cap_p, np.float32)
        self.p_exposure = np.zeros(cap_p, np.float32)
        # Opportunities.
        self.o_type = np.zeros(cap_o, np.int8)
        self.o_owner = np.full(cap_o, -1, np.int64)
        self.o_department = np.full(cap_o, -1, np.int64)
        self.o_hours = np.zeros(cap_o, np.int16)
        self.o_mode = np.zeros(cap_o, np.int8)
        self.o_location = np.full(cap_o, -1, np.int64)
        self.o_end = np.full(cap_o, np.iinfo(np.int64).max, np.int64)
        self.o_live = np.zeros(cap_o, bool)  # open with a free seat
        self.o_fit_den = np.ones(cap_o, np.float32)
        self.e = _Entries()
        self._related = sparse.csr_matrix((cap_s, cap_s), dtype=np.float32)
        self._related_triples: list[tuple[int, int, float]] = []
        self.set_related(related)

    # --- sizes -----------------------------------------------------------------------------------------------

    @property
    def people(self) -> int:
        return len(self._person_ids)

    @property
    def opportunities(self) -> int:
        return int(self.o_live[: len(self._opp_ids)].sum())

    def nbytes(self) -> int:
        arrays = [v for v in vars(self).values() if isinstance(v, np.ndarray)]
        arrays += [getattr(self.e, name) for name in _ENTRY_ARRAYS]
        return int(sum(a.nbytes for a in arrays) + self._related.data.nbytes + self._related.indices.nbytes)

    # --- skills and related skills ----------------------------------------------------------------------------

    def _col(self, skill_id: int) -> int:
        col = self._skill_col.get(skill_id)
        if col is None:
            col = len(self._skill_ids)
            self._skill_col[skill_id] = col
            self._skill_ids.append(skill_id)
            if col >= self.level.shape[1]:
                cap = max(64, self.level.shape[1] * 2)
                for name in ("level", "verified", "grows", "eff"):
                    old = getattr(self, name)
                    new = np.zeros((old.shape[0], cap), old.dtype, order="F")
                    new[:, : old.shape[1]] = old
                    setattr(self, name, new)
                self._rebuild_related()
        return col

    def set_related(self, triples: Iterable[tuple[int, int, float]]) -> None:
        """Directed weights: holding `from` earns partial credit when `to` is asked. Replaces all of them."""
        self._related_triples = [(int(a), int(b), float(w)) for a, b, w in triples if a != b and 0 < w <= 1]
        for a, b, _ in self._related_triples:
            self._col(a)
            self._col(b)
        self._rebuild_related()

    def _rebuild_related(self) -> None:
        cap = self.level.shape[1]
        # While set_related registers columns the matrix grows; triples not yet registered come in at its end.
        known = [(a, b, w) for a, b, w in self._related_triples if a in self._skill_col and b in self._skill_col]
        if not known:
            self._related = sparse.csr_matrix((cap, cap), dtype=np.float32)
        else:
            rows = [self._skill_col[b] for _, b, _ in known]  # asked skill
            cols = [self._skill_col[a] for a, _, _ in known]  # held skill
            data = [w for _, _, w in known]
            m = sparse.coo_matrix((data, (rows, cols)), shape=(cap, cap), dtype=np.float32)
            self._related = m.tocsr()
            self._related.sum_duplicates()
        self._has_related = np.diff(self._related.indptr) > 0
        self._related_csc = self._related.tocsc()

    # --- people ----------------------------------------------------------------------------------------------

    def upsert_person(self, rec: PersonRecord) -> None:
        row = self._person_row.get(rec.id)
        if row is None:
            row = len(self._person_ids)
            if row >= self.level.shape[0]:
                cap = max(64, self.level.shape[0] * 2)
                for name in ("level", "verified", "grows", "eff"):
                    setattr(self, name, _grow(getattr(self, name), cap))
                for name in ("p_hours", "p_mode", "p_relocate", "p_open", "p_active", "p_types", "p_modes", "p_load", "p_exposure"):
                    setattr(self, name, _grow(getattr(self, name), cap))
                loc = np.full(cap, -1, np.int64)
                loc[: len(self.p_location)] = self.p_location
                self.p_location = loc
            self._person_row[rec.id] = row
            self._person_ids.append(rec.id)
        cols = [(self._col(s), lvl, ver) for s, (lvl, ver) in rec.skills.items()]
        grow_cols = [self._col(s) for s in rec.grow_skills]
        self.level[row, :] = 0
        self.verified[row, :] = False
        self.grows[row, :] = False
        self.eff[row, :] = 0.0
        unverified = self.weights.unverified
        for col, lvl, ver in cols:
            lvl = max(0, min(5, int(lvl)))
            self.level[row, col] = lvl
            self.verified[row, col] = bool(ver)
            self.eff[row, col] = lvl if ver else lvl * unverified
        self.grows[row, grow_cols] = True
        self.p_hours[row] = rec.weekly_hours
        self.p_mode[row] = _MODE_CODE.get(rec.work_mode, REMOTE)
        self.p_location[row] = -1 if rec.location_id is None else rec.location_id
        self.p_open[row] = rec.open_to_opportunities
        self.p_active[row] = rec.active
        self.p_relocate[row] = rec.open_to_relocation
        self.p_types[row] = sum(1 << _TYPE_CODE[t] for t in rec.wanted_types if t in _TYPE_CODE)
        self.p_modes[row] = sum(1 << _MODE_CODE[m] for m in rec.wanted_modes if m in _MODE_CODE)
        self.p_load[row] = rec.load
        previous = self._person_records.get(rec.id)
        for opp_id in previous.applied if previous is not None else ():
            self._applicants.get(opp_id, set()).discard(row)
        for opp_id in rec.applied:
            self._applicants.setdefault(opp_id, set()).add(row)
        self._person_records[rec.id] = rec

    def remove_person(self, person_id: int) -> None:
        row = self._person_row.get(person_id)
        if row is not None:
            self.p_active[row] = False
            self.p_open[row] = False
            previous = self._person_records.pop(person_id, None)
            for opp_id in previous.applied if previous is not None else ():
                self._applicants.get(opp_id, set()).discard(row)

    def person(self, person_id: int) -> PersonRecord | None:
        return self._person_records.get(person_id)

    # --- opportunities ---------------------------------------------------------------------------------------

    def upsert_opportunity(self, rec: OpportunityRecord) -> None:
        row = self._opp_row.get(rec.id)
        if row is None:
            row = len(self._opp_ids)
            if row >= len(self.o_type):
                cap = max(64, len(self.o_type) * 2)
                for name, fill in (("o_type", 0), ("o_owner", -1), ("o_department", -1), ("o_hours", 0), ("o_mode", 0),
                                   ("o_location", -1), ("o_end", np.iinfo(np.int64).max), ("o_live", False), ("o_fit_den", 1)):
                    old = getattr(self, name)
                    new = np.full(cap, fill, old.dtype)
                    new[: len(old)] = old
                    setattr(self, name, new)
            self._opp_row[rec.id] = row
            self._opp_ids.append(rec.id)
        old = self._opp_entries.pop(row, None)
        if old is not None and len(old):
            self.e.alive[old] = False
            self.e.wfit[old] = 0.0
            self.e.wgrow[old] = 0.0
            self.e.dead += len(old)
        w = self.weights
        needs = [n for n in rec.needs if n.kind in _KIND_CODE and n.level > 0]
        self._append_entries(row, needs)
        self.o_type[row] = _TYPE_CODE.get(rec.type, 0)
        self.o_owner[row] = -1 if rec.owner_id is None else rec.owner_id
        self.o_department[row] = -1 if rec.department_id is None else rec.department_id
        self.o_hours[row] = rec.hours
        self.o_mode[row] = _MODE_CODE.get(rec.work_mode, REMOTE)
        self.o_location[row] = -1 if rec.location_id is None else rec.location_id
        self.o_end[row] = np.iinfo(np.int64).max if rec.end_day is None else rec.end_day
        self.o_live[row] = rec.is_open and rec.seats_free > 0
        den = sum(w.required if n.kind == "required" else w.nice_to_have for n in needs if n.kind != "growth")
        self.o_fit_den[row] = den if den > 0 else 1.0
        self._opp_records[rec.id] = rec
        if self.e.dead > 4096 and self.e.dead > self.e.size // 4:
            self._compact()

    def remove_opportunity(self, opportunity_id: int) -> None:
        row = self._opp_row.get(opportunity_id)
        if row is not None:
            self.o_live[row] = False

    def opportunity(self, opportunity_id: int) -> OpportunityRecord | None:
        return self._opp_records.get(opportunity_id)

    def _append_entries(self, row: int, needs: list[Need]) -> None:
        e = self.e
        n = len(needs)
        if e.size + n > len(e.opp):
            cap = max(1024, (e.size + n) * 2)
            for name in _ENTRY_ARRAYS:
                setattr(e, name, _grow(getattr(e, name), cap))
        sl = slice(e.size, e.size + n)
        w = self.weights
        e.opp[sl] = row
        e.skill[sl] = [self._col(x.skill_id) for x in needs]
        e.level[sl] = [x.level for x in needs]
        e.kind[sl] = [_KIND_CODE[x.kind] for x in needs]
        e.alive[sl] = True
        e.key[sl] = e.skill[sl] * 5 + np.clip(e.level[sl].astype(np.int32), 1, 5) - 1
        e.wfit[sl] = [w.required if x.kind == "required" else w.nice_to_have if x.kind == "nice_to_have" else 0.0 for x in needs]
        e.wgrow[sl] = [1.0 if x.kind == "growth" else 0.5 for x in needs]
        self._opp_entries[row] = np.arange(e.size, e.size + n)
        e.size += n

    def _compact(self) -> None:
        e = self.e
        keep = np.flatnonzero(e.alive[: e.size])
        new_pos = np.full(e.size, -1, np.int64)
        new_pos[keep] = np.arange(len(keep))
        for name in _ENTRY_ARRAYS:
            arr = getattr(e, name)
            setattr(e, name, arr[keep].copy())
        for row, pos in self._opp_entries.items():
            self._opp_entries[row] = new_pos[pos]
        e.size, e.dead = len(keep), 0

    # --- scoring ---------------------------------------------------------------------------------------------

    def _credit_table(self, row: int) -> np.ndarray:
        """(skills x 5) credit of this person for each skill asked at each level 1..5, direct or through a related
        skill. One small table per request turns scoring every need of every opportunity into one gather."""
        held = self.eff[row, :]  # (S,)
        asked = np.arange(1, 6, dtype=np.float32)
        table = np.minimum(1.0, held[:, None] / asked[None, :])
        held_cols = np.flatnonzero(held)
        if len(held_cols):
            sub = self._related_csc[:, held_cols].tocoo()  # rows: asked skill, cols: which held skill
            if sub.nnz:
                h = held[held_cols][sub.col]
                partial = sub.data[:, None] * np.minimum(1.0, h[:, None] / asked[None, :])  # (nnz, 5)
                best = np.zeros_like(table)
                np.maximum.at(best, sub.row, partial)
                np.maximum(table, best, out=table)
        return table

    def _feed_scores(self, row: int, today: int | None) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        w = self.weights
        e = self.e
        m = len(self._opp_ids)
        n = e.size
        credit = self._credit_table(row).ravel()[e.key[:n]]
        fit = np.bincount(e.opp[:n], weights=credit * e.wfit[:n], minlength=m)[:m] / self.o_fit_den[:m]
        grows = self.grows[row, :]
        growth = np.bincount(e.opp[:n], weights=grows[e.skill[:n]] * e.wgrow[:n], minlength=m)[:m]
        growth = np.minimum(1.0, growth / w.growth_saturation)
        types, modes = int(self.p_types[row]), int(self.p_modes[row])
        type_hit = np.full(m, 0.5) if types == 0 else ((types >> self.o_type[:m]) & 1).astype(float)
        mode_hit = np.full(m, 0.5) if modes == 0 else ((modes >> self.o_mode[:m]) & 1).astype(float)
        pref = (type_hit + mode_hit) / 2
        score = w.fit * fit + w.growth * growth + w.preference * pref
        return score, fit, growth, pref

    def _feed_mask(self, row: int, filters: Filters | None, today: int | None) -> np.ndarray:
        m = len(self._opp_ids)
        mask = self.o_live[:m].copy()
        mask &= self.o_owner[:m] != self._person_ids[row]
        hours_ok = (self.o_hours[:m] <= self.p_hours[row]) | (self.o_type[:m] == PERMANENT)
        mask &= hours_ok
        if not self.p_relocate[row]:
            mask &= (self.o_mode[:m] == REMOTE) | (self.o_location[:m] == -1) | (self.o_location[:m] == self.p_location[row])
        if today is not None:
            mask &= self.o_end[:m] >= today
        rec = self._person_records.get(self._person_ids[row])
        if rec is not None and rec.applied:
            rows = [self._opp_row[o] for o in rec.applied if o in self._opp_row]
            mask[rows] = False
        if filters is not None:
            mask &= self._filter_mask(filters)
        return mask

    def _filter_mask(self, f: Filters) -> np.ndarray:
        m = len(self._opp_ids)
        mask = np.ones(m, bool)
        if f.types:
            mask &= np.isin(self.o_type[:m], [_TYPE_CODE[t] for t in f.types if t in _TYPE_CODE])
        if f.work_modes:
            mask &= np.isin(self.o_mode[:m], [_MODE_CODE[x] for x in f.work_modes if x in _MODE_CODE])
        if f.department_ids:
            mask &= np.isin(self.o_department[:m], list(f.department_ids))
        if f.location_ids:
            mask &= np.isin(self.o_location[:m], list(f.location_ids))
        if f.min_hours is not None:
            mask &= self.o_hours[:m] >= f.min_hours
        if f.max_hours is not None:
            mask &= self.o_hours[:m] <= f.max_hours
        if f.skill_ids:
            cols = [self._skill_col[s] for s in f.skill_ids if s in self._skill_col]
            e = self.e
            hit = e.alive[: e.size] & np.isin(e.skill[: e.size], cols)
            with_skill = np.zeros(m, bool)
            with_skill[e.opp[: e.size][hit]] = True
            mask &= with_skill
        if f.only is not None:
            only = np.zeros(m, bool)
            only[[self._opp_row[o] for o in f.only if o in self._opp_row]] = True
            mask &= only
        return mask

    def feed(self, person_id: int, k: int = 20, *, filters: Filters | None = None, today: int | None = None, offset: int = 0) -> list[Match]:
        """The person's 'for you' feed: open opportunities ranked by the two-sided feed score, explained."""
        row = self._person_row.get(person_id)
        if row is None or not self.p_active[row]:
            return []
        m = len(self._opp_ids)
        if m == 0:
            return []
        score, fit, growth, pref = self._feed_scores(row, today)
        mask = self._feed_mask(row, filters, today)
        top = _top(np.where(mask, score, -np.inf), k + offset)[offset:]
        return [self._explain(row, o, "feed", float(score[o]), fit[o], growth[o], pref[o]) for o in top]

    def feed_size(self, person_id: int, *, filters: Filters | None = None, today: int | None = None) -> int:
        row = self._person_row.get(person_id)
        if row is None or not self.p_active[row]:
            return 0
        return int(self._feed_mask(row, filters, today).sum())

    def score_pair(self, person_id: int, opportunity_id: int, today: int | None = None) -> Match | None:
        """The match of one person and one opportunity ('why this match'), even if a hard filter excludes it."""
        row, o = self._person_row.get(person_id), self._opp_row.get(opportunity_id)
        if row is None or o is None or opportunity_id not in self._opp_records:
            return None
        rec = self._opp_records[opportunity_id]
        needs = [n for n in rec.needs if n.skill_id in self._skill_col]
        cols = np.array([self._skill_col[n.skill_id] for n in needs], np.int64)
        levels = np.clip(np.array([n.level for n in needs], np.int64), 1, 5)
        credit = self._credit_table(row)[cols, levels - 1] if len(needs) else np.zeros(0, np.float32)
        w = self.weights
        kw = np.array([w.required if n.kind == "required" else w.nice_to_have if n.kind == "nice_to_have" else 0.0 for n in needs])
        fit = float((credit * kw).sum() / self.o_fit_den[o]) if len(needs) else 0.0
        gw = np.array([1.0 if n.kind == "growth" else 0.5 for n in needs])
        growth = min(1.0, float((self.grows[row, cols] * gw).sum()) / w.growth_saturation) if len(needs) else 0.0
        types, modes = int(self.p_types[row]), int(self.p_modes[row])
        pref = ((0.5 if types == 0 else (types >> int(self.o_type[o])) & 1) + (0.5 if modes == 0 else (modes >> int(self.o_mode[o])) & 1)) / 2
        score = w.fit * fit + w.growth * growth + w.preference * pref
        return self._explain(row, o, "feed", score, fit, growth, pref)

    # --- candidates ------------------------------------------------------------------------------------------

    def _column_credit(self, col: int, asked: float, rows: np.ndarray) -> np.ndarray:
        credit = np.minimum(1.0, self.eff[rows, col] / np.float32(asked))
        if self._has_related[col]:
            start, end = self._related.indptr[col], self._related.indptr[col + 1]
            for via, weight in zip(self._related.indices[start:end], self._related.data[start:end], strict=True):
                np.maximum(credit, weight * np.minimum(1.0, self.eff[rows, via] / np.float32(asked)), out=credit)
        return credit

    def candidates(
        self, opportunity_id: int, k: int = 50, *, diversify: bool = True, record_exposure: bool = False,
        query: CandidateQuery | None = None,
    ) -> list[Match]:
        """Ranked people who opted in, for the opportunity's owner, explained from the owner's side."""
        o = self._opp_row.get(opportunity_id)
        rec = self._opp_records.get(opportunity_id)
        if o is None or rec is None or not self._person_ids:
            return []
        rows = np.flatnonzero(self._candidate_mask(o, rec, query))  # score only the eligible
        if len(rows) == 0:
            return []
        w = self.weights
        fit = np.zeros(len(rows), np.float32)
        growth_num = np.zeros(len(rows), np.float32)
        den = 0.0
        for need in rec.needs:
            col = self._skill_col.get(need.skill_id)
            if col is None:
                continue
            if need.kind != "growth":
                weight = w.required if need.kind == "required" else w.nice_to_have
                fit += weight * self._column_credit(col, float(need.level), rows)
                den += weight
            growth_num += self.grows[rows, col] * (1.0 if need.kind == "growth" else 0.5)
        fit = fit / den if den > 0 else fit
        growth = np.minimum(1.0, growth_num / w.growth_saturation)
        tcode, mcode = int(self.o_type[o]), int(self.o_mode[o])
        types, modes = self.p_types[rows], self.p_modes[rows]
        type_hit = np.where(types == 0, 0.5, (types >> tcode) & 1)
        mode_hit = np.where(modes == 0, 0.5, (modes >> mcode) & 1)
        pref = (type_hit + mode_hit) / 2
        interest = (growth + pref) / 2
        if tcode == PERMANENT:
            availability = np.ones(len(rows), np.float32)
        else:
            availability = np.minimum(1.0, self.p_hours[rows] / (2.0 * max(1, int(rec.hours))))
        base = w.candidate_fit * fit + w.candidate_interest * interest + w.candidate_availability * availability
        discount = 1.0 / (1.0 + w.exposure_alpha * (self.p_load[rows] + w.exposure_beta * self.p_exposure[rows]))
        score = base * discount if diversify else base
        top = _top(score, k)
        if record_exposure:
            self.p_exposure[rows[top[:10]]] += 1.0
        return [
            self._explain(int(rows[i]), o, "candidate", float(score[i]), fit[i], growth[i], pref[i],
                          extra={"availability": float(availability[i]), "interest": float(interest[i]),
                                 "discount": float(discount[i]) if diversify else 1.0})
            for i in top
        ]

    def _candidate_mask(self, o: int, rec: OpportunityRecord, query: CandidateQuery | None) -> np.ndarray:
        n = len(self._person_ids)
        mask = self.p_open[:n] & self.p_active[:n]
        owner_row = self._person_row.get(rec.owner_id) if rec.owner_id is not None else None
        if owner_row is not None:
            mask[owner_row] = False
        if self.o_type[o] != PERMANENT:
            mask &= self.p_hours[:n] >= rec.hours
        if self.o_mode[o] != REMOTE and self.o_location[o] != -1:
            mask &= (self.p_location[:n] == self.o_location[o]) | self.p_relocate[:n]
        applied = self._applicants.get(rec.id)
        if applied:
            mask[list(applied)] = False
        if query is not None:
            for skill_id, min_level in query.skills:
                col = self._skill_col.get(skill_id)
                if col is None:
                    return np.zeros(n, bool)
                mask &= self.level[:n, col] >= min_level
            if query.min_hours:
                mask &= self.p_hours[:n] >= query.min_hours
            if query.work_mode is not None:
                # People who work that way today or said they want to.
                code = _MODE_CODE[query.work_mode]
                wanted = ((self.p_modes[:n].astype(np.int64) >> code) & 1) == 1
                mask &= (self.p_mode[:n] == code) | wanted
            if query.location_id is not None:
                mask &= self.p_location[:n] == query.location_id
        return mask

    def reset_exposure(self) -> None:
        self.p_exposure[:] = 0

    # --- explanations ----------------------------------------------------------------------------------------

    def _explain(self, row: int, o: int, side: str, score: float, fit: float, growth: float, pref: float,
                 extra: dict[str, float] | None = None) -> Match:
        w = self.weights
        person_id, opp_id = self._person_ids[row], self._opp_ids[o]
        rec = self._opp_records[opp_id]
        matched, partial, missing, growth_skills = [], [], [], []
        # Read every column this explanation needs in one gather per array, then work on plain Python values.
        needs = [(need, self._skill_col[need.skill_id]) for need in rec.needs if need.skill_id in self._skill_col]
        cols = [col for _, col in needs]
        related = {}
        for need, col in needs:
            if need.kind != "growth" and self._has_related[col]:
                start, end = self._related.indptr[col], self._related.indptr[col + 1]
                related[col] = list(zip(self._related.indices[start:end].tolist(), self._related.data[start:end].tolist(), strict=True))
        wanted = sorted(set(cols) | {via for pairs in related.values() for via, _ in pairs})
        pos = {col: i for i, col in enumerate(wanted)}
        eff = self.eff[row, wanted].tolist()
        lvl = self.level[row, wanted].tolist()
        ver = self.verified[row, wanted].tolist()
        grows = self.grows[row, wanted].tolist()
        for need, col in needs:
            i = pos[col]
            if grows[i]:
                growth_skills.append(need.skill_id)
            if need.kind == "growth":
                continue
            direct = min(1.0, eff[i] / need.level)
            best = (direct, None, None, None)
            if direct < 1.0:
                for via, weight in related.get(col, ()):
                    c = weight * min(1.0, eff[pos[via]] / need.level)
                    if c > best[0]:
                        best = (c, self._skill_ids[via], lvl[pos[via]], weight)
            item = SkillMatch(need.skill_id, need.kind, need.level, lvl[i] or None, bool(ver[i]),
                              round(best[0], 4), best[1], best[2], best[3])
            (matched if best[0] >= 1.0 else partial if best[0] > 0 else missing).append(item)
        hits = []
        types, modes = int(self.p_types[row]), int(self.p_modes[row])
        if types and (types >> int(self.o_type[o])) & 1:
            hits.append(f"type: {OPPORTUNITY_TYPES[int(self.o_type[o])]}")
        if modes and (modes >> int(self.o_mode[o])) & 1:
            hits.append(f"work mode: {WORK_MODES[int(self.o_mode[o])]}")
        if side == "feed":
            components = {"fit": float(fit), "growth": float(growth), "preference": float(pref)}
            weights = {"fit": w.fit, "growth": w.growth, "preference": w.preference}
        else:
            components = {"fit": float(fit), "interest": (extra or {})["interest"], "availability": (extra or {})["availability"],
                          "discount": (extra or {})["discount"]}
            weights = {"fit": w.candidate_fit, "interest": w.candidate_interest, "availability": w.candidate_availability}
        explanation = Explanation(round(score, 4), {k: round(v, 4) for k, v in components.items()}, weights,
                                  matched, partial, missing, growth_skills, hits)
        return Match(opp_id, person_id, round(score, 4), explanation)


def _top(values: np.ndarray, k: int) -> list[int]:
    """Indices of the k largest finite values, best first; ties broken by index, so that pages of a ranking
    (k + offset) never repeat or skip an item whatever k is."""
    finite = np.flatnonzero(np.isfinite(values))
    if k <= 0 or len(finite) == 0:
        return []
    if len(finite) > k:
        kth = -np.partition(-values[finite], k - 1)[k - 1]
        finite = finite[values[finite] >= kth]  # everything tied with the k-th value competes on index
    order = np.lexsort((finite, -values[finite]))
    return [int(i) for i in finite[order][:k]]


def gini(values: Iterable[float]) -> float:
    """Gini coefficient of non-negative values: 0 when all are equal, towards 1 when one holds everything."""
    x = np.sort(np.asarray(list(values), dtype=np.float64))
    if len(x) == 0 or x.sum() == 0:
        return 0.0
    n = len(x)
    return float((2 * np.arange(1, n + 1) - n - 1).dot(x) / (n * x.sum()))


__all__ = [
    "CandidateQuery", "Explanation", "Filters", "Match", "MatchIndex", "Need", "OpportunityRecord", "PersonRecord",
    "SkillMatch", "Weights", "gini",
]
