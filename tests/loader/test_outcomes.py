"""Outcomes in the archive's phrasings (issue 15 item 7), attached to the documents a section is about,
including when the symbol is only in the heading."""

from __future__ import annotations

import pytest

from itukg.loader.extract import extract_report
from itukg.loader.read import read_text

OPENING = "1\tIntroduction\n1.1\tThe tenth meeting of CWG-Internet was held in Geneva on 5 May 2024.\n"


def outcomes(body: str) -> set[tuple[str, str]]:
    """(symbol, outcome) of every decision about a document in a report made of OPENING and `body`."""
    extraction = extract_report(read_text(OPENING + body, name="cwg-internet-10-report.txt"))
    return {(str(d.subject), d.outcome) for d in extraction.decisions if d.subject_kind == "document"}


PHRASINGS = {
    "endorsed is approved": (
        "2\tDraft report of the Chair to Council (Document CWG-Internet-10/9)\n"
        "2.1\tThe Group endorsed the draft report, with the amendments agreed during the meeting.\n",
        {("CWG-Internet-10/9", "approved")}),
    "agreed to transmit it to Council": (
        "2\tReport of the Chairman to Council\n"
        "2.1\tThe Chairman presented his draft report (CWG-Internet-10/9). "
        "The Group agreed to transmit it to Council.\n",
        {("CWG-Internet-10/9", "agreed")}),
    "agreed to forward, the symbol in the heading": (
        "2\tCWG-Internet-10/5: Contribution from the Regional Commonwealth in the field of Communications\n"
        "2.1\tRCC proposes a theme for the Forum. "
        "The Group agreed to forward the proposed theme to the consultation.\n",
        {("CWG-Internet-10/5", "agreed")}),
    "was not able to reach agreement": (
        "2\tContribution by Orbital Links Ltd, Sector Member of ITU-R (Document CWG-Internet-10/6)\n"
        "2.1\tThe contribution proposes lower fees. The Group was not able to reach agreement on the proposal.\n",
        {("CWG-Internet-10/6", "no-agreement")}),
    "no consensus, then continued at the next meeting": (
        "2\tCWG-Internet-10/6: Contribution from the Russian Federation\n"
        "2.1\tViews differed. The Group could not reach consensus on the need for a new resolution. The draft stays "
        "open for comments, and the Group will continue the discussion at its next meeting.\n",
        {("CWG-Internet-10/6", "no-agreement"), ("CWG-Internet-10/6", "deferred")}),
    "both documents of a heading": (
        "2\tAnnual report (Documents CWG-Internet-10/3 and CWG-Internet-10/4)\n"
        "2.1\tMembers welcomed the report. The Group took note of both documents.\n",
        {("CWG-Internet-10/3", "noted"), ("CWG-Internet-10/4", "noted")}),
    "agreed to the proposal of a contribution named in its heading": (
        "2\tContribution by the United Kingdom (Document CWG-Internet-10/5)\n"
        "2.1\tSeveral members supported the proposal. The Group agreed to the proposal and requested the "
        "secretariat to report to the next meeting.\n",
        {("CWG-Internet-10/5", "agreed")}),
    "two decisions in one sentence": (
        "2\tWSIS matters\n"
        "2.1\tThe Group took note of Document CWG-Internet-10/3, and agreed to transmit the proposal contained in "
        "Document CWG-Internet-10/7 to CWG-WSIS&SDG for further study.\n",
        {("CWG-Internet-10/3", "noted"), ("CWG-Internet-10/7", "agreed")}),
    "a question put to the group decides nothing": (
        "2\tCWG-Internet-10/4: Contribution from Brazil\n"
        "2.1\tThe contribution asks: What policies have been adopted to cut the energy use of data centres? "
        "The Group took note of the contribution.\n",
        {("CWG-Internet-10/4", "noted")}),
    "a quoted question inside a decision still decides": (
        "2\tCWG-Internet-10/5: Contribution from Kenya\n"
        "2.1\tThe Group agreed on the topic contained in Document CWG-Internet-10/5, with one question added: "
        "“What role can IPv6 play?”.\n",
        {("CWG-Internet-10/5", "agreed")}),
    "a passive about something else is not about the heading's document": (
        "2\tCWG-Internet-10/6: Contribution from Egypt\n"
        "2.1\tSimilar measures have been adopted by other organizations of the United Nations system.\n",
        set()),
    "the heading's report chosen over a corrigendum named since": (
        "2\tStaff report (Document CWG-Internet-10/4 and Corrigendum 1)\n"
        "2.1\tThe secretariat presented its report. Corrigendum 1 corrects two figures.\n"
        "2.2\tThe Group endorsed the report.\n",
        {("CWG-Internet-10/4", "approved")}),
    "a deferral that someone agreed to, a Council document in the heading": (
        "2\tRegional centre for digital skills (Document C19/81)\n"
        "2.1\tNoting the divergent views, the Chairman proposed, and the Group agreed, that consideration of the "
        "document be postponed to the next meeting.\n",
        {("C19/81", "deferred")}),
    "thanked the submitter, took note and agreed to transmit": (
        "2\tCWG-Internet-10/7: Contribution from the Asia-Pacific Telecommunity (APT)\n"
        "2.1\tAPT shared a regional review. The Group thanked APT and took note of the contribution, and agreed to "
        "transmit it to Council.\n",
        {("CWG-Internet-10/7", "noted"), ("CWG-Internet-10/7", "agreed")}),
    "noted, not the agenda it added an item to": (
        "2\tCWG-Internet-10/1: Agenda of the meeting\n2.1\tThe agenda was adopted.\n"
        "3\tCWG-Internet-10/5: Contribution by the United States of America\n"
        "3.1\tThe contribution proposes indicators. The Group noted the contribution and added the item to its "
        "agenda.\n",
        {("CWG-Internet-10/1", "adopted"), ("CWG-Internet-10/5", "noted")}),
    "the Council took note": (
        "2\tReport by the Chairman (Document CWG-Internet-10/2)\n"
        "2.1\tThe Council took note of the report contained in Document CWG-Internet-10/2.\n",
        {("CWG-Internet-10/2", "noted")}),
    "a contribution and its addendum deferred, the proposal before the verb": (
        "2\tDocuments CWG-Internet-10/6 and 10/6(Add.1) – Contribution by Mexico and Argentina\n"
        "2.1\tThe proponents propose a review. Consideration of the proposal was deferred to the next meeting, as "
        "the addendum had been posted late.\n",
        {("CWG-Internet-10/6", "deferred"), ("CWG-Internet-10/6(Add.1)", "deferred")}),
    # --- issue 15, held-out phrasings: each family in wording of its own -----------------------------------------
    "could not agree": (
        "2\tCWG-Internet-10/6: Contribution from Egypt\n"
        "2.1\tThe contribution proposes a new resolution. After a long exchange the Working Group could not agree "
        "on the text.\n",
        {("CWG-Internet-10/6", "no-agreement")}),
    "the members did not agree, then discussions will resume": (
        "2\tCWG-Internet-10/6: Contribution from Egypt\n"
        "2.1\tMembers did not agree on the scope of the study; discussions will resume at the 11th meeting.\n",
        {("CWG-Internet-10/6", "no-agreement"), ("CWG-Internet-10/6", "deferred")}),
    "a deferral stated with the meeting's ordinal": (
        "2\tCWG-Internet-10/7: Contribution from Peru\n"
        "2.1\tTime ran short. Consideration of the contribution will continue at the eleventh meeting.\n",
        {("CWG-Internet-10/7", "deferred")}),
    "took note, with appreciation, of": (
        "2\tAnnual activity report (Document CWG-Internet-10/3)\n"
        "2.1\tThe Group took note, with appreciation, of the report.\n",
        {("CWG-Internet-10/3", "noted")}),
    "the participants as the subject": (
        "2\tCWG-Internet-10/3: Report on capacity building\n"
        "2.1\tParticipants noted the report with interest.\n",
        {("CWG-Internet-10/3", "noted")}),
    "note was taken of": (
        "2\tCWG-Internet-10/3: Report on capacity building\n2.1\tNote was taken of the report.\n",
        {("CWG-Internet-10/3", "noted")}),
    "was taken note of, the section's addendum": (
        "2\tAnnual report (Documents CWG-Internet-10/4 and 10/4(Add.1))\n"
        "2.1\tThe Group approved the report, and the addendum was taken note of.\n",
        {("CWG-Internet-10/4", "approved"), ("CWG-Internet-10/4(Add.1)", "noted")}),
    "a sentence opening with It": (
        "2\tCWG-Internet-10/5: Contribution from Kenya\n"
        "2.1\tThe Group examined the proposal at length. It agreed to transmit it to CWG-WSIS&SDG.\n",
        {("CWG-Internet-10/5", "agreed")}),
    "two verbs, one decision": (
        "2\tCWG-Internet-10/5: Contribution from Kenya\n"
        "2.1\tThe meeting welcomed the initiative and agreed to forward it to Council 2025.\n",
        {("CWG-Internet-10/5", "agreed")}),
    "bare short forms in a later sentence": (
        "2\tContributions\n"
        "2.1\tThree contributions were presented: Documents CWG-Internet-10/4, 10/5 and 10/7.\n"
        "2.2\tDocument 10/5 was endorsed. Documents 10/4 and 10/7 were noted.\n",
        {("CWG-Internet-10/5", "approved"), ("CWG-Internet-10/4", "noted"), ("CWG-Internet-10/7", "noted")}),
    "a bare short form of an earlier meeting named in full before": (
        "2\tFollow-up\n2.1\tThe secretariat recalled its report to the ninth meeting (CWG-Internet-9/12).\n"
        "3\tOther business\n3.1\tDocument 9/12 was noted again.\n",
        {("CWG-Internet-9/12", "noted")}),
    "documents named by their descriptions": (
        "2\tFinancial matters (Documents CWG-Internet-10/2 and 10/3)\n"
        "2.1\tThe secretariat presented the audited accounts (Document CWG-Internet-10/2) and a note on "
        "exchange-rate effects (Document CWG-Internet-10/3).\n"
        "2.2\tThe Group endorsed the audited accounts and agreed to forward the exchange-rate note to Council.\n",
        {("CWG-Internet-10/2", "approved"), ("CWG-Internet-10/3", "agreed")}),
    "a contribution and its addendum deferred without a noun": (
        "2\tContribution by Chile (Document CWG-Internet-10/8 and Addendum 1)\n"
        "2.1\tThe addendum adds cost estimates. Discussions will resume at the next meeting.\n",
        {("CWG-Internet-10/8", "deferred"), ("CWG-Internet-10/8(Add.1)", "deferred")}),
    # --- issue 15, held-out round 2: each family in wording of its own ----------------------------------------
    "a lettered list of conclusions after the group and a colon": (
        "5\tSummary of conclusions\n5.1\tHaving heard the presentations, the Working Group:\n"
        "(a)\ttook note of Documents CWG-Internet-10/3 and 10/4;\n"
        "(b)\tendorsed the work plan in Document CWG-Internet-10/6;\n"
        "(c)\tdecided to send Document CWG-Internet-10/7 to the Council;\n"
        "(d)\tthanked the interpreters.\n",
        {("CWG-Internet-10/3", "noted"), ("CWG-Internet-10/4", "noted"), ("CWG-Internet-10/6", "approved"),
         ("CWG-Internet-10/7", "agreed")}),
    "bullets under a conclusions heading": (
        "4\tDecisions\n-\tapproved Document CWG-Internet-10/8;\n-\tpostponed Document CWG-Internet-10/9.\n",
        {("CWG-Internet-10/8", "approved"), ("CWG-Internet-10/9", "deferred")}),
    "a list after someone else's colon is not the group's": (
        "4\tStatements\n4.1\tThe delegate of Peru:\n-\tnoted Document CWG-Internet-10/8 with concern.\n",
        set()),
    "a deferral as going back to the matter at a later meeting": (
        "2\tCWG-Internet-10/6: Contribution from Egypt\n"
        "2.1\tThe Group will come back to the proposal at its twelfth meeting.\n",
        {("CWG-Internet-10/6", "deferred")}),
    "a deferral as taking the item up again": (
        "2\tCWG-Internet-10/6: Contribution from Egypt\n"
        "2.1\tThe item is to be examined again at a future meeting.\n",
        {("CWG-Internet-10/6", "deferred")}),
    "no conclusion reached, then a return to it in the same sentence": (
        "2\tContributions\n2.1\tThe Group reached no conclusion on Document CWG-Internet-10/5 and decided to "
        "return to it at its next meeting.\n",
        {("CWG-Internet-10/5", "no-agreement"), ("CWG-Internet-10/5", "deferred")}),
    "no consensus emerged, the two documents of the sentence discussed again": (
        "2\tContributions\n2.1\tDocuments CWG-Internet-10/3 and 10/8 were presented.\n"
        "2.2\tOn Documents CWG-Internet-10/5 and 10/6 no consensus emerged, and the two proposals will be "
        "considered again at the eleventh meeting.\n",
        {("CWG-Internet-10/5", "no-agreement"), ("CWG-Internet-10/6", "no-agreement"),
         ("CWG-Internet-10/5", "deferred"), ("CWG-Internet-10/6", "deferred")}),
    "a failure to agree that names the later meeting in a relative clause": (
        "2\tContributions\n2.1\tThe Group could not agree on Document CWG-Internet-10/5, which is to be taken "
        "up again at the next meeting.\n",
        {("CWG-Internet-10/5", "no-agreement"), ("CWG-Internet-10/5", "deferred")}),
    "the participants could not agree after but": (
        "2\tCWG-Internet-10/6: Contribution from Egypt\n"
        "2.1\tThe idea in Document CWG-Internet-10/6 found wide support, but participants could not agree on its "
        "cost.\n",
        {("CWG-Internet-10/6", "no-agreement")}),
    "a document only in a relative clause at the end is not decided on": (
        "2\tContributions\n2.1\tThe Group agreed to send the request in Document CWG-Internet-10/5 to CWG-FHR, "
        "which is reviewing the budget (CWG-FHR 12/4).\n",
        {("CWG-Internet-10/5", "agreed")}),
    "the noun's number picks as many documents": (
        "2\tContributions\n2.1\tThe secretariat presented its report (Document CWG-Internet-10/3). Brazil "
        "introduced Document CWG-Internet-10/4, and Peru Document CWG-Internet-10/5.\n"
        "2.2\tThe Group took note of the two contributions.\n",
        {("CWG-Internet-10/4", "noted"), ("CWG-Internet-10/5", "noted")}),
    "presented and duly noted": (
        "2\tContributions\n2.1\tDocument CWG-Internet-10/5 was presented and duly noted.\n",
        {("CWG-Internet-10/5", "noted")}),
    "the report including its addendum": (
        "2\tFinancial report (Documents CWG-Internet-10/2 and 10/2(Add.1))\n"
        "2.1\tThe Group approved the financial report, including its addendum.\n",
        {("CWG-Internet-10/2", "approved"), ("CWG-Internet-10/2(Add.1)", "approved")}),
    "chose the theme put forward in a document": (
        "2\tContributions\n2.1\tThe Group chose the theme put forward in Document CWG-Internet-10/4 for its "
        "next consultation.\n",
        {("CWG-Internet-10/4", "agreed")}),
    "the agenda in a section headed by one document": (
        "2\tOpening remarks and programme of work (CWG-Internet-10/1)\n2.1\tThe draft agenda was approved as "
        "presented.\n",
        {("CWG-Internet-10/1", "approved")}),
    "a decision read in a numbered paragraph taken for a heading": (
        "II.\tTHE PROGRAMME\n4\tThe programme of work set out in CWG-Internet 10/1 was endorsed as it stood.\n",
        {("CWG-Internet-10/1", "approved")}),
    "a decision about the following documents, then their list": (
        "3\tContributions\n3.1\tThe Group took note of the following contributions:\n"
        "-\tCWG-Internet-10/4, from Brazil, on IPv6 adoption;\n"
        "-\tCWG-Internet-10/5 and 10/5(Add.1), from Peru, which revise CWG-Internet-9/7.\n"
        "3.2\tThe Group agreed to transmit Document CWG-Internet-10/6 to Council.\n",
        {("CWG-Internet-10/4", "noted"), ("CWG-Internet-10/5", "noted"), ("CWG-Internet-10/5(Add.1)", "noted"),
         ("CWG-Internet-10/6", "agreed")}),
    "the following documents were approved, a passive": (
        "3\tReports\n3.1\tThe following documents were approved:\n-\tDocument CWG-Internet-10/2, report of "
        "the ninth meeting;\n-\tDocument CWG-Internet-10/3, workplan.\n",
        {("CWG-Internet-10/2", "approved"), ("CWG-Internet-10/3", "approved")}),
    "the agenda adopted with the following changes stays the agenda's": (
        "2\tAgenda (CWG-Internet-10/1)\n2.1\tThe agenda was adopted with the following changes:\n-\titem 5 "
        "moved before item 4.\n",
        {("CWG-Internet-10/1", "adopted")}),
    "the following contributions were considered: no decision": (
        "3\tContributions\n3.1\tThe Group considered the following contributions:\n-\tCWG-Internet-10/4, "
        "from Brazil;\n-\tCWG-Internet-10/5, from Peru.\n",
        set()),
    "a deferral to a later stage, brought back": (
        "2\tCWG-Internet-10/6: Contribution from Egypt\n"
        "2.1\tThe proponents will bring the revised text back to a later session of the Group.\n",
        {("CWG-Internet-10/6", "deferred")}),
    "a deferral as a future consideration at the next session": (
        "2\tCWG-Internet-10/6: Contribution from Egypt\n"
        "2.1\tThe contribution is to be considered at the next session, when the cost study is ready.\n",
        {("CWG-Internet-10/6", "deferred")}),
    "a deferral as carried over": (
        "2\tContributions\n2.1\tDocument CWG-Internet-10/7 was carried over to the eleventh meeting.\n",
        {("CWG-Internet-10/7", "deferred")}),
    "a passive acceptance, and a decision in the impersonal passive": (
        "2\tContributions\n2.1\tThe amendment in Document CWG-Internet-10/4 was accepted. It was decided to send "
        "Document CWG-Internet-10/5 to the Council.\n",
        {("CWG-Internet-10/4", "agreed"), ("CWG-Internet-10/5", "agreed")}),
    "agreed with the recommendations": (
        "2\tCWG-Internet-10/3: Report of the correspondence group\n2.1\tThe Group agreed with the two "
        "recommendations of the report.\n",
        {("CWG-Internet-10/3", "agreed")}),
    "could not be agreed, not in a position to agree": (
        "2\tContributions\n2.1\tThe text in Document CWG-Internet-10/5 could not be agreed. The Group was not in "
        "a position to agree on Document CWG-Internet-10/6 either.\n",
        {("CWG-Internet-10/5", "no-agreement"), ("CWG-Internet-10/6", "no-agreement")}),
    "presented at the next meeting is no deferral": (
        "2\tContributions\n2.1\tBrazil announced a contribution that will be presented at the next meeting.\n",
        set()),
    # --- what stays a view or an earlier meeting's decision ---------------------------------------------------
    "several members disagreeing is a view": (
        "2\tCWG-Internet-10/6: Contribution from Egypt\n2.1\tSeveral members did not agree with the proposal.\n",
        set()),
    "an earlier meeting's failure to agree, recalled": (
        "2\tCWG-Internet-10/6: Contribution from Egypt\n"
        "2.1\tThe proponents recall that the Group could not agree on a topic at its ninth meeting.\n",
        set()),
}


@pytest.mark.parametrize("case", sorted(PHRASINGS))
def test_outcome_phrasings(case):
    body, expected = PHRASINGS[case]
    assert outcomes(body) == expected


def test_work_methods_are_not_an_outcome():
    body = ("2\tCWG-Internet-10/2: Report of the Secretariat\n2.1\tThe Group took note of the report.\n"
            "3\tWorking methods\n3.1\tThe Group agreed to continue its work by correspondence. The Group agreed on "
            "the dates of its next meeting.\n")
    extraction = extract_report(read_text(OPENING + body, name="cwg-internet-10-report.txt"))
    assert [(d.subject_kind, str(d.subject), d.outcome) for d in extraction.decisions] == [
        ("document", "CWG-Internet-10/2", "noted")]
