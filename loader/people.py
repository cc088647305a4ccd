"""People in roles: the chair, vice-chairs, elected officials and secretaries a report names, each with the
member state the text gives next to the name.

The archive names officers in many ways (docs/styles.md, "Officers"): a role before the name ("The
Chairman, Mr. X,"), after it ("Mr. X (Country), Acting Chair"), "chaired by" / "under the chairmanship of" /
"was in the chair" / "took the chair" / "presided", lists that share one plural role ("Ms. A (X) and Mr. B (Y),
Vice-Chairs"; "Vice-Chairmen … Mr. A from Kenya, Ms. B from Argentina and Mr. C from Russian Federation"),
summary-record header lines ("Chairman: Mr S. OKONJO (Nigeria)", "Later: Ms M. VARGAS (Costa Rica)") and
signature blocks ("The Secretary-General:" over "H. ZHAO"; "Ingrid HALVORSEN" or "Mariana Sousa (Brazil)" over
"Chairman of CWG-FHR" or "Chair, CWG-COP"). A state comes from "(Norway)", "from Kenya" or "of Poland" (a
member state's whole name only: "Mr. X of UNICEF" has none).

>>> from itukg.loader.read import read_text
>>> from itukg.loader.segment import segment
>>> text = "1.1\\tMs. Amal Haddad (Jordan) and Mr. Kwame Asante (Ghana), Vice-Chairs, assisted the Chair."
>>> [(r.name, r.role, r.state) for r in find_roles(segment(read_text(text)))]
[('Amal Haddad', 'vice-chair', 'JOR'), ('Kwame Asante', 'vice-chair', 'GHA')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from . import lexicon
from .segment import Paragraph


@dataclass(slots=True)
class Role:
    """One role one person held at the meeting; `state` is the ISO3 code of the member state the text gives
    next to the person (None when it gives none, as for elected officials)."""

    name: str
    honorific: str | None
    role: str
    region: str | None
    state: str | None
    remote: bool
    paragraph: int


_HONORIFIC = (r"(?P<honorific>Prof(?:essor)?\.?\s+Dr|Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Professor|H\.\s?E|Ambassador|Amb|"
              r"Eng|Sir|Dame)\.?")
_NAME_WORD = r"[A-ZÀ-ÖØ-Þ][\w’'.-]*"
_PARTICLE = r"(?:de|da|do|dos|das|del|della|di|du|van|von|der|den|la|le|bin|binti|ibn|al|el|Al|El|y)"
_PERSON = re.compile(
    rf"\b{_HONORIFIC}\s+(?P<name>{_NAME_WORD}(?:[\s-]+(?:{_PARTICLE}[\s-]+)*{_NAME_WORD}){{0,4}})"
)
_NOT_NAME = {"ITU", "Chair", "Vice", "Acting", "Secretary", "Deputy", "Director", "The", "Council", "CWG",
             "Group", "Member", "States", "Chairman", "Vice-Chair", "Co-Chair"}

_ROLES: tuple[tuple[str, str], ...] = (
    ("acting-chair", r"acting\s+chair(?:man|person|woman)?|chair(?:man|person)?\s+a\.\s?i\.|interim\s+"
                     r"chair(?:man|person)?"),
    ("vice-chair", r"vice[\s-]*chair(?:man|men|person|persons|woman|women|s)?"),
    ("co-chair", r"co[\s-]*chair(?:man|men|person|persons|woman|women|s)?"),
    ("deputy-secretary-general", r"deputy\s+secretary[\s-]+general"),
    ("secretary-general", r"secretary[\s-]+general"),
    ("tsb-director", r"director\s+of\s+(?:the\s+)?(?:ITU\s+)?telecommunication\s+standardi[sz]ation\s+"
                     r"bureau(?:\s*\(TSB\))?|TSB\s+director|director\s+of\s+(?:the\s+)?TSB|director,?\s+TSB"),
    ("bdt-director", r"director\s+of\s+(?:the\s+)?(?:ITU\s+)?telecommunication\s+development\s+bureau(?:\s*\(BDT\))?"
                     r"|BDT\s+director|director\s+of\s+(?:the\s+)?BDT|director,?\s+BDT"),
    ("br-director", r"director\s+of\s+(?:the\s+)?(?:ITU\s+)?radiocommunication\s+bureau(?:\s*\(BR\))?|BR\s+director"
                    r"|director\s+of\s+(?:the\s+)?BR|director,?\s+BR"),
    ("chair", r"chair(?:man|person|woman)?"),
    ("secretary", r"secretary"),
)
_ROLE = re.compile(r"\b(?:" + "|".join(f"(?P<{key.replace('-', '_')}>{rx})" for key, rx in _ROLES) + r")\b",
                   re.IGNORECASE)
# What may stand between a role and the name it introduces: "The Vice Chair - European Region, Mr. X",
# "the Vice-Chairmen attending this meeting, Mr. A", "its vice-chairs are Ms B".
_GAP = re.compile(r"^(?:[\s,:()\-–—]|\b(?:of|for|the|ITU|group|region|on|behalf|its|are|were|is|was|namely|"
                  r"attending|present)\b|\bthis\s*meeting\b)*$", re.IGNORECASE)
# "(Norway)", "from Kenya", "of Poland": "of" only gives a state when a member state's name follows it whole
# ("Mr. X of UNICEF" is no state).
_COUNTRY = re.compile(r"^\s*\((?P<paren>[^()]{2,80}(?:\([^()]{1,40}\))?)\)"
                      r"|^\s*,?\s*(?:from|of)\s+(?P<from>(?:the\s+)?[A-Z].{0,80})")
_AFTER = re.compile(
    r"^\s*,?\s*"
    r"(?:who\s+(?:is|was|acted\s+as|served\s+as|serves\s+as)\s+|(?:was|is|as|acted\s+as|acting\s+as|served\s+as|"
    r"serving\s+as|was\s+elected(?:\s+as)?|was\s+appointed(?:\s+as)?|in\s+(?:his|her|their)\s+capacity\s+as)\s+)?"
    r"(?:the\s+|an?\s+)?(?:ITU\s+)?",
    re.IGNORECASE,
)
# "Mr. X (Y) chaired the meeting", "…, who chaired", "Ms. X (Y) was in the chair", "took the chair", "presided".
_CHAIRED = re.compile(r"^[^.;]*?\b(?:chaired|chairs|presided\s+over|presides\s+over)\s+(?:the\s+)?"
                      r"(?:meeting|session|group)|^\s*,?\s*(?:who\s+)?(?:chaired|presided|presides|"
                      r"(?:was|is|being)\s+in\s+the\s+chair|(?:took|takes|occupied|occupies|held)\s+"
                      r"the\s+chair)\b", re.I)
_CHAIRED_BY = re.compile(r"\b(?:(?:chaired|presided(?:\s+over)?)\s+by|under\s+the\s+(?:chairmanship|chairpersonship|"
                         r"presidency)\s+of)\s*$", re.I)
_OBJECT_OF = re.compile(r"\b(?:absence|invitation|request|proposal|suggestion|remarks)\s+of\s+(?:the\s+)?"
                        r"(?:ITU\s+)?$", re.I)
# "Speaking for the Secretary-General, Mr. X"
_FOR = re.compile(r"\b(?:for|behalf\s+of)\s+(?:the\s+)?(?:ITU\s+)?$", re.I)
# "Mr. X acted as Chairman" (in the Chair's absence: Acting Chair), "served as Chairman" (Chair)
_ACTED_AS = re.compile(r"^[^.;]*?\b(?P<verb>acted|served|acting|serving)\s+as\s+(?:the\s+)?"
                       r"(?P<role>acting\s+chair(?:man|person|woman)?|"
                       r"chair(?:man|person|woman)?)\b", re.I)
_EXTERNAL = re.compile(r"^\s*,?\s*(?:of|from)\s+(?:the\s+)?(?!ITU\b)[A-Z]")
_JOINED_REMOTELY = re.compile(r"^[^.;]*?\b(?:joined|participated|attended)\b[^.;]{0,40}\bremotely\b", re.I)
_LIST_LINK = re.compile(r"^\s*(?P<comma>,)?\s*(?P<and>and\s+)?$")
_PLURAL = re.compile(r"(?:s|men|women|persons)$", re.I)

# Summary records: "Chairman: Mr S. OKONJO (Nigeria)", then "Later: Ms M. VARGAS (Costa Rica)".
_HEADER_ROLE = re.compile(r"^(?P<role>(?:acting\s+|vice[\s-]*)?chair(?:man|person|woman)?)\s*:\s*\S", re.I)
_LATER = re.compile(r"^later\s*:\s*\S", re.I)
# Signature blocks, in the last paragraphs: a name as signed ("H. ZHAO", "Ingrid HALVORSEN") and role lines.
_SIGNED_NAME = re.compile(r"(?:[A-Z]\.\s?){1,3}[A-Z][A-Z’'-]+|[A-Z][a-zà-ÿ’'-]+(?:\s+[A-Z][a-zà-ÿ’'-]+){0,2}\s+"
                          r"[A-Z][A-Z’'-]+\b")
_SIGNED_ROLES = re.compile(r"^(?:(?:the\s+)?[A-Za-z -]+?:\s*)+$", re.I)
# A signature's name line in ordinary case, with the signer's country ("Mariana Sousa", "Khalid Al-Rasheed
# (Kingdom of Saudi Arabia)"), over a role line such as "Chair, CWG-COP" or "Chair of the Council Working Group on …".
_PLAIN_SIGNED = re.compile(rf"^(?P<name>{_NAME_WORD}(?:[\s-]+(?:{_PARTICLE}[\s-]+)*{_NAME_WORD}){{1,3}})"
                           r"(?P<country>\s*\([^()]{2,80}(?:\([^()]{1,40}\))?\))?\s*$")
_SIGNED_ROLE_END = re.compile(r"\s*(?:,|of\b|$)", re.I)
_SIGNATURE_TAIL = 8


@dataclass(slots=True)
class _Mention:
    """One person named in a paragraph, with what the words around the name say."""

    name: str
    honorific: str | None
    state: str | None
    start: int
    end: int  # after the name and its country
    held: list[tuple[str, str | None]] = field(default_factory=list)
    plural_before: str | None = None  # a plural role ("Vice-Chairs, Ms. A …") the list may share
    plural_after: str | None = None
    own_after: bool = False  # a role given right after the name (", Secretary of the Group")
    remote: bool = False


def _role_key(match: re.Match) -> str:
    return next(key for key, _ in _ROLES if match.group(key.replace("-", "_")))


def _region_after(text: str) -> str | None:
    match = re.match(r"^\s*(?:[-–—,(]|\bfor\b|\bof\b|\bfrom\b|\brepresenting\b)*\s*(?:the\s+)?"
                     r"(?P<rest>.{0,40})", text, re.I)
    if not match:
        return None
    regions = lexicon.regions()
    found = regions.pattern.match(lexicon.normalise(match["rest"]))
    return regions.keys[found.group(0)] if found else None


def _is_plural(role: re.Match) -> bool:
    return _role_key(role) in ("vice-chair", "co-chair") and bool(_PLURAL.search(role.group(0)))


def find_roles(paragraphs: list[Paragraph]) -> list[Role]:
    """Every role the report gives a person, once per (person, role); a person named with one state anywhere
    in the report carries it in every role."""
    roles: list[Role] = []
    header_role: str | None = None
    for p in paragraphs:
        header = _HEADER_ROLE.match(p.text)
        if header or (header_role and _LATER.match(p.text)):
            header_role = _role_key(_ROLE.match(header["role"])) if header else header_role
            roles.extend(_header_role(p, header_role))
            continue
        header_role = None
        roles.extend(_roles_in(p))
    roles.extend(_signatures(paragraphs[-_SIGNATURE_TAIL:]))
    return _merged(roles)


def _header_role(p: Paragraph, role: str) -> list[Role]:
    """The person of a summary record's "Chairman: …" or "Later: …" line, in that role."""
    people = [m for m in _PERSON.finditer(p.text) if m["name"].split()[0] not in _NOT_NAME]
    if not people:
        return []
    m = _mention(p.text, people, 0)
    return [Role(m.name, m.honorific, role, None, m.state, False, p.position)]


