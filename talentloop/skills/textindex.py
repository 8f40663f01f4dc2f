"""Free text to canonical skills: normalisation of a short phrase and inference from a longer text.

Pure Python, numpy and scipy, no Django: `SkillTextIndex` is built from plain entries (a skill id, its label, its
aliases) and, when a model is available, one vector per skill from `skills/embedding.py`.

Signals (docs/skills.md has the weights and why):
- exact: the text, or a run of words in it, equals a label or an alias once normalised (case, accents, punctuation);
- lexical: cosine of character trigram TF-IDF vectors of the query and each label or alias (typos, word order,
  abbreviations that keep letters: "proj mgmt");
- semantic: cosine of the query's (or the passage's) embedding and the skill's.
The lexical-only fallback is the same code with no model: the semantic term is simply absent.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
from scipy import sparse

from talentloop.skills.embedding import Embedder

# Weights found on the development half of the evaluation set (bench/bench_skills.py), reported on the other half.
LEXICAL_WEIGHT = 0.3
SEMANTIC_WEIGHT = 0.7
EXACT_SCORE = 1.0
ALIAS_EXACT_SCORE = 0.97
# Inference: how sure a passage must make us before a skill is suggested at all.
INFER_MIN_SEMANTIC = 0.45
INFER_PHRASE_SCORE = 0.95  # a label or alias written out in the text
MAX_PHRASE_WORDS = 6
PASSAGE_MAX_WORDS = 30
SKILL_MAX_TOKENS = 16  # a skill's name is short (ESCO labels: 6-8 tokens); a longer one is cut before it is embedded

_WORD = re.compile(r"[a-z0-9][a-z0-9+#]*(?:[.\-/][a-z0-9+#]+)*", re.UNICODE)
# Line breaks (with a list bullet after them), sentence ends, bullets inside a line, tabs.
_SENTENCE_END = re.compile(r"\s*\n\s*(?:[\u2022\u00b7\u25aa*\u2013\u2014-]\s+)?|(?<=[.!?;:])\s+|\s+[\u2022\u00b7\u25aa*\u2013\u2014]\s+|\t+")
# Words too common to stand for a skill on their own when a taxonomy happens to list them as an alias.
_STOPWORDS = frozenset(
    ["a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "go", "has", "have", "in", "is", "it", "of", "on", "or", "the", "to", "we", "will", "with", "you", "your", "our", "this", "that", "can", "may", "do", "make", "use", "work", "team"]
)


def fold(text: str) -> str:
    """Lower case, accents removed, whitespace collapsed: the form every comparison uses."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(text.lower().split())


def words(text: str) -> list[str]:
    return _WORD.findall(fold(text))


def phrase_key(text: str) -> str:
    """The exact-match key: folded words joined by one space ("Project-Management" and "project management")."""
    return _key(words(text))


def _key(folded_words: Iterable[str]) -> str:
    """Folded words joined into the exact-match key: hyphens and slashes inside a word count as spaces."""
    return " ".join(w.replace("-", " ").replace("/", " ") for w in folded_words).replace("  ", " ")


def _trigrams(text: str) -> list[str]:
    padded = f"  {' '.join(words(text))}  "
    return [padded[i:i + 3] for i in range(len(padded) - 2)]


@dataclass(frozen=True)
class Entry:
    skill_id: int
    label: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Hit:
    skill_id: int
    score: float  # 0..1, higher is surer
    passage: str  # the words that triggered it: the query itself, or the sentence of a longer text
    start: int = 0  # the passage's character offsets in the text given
    end: int = 0
    signal: str = "semantic"  # exact | lexical | semantic
    matched: str = ""  # the label or alias that matched, when the signal is exact or lexical


@dataclass
class _Passage:
    text: str
    start: int
    end: int


