"""The state of one report being written, and its layout: headings, numbered paragraphs, bullets, symbols, lists
of states, the preface."""

from __future__ import annotations

import datetime as dt
import random

from .bodies import BODIES
from .people import OFFICIALS_BEFORE_2023, OFFICIALS_FROM_2023, STATE_BY_ISO, Person
from .wording import D, date_phrase, ordinal_digits, ordinal_words


# ---------------------------------------------------------------------------------------------------
# One report.
# ---------------------------------------------------------------------------------------------------
class Doc:
    __slots__ = ("kind", "num", "rev", "title", "states", "theme", "topics", "outcome", "sym")

    def __init__(self, kind: str, title: str = ""):
        self.kind, self.title = kind, title
        self.num = 0
        self.rev = 0
        self.states: list[str] = []
        self.theme = None
        self.topics: list[tuple[str, list[str]]] = []
        self.outcome: list[str] = []
        self.sym = ""


class Text:
    def __init__(self, rng: random.Random, body: str, number: int, start: dt.date, end: dt.date, teams: dict,
                 prev_topic: str | None):
        self.rng = rng
        self.body = body
        self.info = BODIES[body]
        self.number = number
        self.start, self.end = start, end
        self.lines: list[str] = []
        self.officers: list[dict] = []
        self.submissions: dict[str, list[str]] = {}
        self.documents: dict[str, str] = {}
        self.citations: list[list] = []
        self._cited: set = set()
        self.topics: dict[str, list[str]] = {}
        self.outcomes: list[list[str]] = []
        self.conflicts: list[str] = []
        self.cycle = 0 if start < D(2023, 1, 1) else 1
        self.team = teams[body, self.cycle]
        self.officials = OFFICIALS_BEFORE_2023 if self.cycle == 0 else OFFICIALS_FROM_2023
        self.prev_topic = prev_topic
        self.used_names = teams["_used"]
        self.words = rng.random() < 0.6  # ordinals in words or digits
        self.sec = 0
        self.sub_dot = rng.random() < 0.3  # "1.1." rather than "1.1"
        self.group = rng.choice(["the Group", "the Group", "the CWG", "the Working Group"]) \
            if body != "EG-ITRs" else rng.choice(["the Group", "the Expert Group"])
        self.Group = self.group[0].upper() + self.group[1:]
        self.presider: Person | None = None
        self.presider_label = "Chair"
        self.virtual = D(2020, 3, 15) <= start <= D(2021, 12, 31)
        self.seen: set[str] = set()

    def fresh(self, pool: list[str], k: int = 1) -> list[str]:
        """Up to k sentences from pool that this report has not used yet."""
        left = [x for x in pool if x not in self.seen]
        picked = self.rng.sample(left, k=min(k, len(left)))
        self.seen.update(picked)
        return picked

    # --- facts --------------------------------------------------------------------------------------
    def officer(self, person: Person, role: str) -> None:
        entry = {"name": person.name, "role": role}
        if entry not in self.officers:
            self.officers.append(entry)

    def outcome(self, doc: Doc, outcome: str) -> None:
        pair = [doc.sym, outcome]
        if pair not in self.outcomes:
            self.outcomes.append(pair)


    def canon(self, num: int, rev: int) -> str:
        return f"{self.body}-{self.number}/{num}" + (f"(Rev.{rev})" if rev else "")

    def sym(self, doc: Doc) -> str:
        """The symbol as written at one place in the text (canonical form kept in doc.sym)."""
        rng = self.rng
        sep = " " if rng.random() < 0.06 else "-"
        rev = ""
        if doc.rev:
            rev = f" (Rev.{doc.rev})" if rng.random() < 0.25 else f"(Rev.{doc.rev})"
        s = f"{self.body}{sep}{self.number}/{doc.num}{rev}"
        return s

    # --- layout -------------------------------------------------------------------------------------
    def trail(self) -> str:
        r = self.rng.random()
        return " " if r < 0.22 else ("  " if r < 0.27 else "")

    def heading(self, title: str) -> None:
        self.sec += 1
        self.sub = 0
        n = self.sec
        if n == 1 and self.rng.random() < 0.6:
            self.lines.append(f" {n}. {title}")
            return
        style = self.rng.random()
        num = f"{n}." if style < 0.6 else (f"{n}. " if style < 0.7 else f"{n}")
        self.lines.append(f"{num}\t{title}{self.trail()}")

    def para(self, text: str, numbered: bool = True) -> None:
        if numbered:
            self.sub += 1
            dot = "." if (self.sub_dot and self.rng.random() < 0.7) else ""
            self.lines.append(f"{self.sec}.{self.sub}{dot}\t{text}{self.trail()}")
        else:
            self.lines.append(f"{text}{self.trail()}")

    def subpara(self, sub: int, k: int, text: str) -> None:
        dot = "." if self.rng.random() < 0.15 else ""
        self.lines.append(f"{self.sec}.{sub}.{k}{dot}\t{text}{self.trail()}")

    def bullets(self, items: list[str]) -> None:
        for it in items:
            self.lines.append(f"· {it}{self.trail()}")

    def ordinal(self, n: int) -> str:
        return ordinal_words(n) if (self.words and n < 100) else ordinal_digits(n)

    # --- states -------------------------------------------------------------------------------------
    def state_list(self, isos: list[str]) -> str:
        rng = self.rng
        names = []
        for iso in isos:
            _, itu, others, _short = STATE_BY_ISO[iso]
            names.append(itu if (not others or rng.random() < 0.65) else rng.choice(others))
        if len(names) == 1:
            n = names[0]
            takes_the = ("Russian Federation", "United Kingdom", "United States of America")
            if n in takes_the and rng.random() < 0.5:
                n = "the " + n
            return n
        style = rng.random()
        if style < 0.12 and len(names) > 3:
            return ", ".join(names)
        conj = " & " if style < 0.3 else " and "
        comma = "," if style > 0.8 else ""
        return ", ".join(names[:-1]) + comma + conj + names[-1]

    def proponent(self, doc: Doc) -> str:
        if len(doc.states) == 1:
            short = STATE_BY_ISO[doc.states[0]][3]
            return short[0].upper() + short[1:]
        return "The proponents"

    # --- sections -----------------------------------------------------------------------------------
    def preface(self) -> None:
        rng = self.rng
        name = self.body if rng.random() < 0.6 else f"the {self.info['long']} ({self.body})"
        self.lines.append(" \tPurpose")
        self.lines.append(f"This is the report of the {self.ordinal(self.number)} meeting of {name}, held "
                          f"{date_phrase(rng, self.start, self.end)}.")
        self.lines.append("Action required")
        self.lines.append(self.info["action"])
        self.lines.append("_" * 36)

    def place(self) -> str:
        rng = self.rng
        if self.virtual:
            return rng.choice(["in a fully virtual format", "by videoconference",
                               "as a fully virtual meeting"])
        return rng.choice(["at ITU Headquarters, Geneva", "at ITU Headquarters, Geneva",
                           "at ITU Headquarters, Geneva, in a hybrid format",
                           "in Geneva, with remote participation", "in a hybrid format (in person and "
                                                                   "remotely)"])