def _roles_in(p: Paragraph) -> list[Role]:
    text = p.text
    people = [m for m in _PERSON.finditer(text) if m["name"].split()[0] not in _NOT_NAME]
    if not people:
        return []
    mentions = [_mention(text, people, i) for i in range(len(people))]
    _share_list_roles(text, mentions)
    roles: list[Role] = []
    for m in mentions:
        seen: set[str] = set()
        for role, region in m.held:
            if role not in seen:
                seen.add(role)
                roles.append(Role(m.name, m.honorific, role, region if role == "vice-chair" else None, m.state,
                                  m.remote, p.position))
    return roles


def _mention(text: str, people: list[re.Match], i: int) -> _Mention:
    person = people[i]
    name = re.sub(r"[\s,.]+$", "", person["name"])
    start = max(people[i - 1].end() if i else 0, _sentence_start(text, person.start()))
    window = text[start: person.start()]
    after_text = text[person.end(): people[i + 1].start() if i + 1 < len(people) else len(text)]
    state, rest = _country(after_text)
    m = _Mention(name, person["honorific"], state, person.start(), person.end() + len(after_text) - len(rest))
    before: tuple[str, str | None] | None = None
    speaking_for = False
    roles_before = list(_ROLE.finditer(window))
    if roles_before:
        last = roles_before[-1]
        gap = window[last.end():]
        gap_clean = lexicon.regions().pattern.sub("", lexicon.normalise(gap))
        gap_clean = lexicon.bodies().pattern.sub("", gap_clean)
        if _GAP.match(gap_clean) and not _OBJECT_OF.search(window[: last.start()]):
            before = (_role_key(last), _region_after(gap))
            m.held.append(before)
            if _is_plural(last):
                m.plural_before = before[0]
            speaking_for = bool(_FOR.search(window[: last.start()]))
    if not state and _EXTERNAL.match(after_text):  # "Ms. X of UNICEF": not an officer of the group
        m.held = []
        m.plural_before = None
    if _CHAIRED_BY.search(window):
        m.held.append(("chair", None))
    after = _AFTER.match(rest)
    role = _ROLE.match(rest, after.end()) if after else None
    if role and i + 1 < len(people) and not rest[role.end():].strip():
        role = None  # "Ms. A (X), the Vice-Chairwoman Ms. B": the role is the next person's
    if role:
        key = _role_key(role)
        if key == "chair" and re.search(r"\bact(?:ed|ing)\s+as\s+(?:the\s+)?$", rest[: role.start()], re.I):
            key = "acting-chair"  # "Mr. X (Y) acted as Chairman for the whole meeting"
        m.held.append((key, _region_after(rest[role.end():])))
        m.own_after = True
        m.end += role.end()
        if _is_plural(role):
            m.plural_after = _role_key(role)
        if before in m.held and speaking_for:  # "On behalf of the Secretary-General, Mr. X, Deputy …"
            m.held.remove(before)
    acted = _ACTED_AS.search(after_text)
    if acted:
        acting = "acting" in acted["role"].lower() or acted["verb"].lower().startswith("act")
        m.held.append(("acting-chair" if acting else "chair", None))
    if not m.held and _CHAIRED.search(rest):
        m.held.append(("chair", None))
    if ("chair", None) in m.held and len(m.held) > 1 and _CHAIRED_BY.search(window):
        m.held.remove(("chair", None))
    m.remote = bool(_JOINED_REMOTELY.search(after_text))
    return m


