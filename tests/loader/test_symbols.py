"""Document symbols in every spelling the archive uses (issue 15 item 3): each resolves to one canonical
symbol (tests/corpus/styles/README.md, "Extra conventions") and keeps the spelling it was written in."""

from __future__ import annotations

import pytest

from itukg.loader import iris
from itukg.loader.symbols import Symbol, find_symbols, locate_symbols

# (text, [(canonical, spelling), ...]); each row is a form the loader of 32f57e5 misread or missed
SPELLINGS = [
    ("WG-Internet 11/1: Agenda of the meeting", [("CWG-Internet-11/1", "WG-Internet 11/1")]),
    ("contribution CWGInternet-9/3 of the Arab States", [("CWG-Internet-9/3", "CWGInternet-9/3")]),
    ("The Group adopted its agenda (WG-WSIS/15/1:) as drafted.", [("CWG-WSIS&SDG-15/1", "WG-WSIS/15/1")]),
    ("reports WG-WSIS-29/2 and CWG-WSIS-29/3", [("CWG-WSIS&SDG-29/2", "WG-WSIS-29/2"),
                                                ("CWG-WSIS&SDG-29/3", "CWG-WSIS-29/3")]),
    ("Document WG-WSIS-29/14-E", [("CWG-WSIS&SDG-29/14", "WG-WSIS-29/14-E")]),
    ("Document WG-WSIS/15/12 Rev.1", [("CWG-WSIS&SDG-15/12(Rev.1)", "WG-WSIS/15/12 Rev.1")]),
    ("CWG-WSIS-32/16-E Rev. 1", [("CWG-WSIS&SDG-32/16(Rev.1)", "CWG-WSIS-32/16-E Rev. 1")]),
    ("WG-CP/1/16 Rev.1", [("CWG-COP-1/16(Rev.1)", "WG-CP/1/16 Rev.1")]),
    ("Documents CWG-FHR-6/2 and 6/3", [("CWG-FHR-6/2", "CWG-FHR-6/2"), ("CWG-FHR-6/3", "6/3")]),
    ("(Documents CWG-WSIS&SDG-37/3 and 37/4)", [("CWG-WSIS&SDG-37/3", "CWG-WSIS&SDG-37/3"),
                                                 ("CWG-WSIS&SDG-37/4", "37/4")]),
    ("Documents CWG-LANG-14/5 and 14/5(Add.1) – Contribution", [("CWG-LANG-14/5", "CWG-LANG-14/5"),
                                                              ("CWG-LANG-14/5(Add.1)", "14/5(Add.1)")]),
    ("the prose form CWG WSIS&SDG-43/2", [("CWG-WSIS&SDG-43/2", "CWG WSIS&SDG-43/2")]),
    ("C19/12 + Add.1, C19/60", [("C19/12", "C19/12"), ("C19/12(Add.1)", "Add.1"), ("C19/60", "C19/60")]),
    ("introduced Document C19/12 and Addendum 1, the annual report", [("C19/12", "C19/12"),
                                                                        ("C19/12(Add.1)", "Addendum 1")]),
    ("(Document CWG-FHR-6/4 and Corrigendum 1)", [("CWG-FHR-6/4", "CWG-FHR-6/4"),
                                                  ("CWG-FHR-6/4(Corr.1)", "Corrigendum 1")]),
    ("Documents C09/6, 65 and 78", [("C09/6", "C09/6"), ("C09/65", "65"), ("C09/78", "78")]),
    ("the draft decision in Document C19/DT/4", [("C19/DT/4", "C19/DT/4")]),
    ("Document C19/12(Add.1)", [("C19/12(Add.1)", "C19/12(Add.1)")]),
    ("C17/55/(Rev.1) with a stray slash", [("C17/55(Rev.1)", "C17/55/(Rev.1)")]),
    ("Document C11/45(Rev.1)-E", [("C11/45(Rev.1)", "C11/45(Rev.1)-E")]),
    ("Addendum 1 to Document C19/12-E", [("C19/12(Add.1)", "Addendum 1 to Document C19/12-E")]),
    ("a symbol broken at its hyphen (Document CWG- Internet-9/10)", [("CWG-Internet-9/10", "CWG-Internet-9/10")]),
    ("a symbol broken at its hyphen (Document CWG-\nInternet-9/10)", [("CWG-Internet-9/10", "CWG-Internet-9/10")]),
]