@dataclass
class SkillTextIndex:
    entries: Sequence[Entry]
    embedder: Embedder | None = None  # for short phrases (normalisation)
    skill_vectors: np.ndarray | None = None  # (len(entries), dim), row i for entries[i]; None without a model
    # For the passages of longer texts (inference), when it is another model than `embedder` (None: the same one).
    passage_embedder: Embedder | None = None
    passage_skill_vectors: np.ndarray | None = None
    _phrases: list[str] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._skill_ids = np.array([e.skill_id for e in self.entries], dtype=np.int64)
        phrases: list[str] = []
        owners: list[int] = []
        self._exact: dict[str, list[tuple[int, bool]]] = {}
        for row, e in enumerate(self.entries):
            for i, p in enumerate((e.label, *e.aliases)):
                key = phrase_key(p)
                if not key:
                    continue
                phrases.append(p)
                owners.append(row)
                self._exact.setdefault(key, []).append((row, i == 0))
        self._phrases = phrases
        self._phrase_row = np.array(owners, dtype=np.int64)
        # Phrases were added skill by skill, so each skill's phrases are one run: where each run starts, and whose.
        change = np.flatnonzero(np.diff(self._phrase_row, prepend=-1) != 0) if len(owners) else np.zeros(0, dtype=np.int64)
        self._phrase_starts = change
        self._rows_with_phrases = self._phrase_row[change] if len(owners) else np.zeros(0, dtype=np.int64)
        self._build_trigrams(phrases)
        if self.skill_vectors is not None and self.embedder is None:
            raise ValueError("skill_vectors need the embedder that made them")
        if self.embedder is not None and self.skill_vectors is None:
            self.skill_vectors = self.embedder.embed([skill_text(e) for e in self.entries], max_tokens=SKILL_MAX_TOKENS)
        if self.passage_embedder is None:
            self.passage_embedder, self.passage_skill_vectors = self.embedder, self.skill_vectors
        elif self.passage_skill_vectors is None:
            self.passage_skill_vectors = self.passage_embedder.embed(
                [skill_text(e) for e in self.entries], max_tokens=SKILL_MAX_TOKENS
            )
        self._max_words = min(MAX_PHRASE_WORDS, max((len(k.split()) for k in self._exact), default=1))

    @property
    def semantic(self) -> bool:
        return self.embedder is not None

    # --- the lexical index -------------------------------------------------------------------------------------

    def _build_trigrams(self, phrases: list[str]) -> None:
        vocab: dict[str, int] = {}
        rows: list[int] = []
        cols: list[int] = []
        for r, p in enumerate(phrases):
            for g in set(_trigrams(p)):
                rows.append(r)
                cols.append(vocab.setdefault(g, len(vocab)))
        self._vocab = vocab
        n_phrases, n_grams = len(phrases), len(vocab)
        m = sparse.csr_matrix((np.ones(len(rows), dtype=np.float32), (rows, cols)), shape=(n_phrases, max(n_grams, 1)))
        df = np.asarray((m > 0).sum(axis=0)).ravel()
        self._idf = np.log((1 + n_phrases) / (1 + df)).astype(np.float32) + 1.0
        m = m.multiply(self._idf).tocsr()
        norms = np.sqrt(np.asarray(m.multiply(m).sum(axis=1)).ravel())
        norms[norms == 0] = 1.0
        self._grams = sparse.csc_matrix(sparse.diags(1.0 / norms) @ m, dtype=np.float32)

    def _lexical_scores(self, text: str) -> np.ndarray:
        """Per phrase, the trigram TF-IDF cosine with `text`."""
        counts: dict[int, float] = {}
        for g in _trigrams(text):
            col = self._vocab.get(g)
            if col is not None:
                counts[col] = counts.get(col, 0.0) + 1.0
        if not counts:
            return np.zeros(len(self._phrases), dtype=np.float32)
        cols = np.fromiter(counts, dtype=np.int64)
        weights = np.fromiter(counts.values(), dtype=np.float32) * self._idf[cols]
        # Unknown trigrams still make the query longer, so they count in its norm.
        unknown = sum(1 for g in _trigrams(text) if g not in self._vocab) * float(self._idf.max(initial=1.0))
        norm = float(np.sqrt((weights**2).sum() + unknown**2)) or 1.0
        weights /= norm
        # One pass over the columns' entries (CSC): phrase scores accumulate with bincount, no matrix is built.
        ptr, idx, data = self._grams.indptr, self._grams.indices, self._grams.data
        starts, ends = ptr[cols], ptr[cols + 1]
        lengths = ends - starts
        if not lengths.sum():
            return np.zeros(len(self._phrases), dtype=np.float32)
        positions = np.repeat(starts - np.concatenate(([0], np.cumsum(lengths)[:-1])), lengths) + np.arange(lengths.sum())
        contributions = data[positions] * np.repeat(weights, lengths)
        return np.bincount(idx[positions], weights=contributions, minlength=len(self._phrases)).astype(np.float32)

    def _best_per_skill(self, phrase_scores: np.ndarray) -> np.ndarray:
        """Per skill row, the best score of its phrases (a skill's phrases are contiguous, label first)."""
        if not len(self._phrases):
            return np.zeros(len(self.entries), dtype=np.float32)
        best = np.zeros(len(self.entries), dtype=np.float32)
        best[self._rows_with_phrases] = np.maximum.reduceat(phrase_scores, self._phrase_starts)
        return best

    def _best_phrase(self, row: int, phrase_scores: np.ndarray) -> str:
        """The label or alias of skill `row` that scored best."""
        span = self._phrase_range(row)
        if span is None:
            return ""
        start, end = span
        return self._phrases[start + int(np.argmax(phrase_scores[start:end]))]

    def _phrase_range(self, row: int) -> tuple[int, int] | None:
        i = int(np.searchsorted(self._rows_with_phrases, row))
        if i >= len(self._rows_with_phrases) or self._rows_with_phrases[i] != row:
            return None
        start = int(self._phrase_starts[i])
        end = int(self._phrase_starts[i + 1]) if i + 1 < len(self._phrase_starts) else len(self._phrases)
        return start, end

    # --- normalisation -----------------------------------------------------------------------------------------

    def normalize(self, text: str, limit: int = 10) -> list[Hit]:
        """Skills the short phrase `text` most likely names, best first."""
        text = " ".join(text.split())
        key = phrase_key(text)
        if not key or not self.entries:
            return []
        phrase_scores = self._lexical_scores(text)
        lexical = self._best_per_skill(phrase_scores)
        if self.semantic:
            q = self.embedder.embed([text])[0]  # type: ignore[union-attr]
            semantic = np.clip(self.skill_vectors @ q, 0.0, 1.0)  # type: ignore[operator]
            combined = LEXICAL_WEIGHT * lexical + SEMANTIC_WEIGHT * semantic
        else:
            semantic = None
            combined = lexical.copy()
        exact_rows: dict[int, bool] = {}
        for row, is_label in self._exact.get(key, ()):
            exact_rows[row] = exact_rows.get(row, False) or is_label
        for row, is_label in exact_rows.items():
            combined[row] = max(combined[row], EXACT_SCORE if is_label else ALIAS_EXACT_SCORE)
        hits = []
        for row in _top(combined, limit):
            score = float(combined[row])
            if score <= 0:
                break
            if row in exact_rows:
                kind = "exact"
            elif semantic is not None and SEMANTIC_WEIGHT * semantic[row] > LEXICAL_WEIGHT * lexical[row]:
                kind = "semantic"
            else:
                kind = "lexical"
            matched = "" if kind == "semantic" else self._best_phrase(int(row), phrase_scores)
            if kind == "exact":
                matched = next(p for p in self._phrases_of(int(row)) if phrase_key(p) == key)
            hits.append(Hit(int(self._skill_ids[row]), round(min(score, 1.0), 4), text, 0, len(text), kind, matched))
        return hits

    def _phrases_of(self, row: int) -> list[str]:
        span = self._phrase_range(row)
        return [] if span is None else self._phrases[span[0]:span[1]]

    # --- inference ---------------------------------------------------------------------------------------------

    def infer(self, text: str, limit: int = 20) -> list[Hit]:
        """Skills a longer text (a description, a CV) shows, each with its confidence and the passage behind it."""
        if not self.entries or not text.strip():
            return []
        best: dict[int, Hit] = {}

        def offer(hit: Hit) -> None:
            old = best.get(hit.skill_id)
            if old is None or hit.score > old.score:
                best[hit.skill_id] = hit

        passages = split_passages(text)
        for hit in self._spot_phrases(text, passages):
            offer(hit)
        if self.passage_embedder is not None and passages:
            vectors = self.passage_embedder.embed([p.text for p in passages])
            sims = vectors @ self.passage_skill_vectors.T  # type: ignore[union-attr]
            per_passage = min(limit, sims.shape[1])
            for i, p in enumerate(passages):
                row_sims = sims[i]
                for row in _top(row_sims, per_passage):
                    s = float(row_sims[row])
                    if s < INFER_MIN_SEMANTIC:
                        break
                    # A paraphrase is less certain than the name written out: semantic scores stay below it.
                    offer(Hit(int(self._skill_ids[row]), round(0.9 * s, 4), p.text, p.start, p.end, "semantic"))
        ranked = sorted(best.values(), key=lambda h: (-h.score, h.start, h.skill_id))
        return ranked[:limit]

    def _spot_phrases(self, text: str, passages: list[_Passage]) -> Iterable[Hit]:
        """Labels and aliases written out in the text, found by looking up every run of up to six words."""
        folded_tokens = [(m.group(0), m.start(), m.end()) for m in _WORD.finditer(fold_keep_offsets(text))]
        for i in range(len(folded_tokens)):
            for n in range(min(self._max_words, len(folded_tokens) - i), 0, -1):
                run = folded_tokens[i:i + n]
                key = _key(t[0] for t in run)
                owners = self._exact.get(key)
                if not owners:
                    continue
                start, end = run[0][1], run[-1][2]
                if n == 1 and not _plausible_single_word(key, text[start:end]):
                    continue
                passage = _passage_at(passages, start, text)
                for row, is_label in owners:
                    score = INFER_PHRASE_SCORE if is_label else INFER_PHRASE_SCORE - 0.02
                    yield Hit(int(self._skill_ids[row]), score, passage.text, passage.start, passage.end, "exact", text[start:end])
                break  # the longest phrase starting here wins