def _country(after: str) -> tuple[str | None, str]:
    """The member state given right after a name ("(Norway)", "from Russian Federation"), and the text after it."""
    found = _COUNTRY.match(after)
    if found is None:
        return None, after
    if found["paren"]:
        states, _ = lexicon.member_states().match(found["paren"])
        return (states[0] if len(states) == 1 else None), after[found.end():]
    index = lexicon.member_states()
    tail = found["from"]
    for cut in sorted({m.start() for m in re.finditer(r",|;|\.(?:\s|$)|\s+and\s", tail)} | {len(tail)}):
        named = index.pattern.fullmatch(lexicon.normalise(tail[:cut]))
        if named:
            return index.keys[named.group(0)], after[found.start("from") + cut:]
    return None, after


def _share_list_roles(text: str, mentions: list[_Mention]) -> None:
    """Give a plural role to every person of the list it introduces or closes ("Vice-Chairs, Ms. A (X) and
    Mr. B (Y)", "Ms. A (X) and Mr. B (Y), Vice-Chairs"). A list ends after a bare "and"; a person with a role
    of their own ("and Mr. C, Secretary") keeps only that."""
    groups: list[list[_Mention]] = []
    closed = True
    for i, m in enumerate(mentions):
        link = _LIST_LINK.match(text[mentions[i - 1].end: m.start]) if i else None
        if link is None or closed:
            groups.append([m])
            closed = False
        else:
            groups[-1].append(m)
            closed = bool(link["and"]) and not link["comma"]
    for group in groups:
        shared = group[0].plural_before or group[-1].plural_after
        if len(group) < 2 or shared is None:
            continue
        for m in group:
            if not m.own_after and all(role != shared for role, _ in m.held):
                m.held.append((shared, None))