@pytest.mark.parametrize("text, expected", SPELLINGS, ids=[row[0][:40] for row in SPELLINGS])
def test_every_spelling_resolves_to_one_canonical_symbol(text, expected):
    assert [(str(s), s.spelling) for s in find_symbols(text)] == expected


@pytest.mark.parametrize("text", ["CWG-Internet 18/4", "CWG-Internet-18/1(Rev.1)", "CWG-WSIS&SDG-41/5",
                                  "CWG-WSIS & SDG-41/5"])
def test_todays_symbols_keep_todays_form(text):
    [symbol] = find_symbols(text)
    assert str(symbol) in ("CWG-Internet-18/4", "CWG-Internet-18/1(Rev.1)", "CWG-WSIS&SDG-41/5")


def test_a_symbol_without_a_meeting_number_takes_the_reports_meeting():
    text = "The draft agenda (WG-COP/1) was adopted; see also WG-COP/5."
    assert [str(s) for s in find_symbols(text, context=("CWG-COP", 9))] == ["CWG-COP-9/1", "CWG-COP-9/5"]
    assert find_symbols(text, context=("CWG-Internet", 9)) == []  # another group's report cannot place it
    assert find_symbols(text) == []


def test_a_part_written_alone_belongs_to_the_document_before_it():
    previous = Symbol("CWG-FHR", 6, 4)
    [part] = find_symbols("Corrigendum 1 corrects two figures in the annex.", previous=previous)
    assert (str(part), part.spelling, part.parent) == ("CWG-FHR-6/4(Corr.1)", "Corrigendum 1", previous)
    assert find_symbols("Corrigendum 1 corrects two figures in the annex.") == []  # no document to belong to


def test_spelling_is_not_part_of_the_identity():
    one, other = find_symbols("WG-Internet 9/5 and CWG-Internet-9/5")
    assert one == other and hash(one) == hash(other) and one.spelling != other.spelling


def test_short_forms_need_a_full_symbol_before_them():
    assert find_symbols("37/3 and 37/4 of the members") == []
    assert [str(s) for s in find_symbols("Document C19/12, 14 June 2019")] == ["C19/12"]


def test_a_bare_short_form_after_document_is_read_with_the_reports_meeting():
    context = ("CWG-FHR", 12)
    text = "Document 12/6 was endorsed; Documents 12/4 and 12/7 were noted, as was Doc. 12/8(Add.1)."
    assert [(str(s), s.spelling) for s in find_symbols(text, context=context)] == [
        ("CWG-FHR-12/6", "12/6"), ("CWG-FHR-12/4", "12/4"), ("CWG-FHR-12/7", "12/7"),
        ("CWG-FHR-12/8(Add.1)", "12/8(Add.1)")]
    assert find_symbols(text) == []  # without the report's meeting a bare "12/6" names nothing
    assert find_symbols("the ratio 12/6 of members", context=context) == []  # no "Document" before it
    assert find_symbols("Document 11/3", context=context) == []  # a meeting the report never names in full
    assert [str(s) for s in find_symbols("Document 11/3", context=context, meetings={11})] == ["CWG-FHR-11/3"]
    assert find_symbols("Document 19/6", context=("Council", 19)) == []  # Council symbols are always written C19/6


def test_words_that_only_look_like_symbols_are_not_symbols():
    assert find_symbols("the CWG meeting 12/3 of members, a 1/2 majority, WG 5/6") == []


def test_positions_are_those_of_the_written_symbol():
    text = "Documents CWG-FHR-6/2 and 6/3, and Addendum 1 to it"
    located = locate_symbols(text)
    assert [text[start:end] for _, start, end in located] == ["CWG-FHR-6/2", "6/3", "Addendum 1"]
    assert [str(s) for s, _, _ in located] == ["CWG-FHR-6/2", "CWG-FHR-6/3", "CWG-FHR-6/3(Add.1)"]


def test_document_iris():
    def iri(text):
        [s] = find_symbols(text)
        return iris.document(s.body, s.meeting, s.number, revision=s.revision, part=s.part, series=s.series)

    assert iri("CWG-Internet 18/4") == iris.BASE + "document/cwg-internet-18-4"  # as before issue 15
    assert iri("CWG-Internet-18/1(Rev.1)") == iris.BASE + "document/cwg-internet-18-1-rev-1"
    assert iri("WG-Internet 9/1") == iris.BASE + "document/cwg-internet-9-1"
    assert iri("C19/DT/4") == iris.BASE + "document/c19-dt-4"
    assert iri("CWG-LANG-14/5(Add.1)") == iris.BASE + "document/cwg-lang-14-5-add-1"
