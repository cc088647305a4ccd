"""People in roles: the chair, vice-chairs, elected officials and secretaries a report names."""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import lexicon
from .segment import Paragraph


@dataclass(slots=True)
class Role:
    name: str
    honorific: str | None
    role: str
    region: str | None
    state: str | None
    remote: bool
    paragraph: int



_HONORIFIC = r"(?P<honorific>Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Professor|H\.\s?E|Ambassador|Amb|Eng|Sir|Dame)\.?"
_NAME_WORD = r"[A-ZÀ-ÖØ-Þ][\w’'.-]*"
_PARTICLE = r"(?:de|da|do|dos|das|del|della|di|du|van|von|der|den|la|le|bin|binti|ibn|al|el|Al|El|y)"
_PERSON = re.compile(
    rf"\b{_HONORIFIC}\s+(?P<name>{_NAME_WORD}(?:[\s-]+(?:{_PARTICLE}[\s-]+)*{_NAME_WORD}){{0,4}})"
)
_NOT_NAME = {"ITU", "Chair", "Vice", "Acting", "Secretary", "Deputy", "Director", "The", "Council", "CWG",
             "Group", "Member", "States", "Chairman", "Vice-Chair", "Co-Chair"}

_ROLES: tuple[tuple[str, str], ...] = (
    ("acting-chair", r"acting\s+chair(?:man|person|woman)?|chair(?:man|person)?\s+a\.\s?i\.|interim\s+chair(?:man|person)?"),
    ("vice-chair", r"vice[\s-]*chair(?:man|person|woman)?s?"),
    ("co-chair", r"co[\s-]*chair(?:man|person|woman)?s?"),
    ("deputy-secretary-general", r"deputy\s+secretary[\s-]+general"),
    ("secretary-general", r"secretary[\s-]+general"),
    ("tsb-director", r"director\s+of\s+(?:the\s+)?(?:ITU\s+)?telecommunication\s+standardi[sz]ation\s+bureau(?:\s*\(TSB\))?|TSB\s+director|director\s+of\s+(?:the\s+)?TSB|director,?\s+TSB"),
    ("bdt-director", r"director\s+of\s+(?:the\s+)?(?:ITU\s+)?telecommunication\s+development\s+bureau(?:\s*\(BDT\))?|BDT\s+director|director\s+of\s+(?:the\s+)?BDT|director,?\s+BDT"),
    ("br-director", r"director\s+of\s+(?:the\s+)?(?:ITU\s+)?radiocommunication\s+bureau(?:\s*\(BR\))?|BR\s+director|director\s+of\s+(?:the\s+)?BR|director,?\s+BR"),
    ("chair", r"chair(?:man|person|woman)?"),
    ("secretary", r"secretary"),
)
_ROLE = re.compile(r"\b(?:" + "|".join(f"(?P<{key.replace('-', '_')}>{rx})" for key, rx in _ROLES) + r")\b",
                   re.IGNORECASE)
_GAP = re.compile(r"^(?:[\s,:()\-–—]|\bof\b|\bfor\b|\bthe\b|\bITU\b|\bgroup\b|\bregion\b|\bon\b|\bbehalf\b)*$",
                  re.IGNORECASE)
_AFTER = re.compile(
    r"^\s*(?:\((?P<country>[^()]{2,80})\))?\s*,?\s*"
    r"(?:who\s+(?:is|was|acted\s+as|served\s+as|serves\s+as)\s+|(?:was|is|as|acted\s+as|acting\s+as|served\s+as|"
    r"serving\s+as|was\s+elected(?:\s+as)?|was\s+appointed(?:\s+as)?|in\s+(?:his|her|their)\s+capacity\s+as)\s+)?"
    r"(?:the\s+|an?\s+)?(?:ITU\s+)?(?=\w)",
    re.IGNORECASE,
)
_CHAIRED = re.compile(r"^[^.;]*?\bchaired\s+(?:the\s+)?(?:meeting|session|group)|^\s*,?\s*who\s+chaired", re.I)
_CHAIRED_BY = re.compile(r"\b(?:chaired|presided(?:\s+over)?)\s+by\s*$", re.I)
_OBJECT_OF = re.compile(r"\b(?:absence|invitation|request|proposal|suggestion|remarks)\s+of\s+(?:the\s+)?(?:ITU\s+)?$", re.I)
_ACTED_AS = re.compile(r"^[^.;]*?\b(?:acted|served|acting|serving)\s+as\s+(?:the\s+)?(?P<role>acting\s+chair(?:man|person)?|chair(?:man|person)?)\b", re.I)
_EXTERNAL = re.compile(r"^\s*,?\s*(?:of|from)\s+(?:the\s+)?(?!ITU\b)[A-Z]")
_JOINED_REMOTELY = re.compile(r"^[^.;]*?\b(?:joined|participated|attended)\b[^.;]{0,40}\bremotely\b", re.I)


