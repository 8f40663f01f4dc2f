"""Related skills found by machine, and their review by admins.

A pair says "holding A earns partial credit when B is asked" (RelatedSkill from A to B). Two signals propose pairs:

- embedding adjacency: each active skill's nearest skills by cosine of their label vectors (the same cached vectors
  normalisation uses). Cosine 0.6 gives weight 0.3, cosine 1.0 gives 0.8, linearly in between.
- co-occurrence: skills held together on the same profiles, and asked together by the same roles. For A → B the
  confidence is P(B | A): the share of the profiles holding A that also hold B (or of the roles asking A that also
  ask B), pulled toward 0 while the counts are small: together / (holders of A + 5) for profiles, together /
  (roles asking A + 2) for roles. A pair counts when it is frequent (at least 5 profiles or 2 roles), not rare
  (confidence at least 0.2) and more frequent than chance (lift at least 1.5); weight 0.1 + 0.7 x confidence, so
  0.24 up to (never quite) 0.8.

Both stay below a direct match (1.0). A pair found both ways takes the larger weight and both details; each skill
keeps its 8 strongest pairs. Finding is pure numpy/scipy (`embedding_pairs`, `cooccurrence_pairs`, `combine`,
`plan_changes`); `recompute_related_skills` reads the data and writes the difference.

Admins have the last word: curated and imported pairs, pairs an admin accepted or edited and pairs an admin rejected
are never touched by a recompute, and a rejected pair is never proposed again (matching ignores it).
"""

from __future__ import annotations

import logging
import time
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

import numpy as np
from django.db import transaction
from django.utils import timezone
from scipy import sparse

from talentloop.accounts.personas import Personas
from talentloop.errors import Forbidden, InvalidInput
from talentloop.matching import stamps
from talentloop.people.models import EmployeeSkill
from talentloop.roles.models import RoleSkill
from talentloop.skills import intelligence
from talentloop.skills.models import RelatedSkill, Skill
from talentloop.skills.services import may_edit_taxonomy
from talentloop.skills.textindex import SKILL_MAX_TOKENS, Entry, skill_text

log = logging.getLogger(__name__)

EMBEDDING = RelatedSkill.Source.EMBEDDING.value
COOCCURRENCE = RelatedSkill.Source.COOCCURRENCE.value
MACHINE_SOURCES = (EMBEDDING, COOCCURRENCE)

TOP_K = 5  # nearest skills per skill by embedding
MIN_COSINE = 0.6  # below this, label vectors of MiniLM are mostly topical noise
BLOCK_ROWS = 1000  # rows of the similarity matrix at a time: 1,000 x 14,000 float32 is 56 MB
MIN_PROFILES = 5  # a pair held together by fewer people is chance
MIN_ROLES = 2  # one role asking two skills says little; two roles say they go together
MIN_CONFIDENCE = 0.2
MIN_LIFT = 1.5  # a skill nearly everyone holds (lift ≈ 1) says nothing about the skill held with it
MAX_PER_SKILL = 8  # machine pairs from one skill, strongest first
DB_CHUNK = 900  # ids per IN (...) under SQLite's variable limit


@dataclass(frozen=True)
class Pair:
    from_id: int
    to_id: int
    weight: float
    source: str  # embedding | cooccurrence
    detail: str

    @property
    def key(self) -> tuple[int, int]:
        return self.from_id, self.to_id


# --- the weights ------------------------------------------------------------------------------------------------


def cosine_weight(cosine: float) -> float:
    """0.6 → 0.3 and 1.0 → 0.8, linear: close names earn a good share of the credit, never a direct match's."""
    return round(min(0.8, max(0.3, 0.3 + (cosine - MIN_COSINE) * 1.25)), 2)


def confidence_weight(confidence: float) -> float:
    """Confidence 0.2 → 0.24 and 1.0 → 0.8, linear."""
    return round(min(0.8, max(0.01, 0.1 + 0.7 * confidence)), 2)


# --- embedding adjacency ----------------------------------------------------------------------------------------


