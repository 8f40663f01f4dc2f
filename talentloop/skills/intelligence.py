"""Skills intelligence for the rest of the product: free text to canonical skills, and skills inferred from a text.

`normalize(text)` and `infer(text)` answer with `Suggestion`s (a skill, a confidence, the passage behind it). They
never write anything: a suggestion becomes a skill on a profile or an opportunity only when a person confirms it,
through the people and marketplace services, and then as unverified evidence ("inferred").

The index behind them (`talentloop.skills.textindex`) is built once per process from the active taxonomy and
rebuilt when the taxonomy changes (checked at most every few seconds). Skill vectors come from the `PhraseEmbedding`
cache table, so a taxonomy is embedded once for every process, and again only for names that changed.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from django.conf import settings
from django.db.models import Count, Max

from talentloop.skills.embedding import Embedder, load_embedder
from talentloop.skills.models import PhraseEmbedding, Skill, SkillAlias
from talentloop.skills.textindex import SKILL_MAX_TOKENS, Entry, Hit, SkillTextIndex, skill_text

MAX_TEXT = 20_000  # characters: a long CV or description; more is refused, not cut silently
MAX_PHRASE = 200
CHECK_EVERY_S = 2.0  # how stale the index may be after someone edits the taxonomy


@dataclass(frozen=True)
class Suggestion:
    skill: Skill
    score: float
    passage: str
    start: int
    end: int
    signal: str  # exact | lexical | semantic
    matched: str


def model_name() -> str:
    """The model for skill names and short phrases (normalisation, related skills)."""
    return settings.TALENTLOOP_EMBEDDING_MODEL


def inference_model_name() -> str:
    """The model for the passages of longer texts (inference): "same" is the one above, and no model for names
    (none) means no model at all."""
    name = settings.TALENTLOOP_INFERENCE_MODEL
    return model_name() if name == "same" or model_name() == "none" else name


def embedder() -> Embedder | None:
    return load_embedder(model_name())


def inference_embedder() -> Embedder | None:
    return load_embedder(inference_model_name())


def method(task: str = "normalize") -> str:
    """What answers a task right now: the model's name, or "lexical" for the fallback."""
    e = inference_embedder() if task == "infer" else embedder()
    return e.name if e is not None else "lexical"


# --- the embedding cache -------------------------------------------------------------------------------------


def _digest(text: str, max_tokens: int | None) -> str:
    return hashlib.sha256(f"{max_tokens or ''}\x00{text}".encode()).hexdigest()


def embed_cached(model: Embedder, texts: Sequence[str], max_tokens: int | None = None) -> np.ndarray:
    """Vectors for `texts`, from the cache table where it has them; the rest are embedded and stored."""
    if not texts:
        return np.zeros((0, model.dim), dtype=np.float32)
    digests = [_digest(t, max_tokens) for t in texts]
    found: dict[str, np.ndarray] = {}
    wanted = list(dict.fromkeys(digests))
    for start in range(0, len(wanted), 900):  # under SQLite's variable limit
        for digest, blob in PhraseEmbedding.objects.filter(model=model.name, digest__in=wanted[start:start + 900]).values_list(
            "digest", "vector"
        ):
            found[digest] = np.frombuffer(bytes(blob), dtype=np.float32)
    missing = [i for i, d in enumerate(digests) if d not in found]
    if missing:
        unique = list(dict.fromkeys(digests[i] for i in missing))
        text_of = {digests[i]: texts[i] for i in missing}
        raw = getattr(model, "model", model)  # past the in-process memory: a taxonomy would only flush it
        vectors = raw.embed([text_of[d] for d in unique], max_tokens=max_tokens)
        rows = [PhraseEmbedding(model=model.name, digest=d, vector=v.astype(np.float32).tobytes()) for d, v in zip(unique, vectors, strict=True)]
        PhraseEmbedding.objects.bulk_create(rows, batch_size=500, ignore_conflicts=True)
        found.update(zip(unique, vectors, strict=True))
    return np.vstack([found[d] for d in digests]).astype(np.float32)


# --- the process-wide index ----------------------------------------------------------------------------------


class _IndexHolder:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.index: SkillTextIndex | None = None
        self.key: tuple | None = None
        self.checked_at = 0.0
        self.skills: dict[int, Skill] = {}


_holder = _IndexHolder()


def _taxonomy_key() -> tuple:
    skills = Skill.objects.filter(is_active=True).aggregate(n=Count("id"), changed=Max("updated_at"), top=Max("id"))
    aliases = SkillAlias.objects.aggregate(n=Count("id"), top=Max("id"))
    return ((model_name(), inference_model_name()), skills["n"], skills["changed"], skills["top"], aliases["n"], aliases["top"])


def current_index() -> tuple[SkillTextIndex, dict[int, Skill]]:
    """The index of the active taxonomy, rebuilt when the taxonomy or the configured model changed."""
    with _holder.lock:
        now = time.monotonic()
        models = (model_name(), inference_model_name())
        fresh = now - _holder.checked_at < CHECK_EVERY_S and _holder.key is not None and _holder.key[0] == models
        if _holder.index is not None and fresh:
            return _holder.index, _holder.skills
        key = _taxonomy_key()
        _holder.checked_at = now
        if _holder.index is None or key != _holder.key:
            _holder.index, _holder.skills = build_index()
            _holder.key = key
        return _holder.index, _holder.skills


def forget_index() -> None:
    """Drop the cached index (tests, and after a bulk import in the same process)."""
    with _holder.lock:
        _holder.index = None
        _holder.key = None
        _holder.checked_at = 0.0


def build_index() -> tuple[SkillTextIndex, dict[int, Skill]]:
    skills = {s.pk: s for s in Skill.objects.filter(is_active=True).select_related("category").order_by("pk")}
    aliases: dict[int, list[str]] = {}
    for skill_id, alias in SkillAlias.objects.filter(skill__is_active=True).order_by("pk").values_list("skill_id", "alias"):
        aliases.setdefault(skill_id, []).append(alias)
    entries = [Entry(pk, s.label, tuple(aliases.get(pk, ()))) for pk, s in skills.items()]
    names = [skill_text(e) for e in entries]
    model, passage_model = (embedder(), inference_embedder()) if entries else (None, None)
    vectors = embed_cached(model, names, max_tokens=SKILL_MAX_TOKENS) if model else None
    if passage_model is None or model is None or passage_model.name != model.name:
        passage_vectors = embed_cached(passage_model, names, max_tokens=SKILL_MAX_TOKENS) if passage_model else None
    else:
        passage_model, passage_vectors = None, None  # the same model: the index uses it for both
    index = SkillTextIndex(entries, model, vectors, passage_model, passage_vectors)
    return index, skills


# --- the two questions -----------------------------------------------------------------------------------------


def _suggestions(hits: list[Hit], skills: dict[int, Skill]) -> list[Suggestion]:
    return [Suggestion(skills[h.skill_id], h.score, h.passage, h.start, h.end, h.signal, h.matched) for h in hits]


def normalize(text: str, limit: int = 10) -> list[Suggestion]:
    """The active skills a short phrase most likely names ("py scripting" → Python), best first."""
    text = " ".join(text.split())[:MAX_PHRASE]
    if not text:
        return []
    index, skills = current_index()
    return _suggestions(index.normalize(text, limit), skills)


def infer(text: str, limit: int = 20) -> list[Suggestion]:
    """Skills a text shows (an opportunity description, a CV, a course description), each with the passage behind
    it. Suggestions only: nothing is written."""
    if not text.strip():
        return []
    index, skills = current_index()
    return _suggestions(index.infer(text[:MAX_TEXT], limit), skills)