def skill_text(entry: Entry) -> str:
    """The one text embedded per skill: its label (aliases are matched lexically)."""
    return entry.label


def fold_keep_offsets(text: str) -> str:
    """Lower case with accents removed, one character for one, so offsets in the result are offsets in `text`."""
    out = []
    for c in text:
        base = unicodedata.normalize("NFKD", c)
        base = "".join(b for b in base if not unicodedata.combining(b)) or c
        out.append(base[0].lower() if len(base[0].lower()) == 1 else c)
    return "".join(out)


def _plausible_single_word(key: str, original: str) -> bool:
    if key in _STOPWORDS:
        return False
    # Short names ("R", "AI", "C#", "Go") count only when written the way a name is written, not as a word.
    if len(key) <= 3:
        return original.isupper() or any(not c.isalpha() for c in original) or original[:1].isupper()
    return True


def split_passages(text: str) -> list[_Passage]:
    """Sentences (or list items), with long ones cut into windows of about thirty words, keeping offsets."""
    passages: list[_Passage] = []
    pos = 0
    for piece in _SENTENCE_END.split(text):
        if not piece:
            continue
        start = text.find(piece, pos)
        if start < 0:
            start = pos
        pos = start + len(piece)
        stripped = piece.strip()
        if not stripped or not _WORD.search(fold(stripped)):
            continue
        offset = start + piece.index(stripped)
        spans = [(m.start(), m.end()) for m in re.finditer(r"\S+", stripped)]
        for w in range(0, len(spans), PASSAGE_MAX_WORDS):
            chunk = spans[w:w + PASSAGE_MAX_WORDS]
            a, b = chunk[0][0], chunk[-1][1]
            passages.append(_Passage(stripped[a:b], offset + a, offset + b))
    return passages


def _passage_at(passages: list[_Passage], offset: int, text: str) -> _Passage:
    for p in passages:
        if p.start <= offset < p.end:
            return p
    return _Passage(text.strip(), 0, len(text))


def _top(scores: np.ndarray, k: int) -> np.ndarray:
    """Indices of the k highest scores, best first (ties by index, so results are stable)."""
    if k <= 0 or scores.size == 0:
        return np.zeros(0, dtype=np.int64)
    k = min(k, scores.size)
    part = np.argpartition(-scores, k - 1)[:k]
    return part[np.lexsort((part, -scores[part]))]