def embedding_pairs(
    skill_ids: Sequence[int], vectors: np.ndarray, *, top_k: int = TOP_K, min_cosine: float = MIN_COSINE,
    block: int = BLOCK_ROWS,
) -> list[Pair]:
    """For each skill (from), its `top_k` nearest other skills (to) at or above `min_cosine`. Exact: the similarity
    matrix is computed a block of rows at a time, so memory stays at block x skills."""
    n = len(skill_ids)
    if n < 2:
        return []
    ids = np.asarray(skill_ids, dtype=np.int64)
    vectors = np.asarray(vectors, dtype=np.float32)
    k = min(top_k, n - 1)
    pairs: list[Pair] = []
    for start in range(0, n, block):
        sims = vectors[start:start + block] @ vectors.T  # (rows, n): cosines, the vectors are L2-normalised
        rows = np.arange(sims.shape[0])
        sims[rows, start + rows] = -np.inf  # not itself
        top = np.argpartition(-sims, k - 1, axis=1)[:, :k]
        cosines = sims[rows[:, None], top]
        for r, c in zip(*np.nonzero(cosines >= min_cosine), strict=True):
            cosine = float(cosines[r, c])
            pairs.append(Pair(int(ids[start + r]), int(ids[top[r, c]]), cosine_weight(cosine), EMBEDDING, f"cosine {cosine:.2f}"))
    return pairs


# --- co-occurrence ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Counts:
    together: sparse.csr_matrix  # skills x skills: owners (people or roles) with both
    held: np.ndarray  # owners with each skill
    owners: int


def _counts(owner_skill: np.ndarray, columns: np.ndarray, n_skills: int) -> _Counts:
    """Co-occurrence counts from (owner, skill column) rows: one sparse product, O(Σ skills per owner²)."""
    if len(owner_skill) == 0:
        return _Counts(sparse.csr_matrix((n_skills, n_skills), dtype=np.int32), np.zeros(n_skills, dtype=np.int64), 0)
    owners, owner_rows = np.unique(owner_skill[:, 0], return_inverse=True)
    m = sparse.csr_matrix((np.ones(len(owner_rows), dtype=np.int32), (owner_rows, columns)), shape=(len(owners), n_skills))
    m.sum_duplicates()
    m.data[:] = 1  # a skill listed twice on one profile counts once
    return _Counts((m.T @ m).tocsr(), np.asarray(m.sum(axis=0)).ravel().astype(np.int64), len(owners))


def _confidence(together, held_from, min_support: int):
    """P(to | from), shrunk toward 0 by `min_support` pseudo-owners: 2 roles of 2 are weaker evidence than 20 of 20."""
    return together / (held_from + min_support)


def _lift(together, held_from, held_to, owners: int):
    return together * owners / (held_from * held_to)


def _qualifying(counts: _Counts, min_support: int) -> tuple[np.ndarray, np.ndarray]:
    """(from, to) columns of the pairs this source alone supports."""
    c = counts.together.tocoo()
    keep = (c.row != c.col) & (c.data >= min_support)
    a, b, n = c.row[keep], c.col[keep], c.data[keep].astype(np.float64)
    confidence = _confidence(n, counts.held[a], min_support)
    lift = _lift(n, counts.held[a], counts.held[b], counts.owners)
    keep = (confidence >= MIN_CONFIDENCE) & (lift >= MIN_LIFT)
    return a[keep], b[keep]


