"""Officers in the archive's phrasings (issue 15 item 5), each with the member state the text gives, and
people identified by name and state through a real store."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import SEED, load_into
from itukg.loader.people import find_roles
from itukg.loader.read import read_text
from itukg.loader.segment import segment


def roles(text: str) -> set[tuple[str, str, str | None]]:
    return {(r.name, r.role, r.state) for r in find_roles(segment(read_text(text)))}


PHRASINGS = {
    "under the chairmanship of": (
        "1.1\tThe sixth meeting was held in Geneva under the chairmanship of Ms. Ingrid Halvorsen (Norway).",
        {("Ingrid Halvorsen", "chair", "NOR")}),
    "two officers before a plural role": (
        "1.1\tMs. Amal Haddad (Jordan) and Mr. Kwame Asante (Ghana), Vice-Chairs, assisted the Chair.",
        {("Amal Haddad", "vice-chair", "JOR"), ("Kwame Asante", "vice-chair", "GHA")}),
    "Vice-Chairmen from countries, the Chairman without one": (
        "1.2.The Chairman, Mr. Tarek Al-Sabeel, opened the meeting. He welcomed the Vice-Chairmen attending "
        "thismeeting, Mr. Peter Mwangi from Kenya, Ms. Lucía Ferreyra from Argentina and Mr. Dmitri Sokolov from "
        "Russian Federation, and asked Mr. Mwangi to moderate.",
        {("Tarek Al-Sabeel", "chair", None), ("Peter Mwangi", "vice-chair", "KEN"),
         ("Lucía Ferreyra", "vice-chair", "ARG"), ("Dmitri Sokolov", "vice-chair", "RUS")}),
    "Vice-Chairmen after a comma": (
        "1.1\tThe Chairman was assisted by the Vice-Chairmen, Ms. Anna Kowalczyk (Poland) and Mr. Rafael Ortega "
        "(Paraguay).",
        {("Anna Kowalczyk", "vice-chair", "POL"), ("Rafael Ortega", "vice-chair", "PRY")}),
    "a chair and four vice-chairs, titles without full stops": (
        "1.1.Prof. Dr Ivan Dragomirov (Bulgaria) chairs the Group; its vice-chairs are Ms Grace Uwase (Rwanda), "
        "Mr Tomás Herrera (Uruguay), Mr Faisal Al-Harbi (Saudi Arabia) and Ms Li Na (China).",
        {("Ivan Dragomirov", "chair", "BGR"), ("Grace Uwase", "vice-chair", "RWA"),
         ("Tomás Herrera", "vice-chair", "URY"), ("Faisal Al-Harbi", "vice-chair", "SAU"),
         ("Li Na", "vice-chair", "CHN")}),
    "chaired by, the state at the sentence's end": (
        "1.1\tThe ninth meeting was chaired by Dr Nadia Fares (Lebanese Republic). Some 80 people attended.",
        {("Nadia Fares", "chair", "LBN")}),
    "summary-record header lines": (
        "Chairman: Mr S. OKONJO (Nigeria)\nLater: Ms M. VARGAS (Costa Rica)\n1\tOpening\n",
        {("S. OKONJO", "chair", "NGA"), ("M. VARGAS", "chair", "CRI")}),
    "a Vice-Chairman chairing a session": (
        "6.1\tThe session was chaired by the Vice-Chairman, Ms. Anna Kowalczyk (Poland).",
        {("Anna Kowalczyk", "vice-chair", "POL")}),
    "speaking for the Secretary-General": (
        "1.2\tSpeaking for the Secretary-General, Mr. Malcolm Johnson, Deputy Secretary-General, welcomed the members.",
        {("Malcolm Johnson", "deputy-secretary-general", None)}),
    "a list that ends before someone with a role of their own": (
        "1.3\tThe Chairperson welcomed the Vice-Chairs, Mr. Oumar Sall (Senegal) and Ms. Mei Lin Tan (Singapore), "
        "and Mr. Jonas Weber, Secretary of the Group.",
        {("Oumar Sall", "vice-chair", "SEN"), ("Mei Lin Tan", "vice-chair", "SGP"),
         ("Jonas Weber", "secretary", None)}),
    "in the chair": (
        "1.1\tThe session opened at 09:30, Dr Omar Haddad (Egypt) being in the chair; later Mr. Olle Berg (Sweden) "
        "was in the chair for item 4.",
        {("Omar Haddad", "chair", "EGY"), ("Olle Berg", "chair", "SWE")}),
    "took the chair, presided": (
        "3.1\tMs. Lena Ruiz (Spain) took the chair after the break.\n5.1\tMr. Tariq Aziz (Pakistan) presided.",
        {("Lena Ruiz", "chair", "ESP"), ("Tariq Aziz", "chair", "PAK")}),
    "occupied the chair": (
        "1.1\tThe meeting ran over two days; Mr. Pavel Novotny (Czech Republic) occupied the chair throughout.",
        {("Pavel Novotny", "chair", "CZE")}),
    "a vice-chair who acted as chairman": (
        "1.1\tSince the Chairwoman, Ms. Rosa Quispe (Peru), could not attend, the Vice-Chairwoman Ms. Hana Sato "
        "(Japan) acted as Chairwoman for both days.",
        {("Rosa Quispe", "chair", "PER"), ("Hana Sato", "vice-chair", "JPN"), ("Hana Sato", "acting-chair", "JPN")}),
    "served as chairman": (
        "1.1\tMr. Ravi Menon (India) served as Chairman of the meeting.",
        {("Ravi Menon", "chair", "IND")}),
    "of a country, of an organization": (
        "1.2\tThe Vice-Chairs, Mr. Juan Pérez of Chile and Ms. Sara Levi of the Republic of Korea, moderated the "
        "panels.\n1.3\tThe Vice-Chair, Mr. Paul Martin of UNESCO, spoke next.",
        {("Juan Pérez", "vice-chair", "CHL"), ("Sara Levi", "vice-chair", "KOR")}),
}


@pytest.mark.parametrize("case", sorted(PHRASINGS))
def test_officer_phrasings(case):
    text, expected = PHRASINGS[case]
    assert roles(text) == expected


def test_signature_blocks():
    record = "4.2\tThe draft decision was approved.\nThe Secretary-General:\tThe Chairman:\nH. ZHAO\tS. OKONJO\n"
    assert roles(record) == {("H. ZHAO", "secretary-general", None), ("S. OKONJO", "chair", None)}
    report = ("1.1\tThe meeting was held under the chairmanship of Ms. Ingrid Halvorsen (Norway).\n"
              "8.1\tThe next meeting is planned for September.\nIngrid HALVORSEN\nChairman of CWG-FHR\n")
    assert roles(report) == {("Ingrid Halvorsen", "chair", "NOR")}  # one person: the body's spelling, its state


def test_signatures_in_ordinary_case():
    """A signature's name line as typed, with or without the signer's country, over a role line that names the
    group by acronym or in full; the country makes the body's person and the signer one."""
    report = ("1.1\tMr. Yusuf Demir (Türkiye) presided.\n9.1\tThe meeting closed.\nYusuf Demir\n"
              "Chairman, CWG-SFP\n")
    assert roles(report) == {("Yusuf Demir", "chair", "TUR")}
    alone = ("9.1\tThe meeting closed.\nAmira Nasser (Arab Republic of Egypt)\n"
             "Chair of the Council Working Group on Child Online Protection\n")
    assert roles(alone) == {("Amira Nasser", "chair", "EGY")}
    not_a_signature = "9.1\tThe meeting closed.\nAny Other Business\nThe Chair thanked everyone.\n"
    assert roles(not_a_signature) == set()


