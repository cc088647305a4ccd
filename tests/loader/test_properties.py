"""Properties: any text either yields a report graph or the project's own error; exports round-trip; the
damage PDFs and archive copies do to a report (wrapping, hyphenation, running headers, extra and lost
spaces) changes no fact extracted from it."""

from __future__ import annotations

import dataclasses
import os
import random
import re
import sys
from datetime import date

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from conftest import CORPUS, SEED
from itukg.loader.errors import ItukgError
from itukg.loader.extract import extract_report
from itukg.loader.read import read_text
from itukg.loader.triples import report_triples

SEED_LINES = SEED.read_text(encoding="utf-8").splitlines()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text())
def test_any_text_loads_or_fails_cleanly(text):
    try:
        triples = report_triples(extract_report(read_text(text)))
    except ItukgError as exc:
        assert str(exc)
    else:
        assert triples


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(SEED_LINES), min_size=1, max_size=60), st.randoms(use_true_random=False))
def test_shuffled_report_lines_load_or_fail_cleanly(lines, rnd):
    rnd.shuffle(lines)
    try:
        report_triples(extract_report(read_text("\n".join(lines))))
    except ItukgError as exc:
        assert str(exc)


@pytest.mark.parametrize("fmt", ["trig", "nquads", "jsonld"])
def test_export_load_round_trip_is_isomorphic(seed_store, fmt):
    """Export the store, load the export into a new store, export again: the same dataset. itukg mints
    no blank nodes, so isomorphism is equality of the quad sets."""
    import pyoxigraph as ox

    from itukg.api.store.dataset import EXPORT_FORMATS

    exported = seed_store.export(fmt)
    again = ox.Store()
    again.load(exported, format=EXPORT_FORMATS[fmt])
    first = set(seed_store.export("nquads").decode().splitlines())
    second = set(ox.serialize(again, format=ox.RdfFormat.N_QUADS).decode().splitlines())
    assert len(first) > 1000
    assert first == second


# ------------------------------------------------------------------------------------------ archive damage

sys.path.insert(0, str(CORPUS))
import make_formats  # noqa: E402  (tests/corpus/make_formats.py: the PDF fixtures' line wrapping)

FIXTURES = make_formats.sources()
_POSITIONAL = {"paragraph", "position", "line", "index", "text"}


def facts(text: str) -> list[str] | str:
    """What `extract_report` reads from a text, without where it read it (paragraph and line numbers, spans);
    the error's class for a text it refuses."""
    try:
        extraction = extract_report(read_text(text))
    except ItukgError as exc:
        return type(exc).__name__
    records = [extraction.meeting, *extraction.items, *extraction.claims, *extraction.roles, *extraction.citations,
               *extraction.topics, *extraction.decisions]
    return sorted(repr(_plain(record)) for record in records)


def _plain(value):
    if dataclasses.is_dataclass(value):
        return (type(value).__name__, tuple((f.name, _plain(getattr(value, f.name))) for f in dataclasses.fields(value)
                                            if f.name not in _POSITIONAL
                                            and not (f.name in ("start", "end")
                                                     and isinstance(getattr(value, f.name), int)
                                                     and not isinstance(getattr(value, f.name), date))))
    if isinstance(value, (list, tuple)):
        return tuple(_plain(v) for v in value)
    return value


_NUMBER_SPACE = re.compile(r"^(\s*\d{1,2}(?:\.\d{1,3}){0,4}\.\s*|\s*\d{1,2}(?:\.\d{1,3}){1,4})[\t ]+(?=[A-Z])")
_WORD_SPACE_DIGIT = re.compile(r"(?<=\b[a-z]{2})(?<![\w/.:@#&-][a-z]{2}\w) (?=\d)|(?<=[a-z]{3}) (?=\d)")


