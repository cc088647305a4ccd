"""Who submitted a document, read from the words that name them ("Brazil, China and the Russian
Federation", "the Arab States", "Orbital Links Ltd, Sector Member of ITU-R", "the Kivu Institute of
Digital Studies (Academia)", "the Chair", "her country and the United Arab Emirates"): member states by
ISO3, every other submitter as an `Agent` of one kind (the agent-kind scheme of data/concepts.ttl), and
what matches neither, verbatim.

>>> found = read_submitters("Algeria, Egypt and Tunisia on behalf of the Arab States")
>>> found.states, [a.name for a in found.agents], found.unresolved
(['DZA', 'EGY', 'TUN'], ['Arab States'], [])
>>> read_submitters("Orbital Links Ltd, Sector Member of ITU-R").agents
[Agent(key='orbital-links-ltd', name='Orbital Links Ltd', kind='sector-member')]
>>> read_submitters("her country and Uganda", speaker="KEN").states
['KEN', 'UGA']
>>> read_submitters("the Chair", body="CWG-WSIS&SDG").agents
[Agent(key='cwg-wsis-sdg-chair', name='Chair', kind='chair')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from . import lexicon
from .iris import slug


@dataclass(frozen=True, slots=True)
class Agent:
    """A submitter that is not a member state: `key` is the last segment of its IRI (`agent/<key>`), `name`
    its rdfs:label, `kind` the notation of its itu:agentKind."""

    key: str
    name: str
    kind: str


@dataclass(slots=True)
class Submitters:
    states: list[str] = field(default_factory=list)
    agents: list[Agent] = field(default_factory=list)
    unresolved: list[str] = field(default_factory=list)


# "X (Academia)", "X (Academia, ITU-D)", "X (ITU-D Sector Member)", "X, Sector Member of ITU-R", "X, an ITU-T Associate"
_CATEGORY = re.compile(
    r"^(?:the\s+)?(?P<name>.+?)\s*(?:\(\s*(?:ITU(?:-[RTD])?\s+)?(?P<bracket>Academia|Associate|Sector\s+Member)[^()]*\)"
    r"|,\s*(?:an?\s+)?(?:ITU(?:-[RTD])?\s+)?(?P<comma>Academia|Associate|Sector\s+Member)\b.*)$",
    re.IGNORECASE,
)
_KIND_OF_CATEGORY = {"academia": "academia", "associate": "associate", "sector member": "sector-member"}
_CHAIR = re.compile(r"^(?:the\s+)?(?:Acting\s+)?Chair(?:man|person|woman)?(?:\s+of\s+the\s+(?:Group|[\w&-]+))?$",
                    re.IGNORECASE)
_SPEAKER_COUNTRY = re.compile(r"\b(?:her|his|its|their|my|our)\s+(?:own\s+)?(?:country|administration|government)\b",
                              re.IGNORECASE)
# "A (on behalf of the Arab States), and B", "A, also on behalf of B and C", "A and B, jointly on behalf of C":
# every state listed submits, and so does the group (tests/corpus/styles/README.md, round 2)
_BEHALF = re.compile(r"\s*\(\s*(?:also\s+)?on\s+behalf\s+of\s+(?P<inside>[^()]+)\)|\s*,?\s+(?:(?:also|jointly)\s+)?"
                     r"on\s+behalf\s+of\s+",
                     re.IGNORECASE)
# "A and B, as well as by C", "the delegations of A and B", "the Government of C": the list's own words
_LIST_WORDS = re.compile(r"\bas\s+well\s+as(?:\s+by)?\b|\b(?:the\s+)?"
                         r"(?:delegations?|delegates?|representatives?|governments?)"
                         r"\s+(?:of|from)\s+", re.IGNORECASE)
# "the African Telecommunications Union (ATU) on behalf of its Member States": the organization alone
_OWN_MEMBERS = re.compile(r"\s*,?\s+on\s+behalf\s+of\s+(?:all\s+)?(?:its|their)\s+(?:\d+\s+)?"
                          r"(?:Member\s+States|members|membership|Administrations)\b", re.IGNORECASE)


# Where a list of submitters ends in running text: "Contribution by A (ITU-T Sector Member), describes …", "by
# the Russian Federation and the RCC on the relevance of …", "from the Chairman compiling the answers …"
_WHO_END = re.compile(r",\s+(?=[a-z])(?!and\b|the\b|as\s+well\b|also\b|jointly\b|on\s+behalf\b|"
                      r"an?\s+(?:ITU|Sector|Associate|Academia)\b)"
                      r"|\s+(?:on(?!\s+behalf)|about|concerning|regarding|which|that|who|to|with|entitled|for|"
                      r"[a-z]{2,}ing)\b"
                      r"|[;:]|\.(?:\s|$)")


def who_phrase(text: str) -> str:
    """The words that name the submitters at the start of `text`, without what the sentence goes on to say.

    >>> who_phrase("Kestrel Labs (ITU-T Sector Member), describes its work on satellites")
    'Kestrel Labs (ITU-T Sector Member)'
    >>> who_phrase("Peru and the Arab States, as well as Chile, on the use of spectrum")
    'Peru and the Arab States, as well as Chile'
    """
    end = _WHO_END.search(text)
    return text[: end.start()] if end else text


def read_submitters(text: str, *, body: str | None = None, speaker: str | None = None) -> Submitters:
    """The submitters a list names. `body` is the group whose Chair "the Chair" is; `speaker` the ISO3 of
    the state whose delegate speaks, for "her country"."""
    text = re.sub(r"\s+", " ", text).strip(" ,.;:")
    out = Submitters()
    if not text:
        return out
    if _CHAIR.match(text):
        out.agents.append(Agent(f"{slug(body)}-chair" if body else "chair", "Chair", "chair"))
        return out
    if (category := _CATEGORY.match(text)) is not None:
        name = category["name"].strip(" ,")
        kind = _KIND_OF_CATEGORY[re.sub(r"\s+", " ", (category["bracket"] or category["comma"]).lower())]
        out.agents.append(Agent(slug(name), name, kind))
        return out
    if speaker is not None:
        text = _SPEAKER_COUNTRY.sub(lexicon.state_names()[speaker], text)
    text = _BEHALF.sub(lambda m: ", " + (m["inside"] or ""), _OWN_MEMBERS.sub("", text))
    if "as well" in text or "of " in text or "from " in text:
        text = _LIST_WORDS.sub(", ", text)
    rest = text
    for match, (key, label, kind) in reversed(lexicon.agents().find_all(text)):
        if all(agent.key != key for agent in out.agents):  # "Regional Commonwealth … (RCC)" is one agent
            out.agents.insert(0, Agent(key, label, kind))
        rest = rest[: match.start()] + "," + rest[match.end():]
    if rest.strip(" ,;&"):
        out.states, leftovers = lexicon.member_states().match(rest)
        out.unresolved = [piece for piece in leftovers if piece.strip(" ,;&()") and piece.lower() not in ("and", "the")]
    return out


__all__ = ["Agent", "Submitters", "read_submitters", "who_phrase"]