def _role_key(match: re.Match) -> str:
    return next(key for key, _ in _ROLES if match.group(key.replace("-", "_")))


def _region_after(text: str) -> str | None:
    match = re.match(r"^\s*(?:[-–—,(]|\bfor\b|\bof\b|\bfrom\b|\brepresenting\b)*\s*(?:the\s+)?(?P<rest>.{0,40})", text, re.I)
    if not match:
        return None
    regions = lexicon.regions()
    found = regions.pattern.match(lexicon.normalise(match["rest"]))
    return regions.keys[found.group(0)] if found else None


def find_roles(paragraphs: list[Paragraph]) -> list[Role]:
    roles: list[Role] = []
    for p in paragraphs:
        text = p.text
        people = [m for m in _PERSON.finditer(text) if m["name"].split()[0] not in _NOT_NAME]
        for i, person in enumerate(people):
            name = re.sub(r"[\s,.]+$", "", person["name"])
            held: list[tuple[str, str | None]] = []
            start = max(people[i - 1].end() if i else 0, _sentence_start(text, person.start()))
            window = text[start: person.start()]
            before = list(_ROLE.finditer(window))
            if before:
                last = before[-1]
                gap = window[last.end():]
                region = _region_after(gap)
                gap_clean = lexicon.regions().pattern.sub("", lexicon.normalise(gap))
                gap_clean = lexicon.bodies().pattern.sub("", gap_clean)
                if _GAP.match(gap_clean) and not _OBJECT_OF.search(window[: last.start()]):
                    held.append((_role_key(last), region))
            end = people[i + 1].start() if i + 1 < len(people) else len(text)
            after_text = text[person.end(): end]
            if _EXTERNAL.match(after_text):  # "Ms. X of UNICEF": not an officer of the group
                held = []
            if _CHAIRED_BY.search(window):
                held.append(("chair", None))
            after = _AFTER.match(after_text)
            country = None
            if after:
                if after["country"]:
                    found, _ = lexicon.member_states().match(after["country"])
                    country = found[0] if len(found) == 1 else None
                role = _ROLE.match(after_text, after.end())
                if role:
                    held.append((_role_key(role), _region_after(after_text[role.end():])))
            acted = _ACTED_AS.search(after_text)
            if acted:
                held.append(("acting-chair" if "acting" in acted["role"].lower() else "chair", None))
            if not held and _CHAIRED.search(after_text):
                held.append(("chair", None))
            if ("chair", None) in held and len(held) > 1 and _CHAIRED_BY.search(window):
                held.remove(("chair", None))
            remote = bool(_JOINED_REMOTELY.search(after_text))
            seen: set[str] = set()
            for role, region in held:
                if role in seen:
                    continue
                seen.add(role)
                roles.append(Role(name, person["honorific"], role, region if role == "vice-chair" else None,
                                  country, remote, p.position))
    return roles


def _sentence_start(text: str, pos: int) -> int:
    boundary = max(text.rfind(". ", 0, pos - 4), text.rfind("; ", 0, pos))
    while boundary > 0 and re.search(r"\b(?:Mr|Ms|Mrs|Dr|Prof|Res|Rev|No|Doc)$", text[:boundary]):
        boundary = max(text.rfind(". ", 0, boundary - 1), text.rfind("; ", 0, boundary - 1))
    return boundary + 2 if boundary >= 0 else 0


__all__ = ["Role", "find_roles"]
