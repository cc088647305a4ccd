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
    "a quotation that proposes nothing": ("The Chair recalled the “spirit of Geneva” in her closing remarks.", []),
}


@pytest.mark.parametrize("text, expected", CASES.values(), ids=CASES.keys())
def test_topic_phrasings(text, expected):
    paragraphs = segment(read_text(f"2\tTopics\n2.1\t{text}\n"))
    assert [topic.title for topic in find_topics(paragraphs, {})] == expected