def test_a_signature_in_initials_is_the_body_s_person():
    """A signature with initials ("P. NOVOTNY") is the one person of the report whose given names start so;
    with two candidates it is left as written."""
    report = ("1.1\tMr. Pavel Novotny (Czech Republic) occupied the chair.\n9.1\tThe meeting closed.\n"
              "P. NOVOTNY\nChairman\n")
    assert roles(report) == {("Pavel Novotny", "chair", "CZE")}
    two = ("1.1\tMr. Pavel Novotny (Czech Republic) presided, with Ms. Petra Novotny (Slovakia) as Vice-Chair.\n"
           "9.1\tThe meeting closed.\nP. NOVOTNY\nChairman\n")
    assert ("P. NOVOTNY", "chair", None) in roles(two)


def test_a_state_given_once_holds_in_the_whole_report():
    text = ("1.1\tThe Vice Chair - European Region, Mr. Nigel Hickson, was Acting Chair.\n"
            "9.1\tThe meeting closed.\nMr. Nigel Hickson (United Kingdom), Acting Chair, CWG-Internet\n")
    assert roles(text) == {("Nigel Hickson", "vice-chair", "GBR"), ("Nigel Hickson", "acting-chair", "GBR")}


def test_a_surname_alone_is_the_one_person_of_that_surname():
    text = ("Chairman: Mr A. BELLO (Ghana)\nLater: Ms H. NOVAK (Czech Republic)\n1\tOpening\n"
            "4.1\tAfter the break Ms Novak presided.\n")
    assert roles(text) == {("A. BELLO", "chair", "GHA"), ("H. NOVAK", "chair", "CZE")}
    two = ("1.1\tMr. Ali Khan (Pakistan) and Ms. Sara Khan (India), Vice-Chairs, were present.\n"
           "2.1\tMr Khan was in the chair.\n")
    assert ("Khan", "chair", None) in roles(two)  # two people named Khan: which one is not guessed