def _signatures(tail: list[Paragraph]) -> list[Role]:
    """Roles read from a signature block: role lines over name lines ("The Secretary-General: The Chairman:"
    over "H. ZHAO S. OKONJO"), or a name line over its role ("Ingrid HALVORSEN" over "Chairman of CWG-FHR")."""
    roles: list[Role] = []
    for above, below in zip(tail, tail[1:]):
        names = _signed_names(below.text)
        if names and _SIGNED_ROLES.match(above.text):
            labels = [label for label in above.text.split(":") if label.strip()]
            if len(labels) == len(names):
                for label, name in zip(labels, names):
                    role = _ROLE.search(label)
                    if role and not re.search(r"\bof\b", label[: role.start()]):
                        roles.append(Role(name, None, _role_key(role), None, None, False, below.position))
            continue
        role = _signed_role(below.text)
        if role is None:
            continue
        names = _signed_names(above.text)
        if len(names) == 1:
            roles.append(Role(names[0], None, role, None, None, False, above.position))
            continue
        plain = _PLAIN_SIGNED.match(above.text.strip())
        if plain and plain["name"].split()[0] not in _NOT_NAME:
            state, _ = _country(plain["country"] or "")
            roles.append(Role(plain["name"], None, role, None, state, False, above.position))
    return roles