def _lookup(counts: _Counts, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    if len(a) == 0:
        return np.zeros(0, dtype=np.int64)
    return np.asarray(counts.together[a, b]).ravel().astype(np.int64)


def cooccurrence_pairs(profile_skills: Iterable[tuple[int, int]], role_skills: Iterable[tuple[int, int]]) -> list[Pair]:
    """Directed pairs from (employee id, skill id) and (role id, skill id) rows. For each pair the stronger of the two
    confidences that pass their thresholds gives the weight; the detail names both counts."""
    profiles = np.asarray(list(profile_skills), dtype=np.int64).reshape(-1, 2)
    roles = np.asarray(list(role_skills), dtype=np.int64).reshape(-1, 2)
    skill_ids = np.union1d(profiles[:, 1], roles[:, 1])
    n = len(skill_ids)
    if n < 2:
        return []
    by_profile = _counts(profiles, np.searchsorted(skill_ids, profiles[:, 1]), n)
    by_role = _counts(roles, np.searchsorted(skill_ids, roles[:, 1]), n)
    found = [_qualifying(by_profile, MIN_PROFILES), _qualifying(by_role, MIN_ROLES)]
    keys = np.unique(np.concatenate([a * n + b for a, b in found]))
    a, b = keys // n, keys % n
    both_profiles, both_roles = _lookup(by_profile, a, b), _lookup(by_role, a, b)
    pairs = []
    for i in range(len(keys)):
        options = []  # (confidence, lift, plain share, basis)
        for together, counts, least, basis in ((both_profiles[i], by_profile, MIN_PROFILES, "the profiles holding it"),
                                              (both_roles[i], by_role, MIN_ROLES, "the roles asking it")):
            if together < least:
                continue
            confidence = _confidence(float(together), counts.held[a[i]], least)
            lift = _lift(float(together), counts.held[a[i]], counts.held[b[i]], counts.owners)
            if confidence >= MIN_CONFIDENCE and lift >= MIN_LIFT:
                options.append((float(confidence), float(lift), together / counts.held[a[i]], basis))
        confidence, lift, share, basis = max(options)
        detail = (f"together in {both_roles[i]} roles and {both_profiles[i]} profiles "
                  f"({share:.0%} of {basis}, lift {lift:.1f})")
        pairs.append(Pair(int(skill_ids[a[i]]), int(skill_ids[b[i]]), confidence_weight(confidence), COOCCURRENCE, detail))
    return pairs


# --- combining and diffing ----------------------------------------------------------------------------------------


def combine(*found: Iterable[Pair], skip: Iterable[tuple[int, int]] = (), per_skill: int = MAX_PER_SKILL) -> list[Pair]:
    """One pair per (from, to): the larger weight (and its source), every detail; then each from skill's `per_skill`
    strongest. Pairs in `skip` (an admin's or a curator's) are left out before the cap, so they take no slot."""
    skipped = set(skip)
    best: dict[tuple[int, int], Pair] = {}
    details: dict[tuple[int, int], list[str]] = defaultdict(list)
    for pairs in found:
        for pair in pairs:
            if pair.key in skipped or pair.from_id == pair.to_id:
                continue
            details[pair.key].append(pair.detail)
            if pair.key not in best or pair.weight > best[pair.key].weight:
                best[pair.key] = pair
    by_from: dict[int, list[Pair]] = defaultdict(list)
    for key, pair in best.items():
        by_from[pair.from_id].append(replace(pair, detail="; ".join(details[key])[:300]))
    kept: list[Pair] = []
    for from_id in sorted(by_from):
        kept.extend(sorted(by_from[from_id], key=lambda p: (-p.weight, p.to_id))[:per_skill])
    return kept


@dataclass(frozen=True)
class MachineRow:
    pk: int
    weight: float
    source: str
    detail: str


@dataclass
class Plan:
    create: list[Pair] = field(default_factory=list)
    update: list[tuple[int, Pair]] = field(default_factory=list)
    delete: list[int] = field(default_factory=list)
    unchanged: int = 0


def plan_changes(wanted: Iterable[Pair], machine: dict[tuple[int, int], MachineRow]) -> Plan:
    """What turns the unreviewed machine rows into `wanted`."""
    plan = Plan()
    seen = set()
    for pair in wanted:
        seen.add(pair.key)
        row = machine.get(pair.key)
        if row is None:
            plan.create.append(pair)
        elif (row.weight, row.source, row.detail) != (pair.weight, pair.source, pair.detail):
            plan.update.append((row.pk, pair))
        else:
            plan.unchanged += 1
    plan.delete = sorted(row.pk for key, row in machine.items() if key not in seen)
    return plan


# --- the recompute --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RecomputeSummary:
    method: str  # the embedding model's name, or "lexical" when none is configured (no embedding pairs)
    skills: int
    embedding_pairs: int  # found, before combining
    cooccurrence_pairs: int
    created: int
    updated: int
    removed: int
    unchanged: int
    kept_by_review: int  # found again, but an admin accepted, edited or rejected the pair: left as the admin did
    kept_curated: int  # found again, but a curated or imported pair already says it
    seconds: float

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.removed)

    def __str__(self) -> str:
        return (f"{self.skills} active skills, embeddings: {self.method}; found {self.embedding_pairs} embedding and "
                f"{self.cooccurrence_pairs} co-occurrence pairs; created {self.created}, updated {self.updated}, "
                f"removed {self.removed}, unchanged {self.unchanged}, kept by review {self.kept_by_review}, "
                f"already curated {self.kept_curated}; {self.seconds:.1f} s")