def damage(text: str, rnd: random.Random, *, width: int, hyphenate: float, page: int, extra: float, lost: float,
           symbol: str, blank: bool = True) -> str:
    """The text as an archive copy of its PDF has it: each line a paragraph wrapped at `width` characters (words
    hyphenated at a wrap with probability `hyphenate`), "- N -" and the report's own symbol every `page` lines,
    a space doubled with probability `extra`, and with probability `lost` the space after a paragraph number
    or between a lowercase word and a number lost. Paragraphs are set apart by a blank line (`blank`), as
    text extracted from a PDF keeps its paragraph gaps: without them, a wrap at a sentence's end cannot be
    told from a paragraph's end."""
    out: list[str] = []
    wrapped = make_formats.hard_wrapped([line for line in text.splitlines() if line.strip()])  # a PDF's already
    for line in text.splitlines():
        if not line.strip():
            continue
        if rnd.random() < lost:
            line = _NUMBER_SPACE.sub(lambda m: m[1].rstrip(), line)
        if lost and " " in line:
            line = re.sub(r"(?<![\w/.-])([a-z]{2,}) (?=\d)", lambda m: m[1] if rnd.random() < lost else m[0], line)
        if extra:
            line = re.sub(r"(?<=\S) (?=\S)", lambda m: "  " if rnd.random() < extra else " ", line)
        out.extend(make_formats.wrap(line, width, len, rnd, hyphenate=hyphenate) if len(line) > width and not wrapped
                   else [line])
        if blank and not wrapped:
            out.append("")
    paged: list[str] = []
    for index, line in enumerate(out):
        if index and index % page == 0 and line:
            paged += [f"- {index // page + 1} -", symbol]
        paged.append(line)
    return "\n".join(paged) + "\n"


CLEAN = {path.stem: path.read_text(encoding="utf-8") for path in FIXTURES}
FACTS = {stem: facts(text) for stem, text in CLEAN.items()}


@pytest.mark.parametrize("stem", sorted(FACTS))
def test_the_fixtures_have_facts_to_compare(stem):
    """Every fixture loads (none is refused: a damaged copy refused would then differ) with facts enough."""
    assert isinstance(FACTS[stem], list) and len(FACTS[stem]) >= 10


# The damage tests draw the same examples on every run (CI stays deterministic); ITUKG_EXPLORE=1 draws new
# ones each run (with --hypothesis-seed to replay one), as the sweeps behind these tests were run.
FIXED = not os.environ.get("ITUKG_EXPLORE")

_DAMAGE = dict(
    stem=st.sampled_from(sorted(CLEAN)),
    width=st.integers(min_value=60, max_value=110),
    hyphenate=st.sampled_from([0.0, 0.3, 1.0]),
    page=st.integers(min_value=12, max_value=60),
    rnd=st.randoms(use_true_random=False),
)


def _assert_same_facts(stem: str, damaged: str) -> None:
    got = facts(damaged)
    assert got == FACTS[stem], "\n".join(sorted(set(map(str, got)) ^ set(map(str, FACTS[stem])))) \
        if isinstance(got, list) and isinstance(FACTS[stem], list) else f"{got} != {FACTS[stem]}"


@settings(max_examples=40, deadline=None, derandomize=FIXED, suppress_health_check=[HealthCheck.too_slow])
@given(**_DAMAGE)
# found in CI: a page break (furniture between blank lines) after the closing sentence joined the signature to it
@example(stem="cwg-internet-11-chairman-report", width=60, hyphenate=0.0, page=12, rnd=random.Random(0))
def test_wrapping_hyphenation_and_running_headers_change_no_fact(stem, width, hyphenate, page, rnd):
    symbol = make_formats.own_symbol(next(p for p in FIXTURES if p.stem == stem))
    _assert_same_facts(stem, damage(CLEAN[stem], rnd, width=width, hyphenate=hyphenate, page=page, extra=0, lost=0,
                                    symbol=symbol))


@settings(max_examples=40, deadline=None, derandomize=FIXED, suppress_health_check=[HealthCheck.too_slow])
@given(stem=st.sampled_from(sorted(CLEAN)), extra=st.sampled_from([0.0, 0.1, 0.5]),
       lost=st.sampled_from([0.0, 0.3, 1.0]), rnd=st.randoms(use_true_random=False))
def test_extra_and_lost_spaces_change_no_fact(stem, extra, lost, rnd):
    """Lost where the archive loses them: after a paragraph number ("1.1.On behalf"), before a number after a
    lowercase word ("and180")."""
    damaged = "\n".join(damage(line, rnd, width=10_000, hyphenate=0, page=10_000, extra=extra, lost=lost, symbol="")
                         .rstrip("\n") for line in CLEAN[stem].splitlines())
    _assert_same_facts(stem, damaged)


@settings(max_examples=25, deadline=None, derandomize=FIXED, suppress_health_check=[HealthCheck.too_slow])
@given(extra=st.sampled_from([0.0, 0.2]), lost=st.sampled_from([0.0, 0.5]), **_DAMAGE)
def test_all_damage_together_changes_no_fact(stem, width, hyphenate, page, rnd, extra, lost):
    symbol = make_formats.own_symbol(next(p for p in FIXTURES if p.stem == stem))
    _assert_same_facts(stem, damage(CLEAN[stem], rnd, width=width, hyphenate=hyphenate, page=page, extra=extra,
                                    lost=lost, symbol=symbol))
