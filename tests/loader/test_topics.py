"""Topics proposed in the archive's phrasings (issue 15): the noun before the title ("the topic “X”",
"the theme “X”"), after it ("“X” as the topic of the next …"), or what a consultation is to address."""

from __future__ import annotations

import pytest

from itukg.loader.read import read_text
from itukg.loader.segment import segment
from itukg.loader.topics import find_topics

CASES = {
    "the topic before the title": ("Egypt proposes the topic “Affordable access in rural areas” for the next "
                                   "consultation.", ["Affordable access in rural areas"]),
    "a WSIS Forum theme": ("RCC proposes the theme “ICTs for resilient societies” for the WSIS Forum 2022.",
                           ["ICTs for resilient societies"]),
    "the title before its noun": ("The proponents suggest “Online safety of children” as the topic of the next "
                                  "open consultation.", ["Online safety of children"]),
    "what a consultation is to address": ('Kenya proposes that the next consultation address "Stability of '
                                          'critical Internet resources", recalling Resolution 102.',
                                          ["Stability of critical Internet resources"]),
    "adjectives between the article and the noun": ("Japan puts forward “Trust in digital identity” as a possible "
                                                    "overall topic for the next consultation.",
                                                    ["Trust in digital identity"]),
    "an adjective before the noun, the title after it": ("Ghana proposes the main theme “Skills for a digital "
                                                         "economy” for the Forum.", ["Skills for a digital economy"]),
    "the title as the subject of a consultation": ("Uganda and Kenya, noting the survey, put forward “Digital "
                                                   "public infrastructure” as the main subject of an online "
                                                   "consultation in 2025.", ["Digital public infrastructure"]),
    "the title as the focus of the Forum": ("The proponents want “Green data centres” as the focus of the next "
                                            "Forum.", ["Green data centres"]),
    "the noun's complement after the noun": ("The Group agreed that the theme for its next open consultation "
                                            "would be “Cybersecurity for small businesses”.",
                                            ["Cybersecurity for small businesses"]),
    "a quotation that proposes nothing": ("The Chair recalled the “spirit of Geneva” in her closing remarks.", []),
}


@pytest.mark.parametrize("text, expected", CASES.values(), ids=CASES.keys())
def test_topic_phrasings(text, expected):
    paragraphs = segment(read_text(f"2\tTopics\n2.1\t{text}\n"))
    assert [topic.title for topic in find_topics(paragraphs, {})] == expected


DOCUMENTS = {
    "a paragraph that opens with its document": (
        "2\tContributions\n2.1\tCWG-Internet-10/6, from Peru and Chile, which recalls Resolution 102, proposes "
        "“Open data for disaster relief” as the topic of the next consultation.\n", "CWG-Internet-10/6"),
    "a bullet that opens with In and its document": (
        "2\tContributions\n-\tIn Document CWG-Internet-10/7 Mexico proposes “Rural broadband” as a theme.\n",
        "CWG-Internet-10/7"),
    "a title line before the paragraph, not taken for a heading": (
        "2\tContributions\nCWG-Internet-10/8 – Submission by Ghana and Togo\nThe submission suggests “Local "
        "content in African languages” as the subject of the Forum.\n", "CWG-Internet-10/8"),
    "a document named after the title is not the proposer": (
        "2\tContributions\n2.1\tKenya proposes “Open source in schools” as the topic, as in CWG-Internet-9/4.\n",
        None),
}


@pytest.mark.parametrize("text, expected", DOCUMENTS.values(), ids=DOCUMENTS.keys())
def test_topic_documents(text, expected):
    paragraphs = segment(read_text(text))
    topic, = find_topics(paragraphs, {})
    assert (str(topic.symbol) if topic.symbol else None) == expected