def _find() -> tuple[str, int, list[Pair], list[Pair]]:
    skills = list(Skill.objects.filter(is_active=True).order_by("pk").values_list("pk", "label"))
    model = intelligence.embedder()
    by_embedding: list[Pair] = []
    if model is not None and len(skills) > 1:
        vectors = intelligence.embed_cached(model, [skill_text(Entry(pk, label)) for pk, label in skills], max_tokens=SKILL_MAX_TOKENS)
        by_embedding = embedding_pairs([pk for pk, _ in skills], vectors)
    by_cooccurrence = cooccurrence_pairs(
        EmployeeSkill.objects.filter(skill__is_active=True).values_list("employee_id", "skill_id").iterator(chunk_size=50_000),
        RoleSkill.objects.filter(skill__is_active=True).values_list("role_id", "skill_id").iterator(chunk_size=50_000),
    )
    return (model.name if model is not None else "lexical"), len(skills), by_embedding, by_cooccurrence


def recompute_related_skills() -> RecomputeSummary:
    """Replace the unreviewed machine-made pairs with what the data says now, in one transaction; everything an admin
    or a curator decided stays. Idempotent: with no change in the data, a second run writes nothing."""
    started = time.perf_counter()
    method, n_skills, by_embedding, by_cooccurrence = _find()  # the slow part, outside the transaction
    with transaction.atomic():
        machine: dict[tuple[int, int], MachineRow] = {}
        decided: dict[tuple[int, int], bool] = {}  # pair → an admin reviewed or rejected it (else curated/imported)
        rows = RelatedSkill.objects.select_for_update().values_list(
            "pk", "from_skill_id", "to_skill_id", "weight", "source", "detail", "rejected", "reviewed_at")
        for pk, from_id, to_id, weight, source, detail, rejected, reviewed_at in rows:
            if source in MACHINE_SOURCES and not rejected and reviewed_at is None:
                machine[from_id, to_id] = MachineRow(pk, weight, source, detail)
            else:
                decided[from_id, to_id] = rejected or reviewed_at is not None
        found = {p.key for p in by_embedding} | {p.key for p in by_cooccurrence}
        wanted = combine(by_embedding, by_cooccurrence, skip=decided)
        plan = plan_changes(wanted, machine)
        RelatedSkill.objects.bulk_create(
            (RelatedSkill(from_skill_id=p.from_id, to_skill_id=p.to_id, weight=p.weight, source=p.source, detail=p.detail)
             for p in plan.create), batch_size=500)
        RelatedSkill.objects.bulk_update(
            [RelatedSkill(pk=pk, weight=p.weight, source=p.source, detail=p.detail) for pk, p in plan.update],
            ["weight", "source", "detail"], batch_size=500)
        for i in range(0, len(plan.delete), DB_CHUNK):
            RelatedSkill.objects.filter(pk__in=plan.delete[i:i + DB_CHUNK]).delete()
        summary = RecomputeSummary(
            method=method, skills=n_skills, embedding_pairs=len(by_embedding), cooccurrence_pairs=len(by_cooccurrence),
            created=len(plan.create), updated=len(plan.update), removed=len(plan.delete), unchanged=plan.unchanged,
            kept_by_review=sum(1 for key in found if decided.get(key) is True),
            kept_curated=sum(1 for key in found if decided.get(key) is False),
            seconds=round(time.perf_counter() - started, 2),
        )
        if summary.changed:
            stamps.taxonomy_changed()
    log.info("Related skills recomputed: %s", summary)
    return summary