def test_two_states_for_one_name_stay_apart():
    text = ("1.1\tThe meeting was chaired by Mr. Li Wei (China), assisted by Mr. Li Wei (Singapore), Vice-Chair.\n"
            "1.2\tMr. Li Wei thanked the members.\n")
    assert roles(text) == {("Li Wei", "chair", "CHN"), ("Li Wei", "vice-chair", "SGP")}


# ---------------------------------------------------------------------------------------- through a store


def _renumbered(tmp_path: Path, number: int, ordinal: str, *, country: str | None = None) -> Path:
    """The bundled report as the report of another meeting of CWG-Internet (its Acting Chair from `country`)."""
    text = SEED.read_text(encoding="utf-8")
    text = text.replace("eighteenth meeting", f"{ordinal} meeting")
    text = text.replace("CWG-Internet-18/", f"CWG-Internet-{number}/")
    text = text.replace("CWG-Internet 18/", f"CWG-Internet {number}/")
    if country:
        text = text.replace("Mr. Nigel Hickson (United Kingdom)", f"Mr. Nigel Hickson ({country})")
    path = tmp_path / f"cwg-internet-{number}-report.txt"
    path.write_text(text, encoding="utf-8")
    return path


def _people(store, name: str) -> dict[str, set[str]]:
    """Each node named `name` → the report graphs that name it."""
    rows = store.query(f'SELECT ?person ?g WHERE {{ GRAPH ?g {{ ?person <https://schema.org/name> "{name}" }} }}')
    found: dict[str, set[str]] = {}
    for row in rows:
        found.setdefault(row["person"].value, set()).add(row["g"].value)
    return found


def test_one_person_across_two_reports_of_one_group(memory_store, tmp_path):
    load_into(memory_store, SEED, _renumbered(tmp_path, 21, "twenty-first"))
    people = _people(memory_store, "Nigel Hickson")
    assert list(people) == ["https://w3id.org/itukg/person/nigel-hickson-gbr"]
    assert len(people["https://w3id.org/itukg/person/nigel-hickson-gbr"]) == 2


def test_two_people_of_one_name_from_two_states(memory_store, tmp_path):
    load_into(memory_store, SEED, _renumbered(tmp_path, 21, "twenty-first", country="Canada"))
    people = _people(memory_store, "Nigel Hickson")
    assert set(people) == {"https://w3id.org/itukg/person/nigel-hickson-gbr",
                           "https://w3id.org/itukg/person/nigel-hickson-can"}
    states = {row["s"].value for row in memory_store.query(
        'SELECT ?s WHERE { ?p <https://schema.org/name> "Nigel Hickson" ; '
        '<https://w3id.org/itukg/ontology#represents> ?s }')}
    assert states == {"https://w3id.org/itukg/state/GBR", "https://w3id.org/itukg/state/CAN"}