def _signed_role(text: str) -> str | None:
    """The role of a signature's role line ("Chairman of CWG-FHR", "Chair, CWG-COP"), None for any other line."""
    text = text.strip()
    role = _ROLE.match(text, 4 if text[:4].lower() == "the " else 0)
    if role and len(text) < 80 and "." not in text and _SIGNED_ROLE_END.match(text, role.end()):
        return _role_key(role)
    return None


def _signed_names(text: str) -> list[str]:
    """The names of a line that holds nothing but signed names ("H. ZHAO S. OKONJO")."""
    names = _SIGNED_NAME.findall(text)
    rest = _SIGNED_NAME.sub("", text)
    return names if names and not rest.strip(" \t") else []


def _merged(roles: list[Role]) -> list[Role]:
    """One role per (person, role): a name the report gives with a single state has it everywhere; the first
    spelling of a name is kept ("Ingrid Halvorsen" over the signature's "Ingrid HALVORSEN"); a surname alone
    is the one person of the report with that surname ("Ms Vargas" is "M. VARGAS")."""
    states: dict[str, set[str]] = {}
    spelling: dict[str, str] = {}
    surnames: dict[str, set[str]] = {}  # "vargas" → {"m. vargas"}: "Ms Vargas took the chair" is that person
    for role in roles:
        full = lexicon.normalise(role.name)
        if " " in full:
            surnames.setdefault(full.rsplit(" ", 1)[1], set()).add(full)

    initialled = _initialled({lexicon.normalise(role.name) for role in roles})

    def key_of(name: str) -> str:
        key = lexicon.normalise(name)
        key = initialled.get(key, key)
        return next(iter(surnames[key])) if len(surnames.get(key, ())) == 1 else key

    for role in sorted(roles, key=lambda r: " " not in r.name):
        key = key_of(role.name)
        spelling.setdefault(key, role.name)
        if role.state:
            states.setdefault(key, set()).add(role.state)
    out: dict[tuple[str, str, str | None], Role] = {}
    for role in roles:
        key = key_of(role.name)
        state = role.state
        if state is None and len(states.get(key, ())) == 1:
            state = next(iter(states[key]))
        merged = out.setdefault((key, role.role, state), replace(role, name=spelling[key], state=state))
        merged.honorific = merged.honorific or role.honorific
        merged.region = merged.region or role.region
        merged.remote = merged.remote or role.remote
    return list(out.values())


_INITIALS = re.compile(r"(?P<initials>(?:[a-z]\.\s?){1,3})(?P<surname>\S.*)")


def _initialled(names: set[str]) -> dict[str, str]:
    """Each name written with initials ("y. al-haddad", a signature's "Y. AL-HADDAD") → the one full name of the
    report it abbreviates ("yusuf al-haddad"), when exactly one has that surname and those initials."""
    out: dict[str, str] = {}
    for name in names:
        short = _INITIALS.fullmatch(name)
        if short is None:
            continue
        letters = re.sub(r"[^a-z]", "", short["initials"])
        surname = " " + short["surname"]
        full = [other for other in names if other.endswith(surname) and not _INITIALS.fullmatch(other)
                and "".join(w[0] for w in other[: -len(surname)].split()[: len(letters)]) == letters]
        if len(full) == 1:
            out[name] = full[0]
    return out


def _sentence_start(text: str, pos: int) -> int:
    boundary = max(text.rfind(". ", 0, pos - 4), text.rfind("; ", 0, pos))
    while boundary > 0 and re.search(r"\b(?:Mr|Ms|Mrs|Dr|Prof|Res|Rev|No|Doc)$", text[:boundary]):
        boundary = max(text.rfind(". ", 0, boundary - 1), text.rfind("; ", 0, boundary - 1))
    return boundary + 2 if boundary >= 0 else 0


__all__ = ["Role", "find_roles"]