# --- review by admins -------------------------------------------------------------------------------------------------


def _may_review(p: Personas) -> None:
    if not may_edit_taxonomy(p):
        raise Forbidden("Only talent admins and L&OD admins may review related skills.")


def _check_weight(weight: float) -> None:
    if not 0.01 <= weight <= 1:
        raise InvalidInput({"weight": ["A weight is between 0.01 and 1."]})


def accept_related(p: Personas, pair: RelatedSkill, weight: float | None = None) -> RelatedSkill:
    """An admin keeps the pair (with their own weight when given): a recompute no longer changes or removes it, and
    a rejected pair counts again."""
    _may_review(p)
    if weight is not None:
        _check_weight(weight)
    with transaction.atomic():
        row = RelatedSkill.objects.select_for_update().get(pk=pair.pk)
        engine_sees = row.rejected or (weight is not None and weight != row.weight)
        row.rejected = False
        if weight is not None:
            row.weight = weight
        row.reviewed_by, row.reviewed_at = p.user, timezone.now()
        row.save(update_fields=["rejected", "weight", "reviewed_by", "reviewed_at"])
        if engine_sees:
            stamps.taxonomy_changed()
    return row


def reject_related(p: Personas, pair: RelatedSkill) -> RelatedSkill:
    """An admin rejects the pair: matching ignores it and no recompute proposes it again."""
    _may_review(p)
    with transaction.atomic():
        row = RelatedSkill.objects.select_for_update().get(pk=pair.pk)
        engine_sees = not row.rejected
        row.rejected = True
        row.reviewed_by, row.reviewed_at = p.user, timezone.now()
        row.save(update_fields=["rejected", "reviewed_by", "reviewed_at"])
        if engine_sees:
            stamps.taxonomy_changed()
    return row


def restore_related(p: Personas, pair: RelatedSkill) -> RelatedSkill:
    """Undo a review: the pair counts again, and a machine-made one is the recompute's again (it may update or
    remove it)."""
    _may_review(p)
    with transaction.atomic():
        row = RelatedSkill.objects.select_for_update().get(pk=pair.pk)
        engine_sees = row.rejected
        row.rejected = False
        row.reviewed_by, row.reviewed_at = None, None
        row.save(update_fields=["rejected", "reviewed_by", "reviewed_at"])
        if engine_sees:
            stamps.taxonomy_changed()
    return row


def add_related(p: Personas, from_skill: Skill, to_skill: Skill, weight: float, detail: str = "") -> RelatedSkill:
    """An admin adds a curated pair."""
    _may_review(p)
    _check_weight(weight)
    if from_skill.pk == to_skill.pk:
        raise InvalidInput({"to_skill": ["A skill cannot be related to itself."]})
    with transaction.atomic():
        row = RelatedSkill.objects.create(from_skill=from_skill, to_skill=to_skill, weight=weight,
                                          source=RelatedSkill.Source.CURATED, detail=detail)
        stamps.taxonomy_changed()
    return row


def delete_related(p: Personas, pair: RelatedSkill) -> None:
    """An admin deletes a curated pair. A machine-made pair is rejected instead: deleted, the next recompute would
    propose it again."""
    _may_review(p)
    if pair.source in MACHINE_SOURCES:
        raise InvalidInput({"source": ["Reject a machine-made pair instead: deleted, the next recompute would bring it back."]})
    with transaction.atomic():
        RelatedSkill.objects.filter(pk=pair.pk).delete()
        stamps.taxonomy_changed()
