"""The sections on contributions: headings, summaries, consultation topics, discussions and outcomes, the
Chair's report."""

from __future__ import annotations

from .citing import Citing
from .people import STATE_BY_ISO
from .phrases import (ACTIONS, CONTEXT, DISCUSSION_EXTRA, ELABORATION, GENERIC_CONTEXT, GENERIC_ELABORATION, NEUTRAL,
                      OPPOSE, PROPOSAL_ITEMS, SUPPORT, TOPIC_RATIONALE)
from .resolutions import THEME_RES
from .text import Doc
from .wording import D, join_and, number_word


class Contributions(Citing):
    def contribution_heading(self, doc: Doc) -> str:
        rng = self.rng
        by = rng.choice(["Contribution by", "Contribution by", "Contribution from"])
        r = rng.random()
        states = self.state_list(doc.states)
        if r < 0.7:
            return f"{self.sym(doc)}: {by} {states}"
        if r < 0.85:
            return f"Document {self.sym(doc)} – {by} {states}"
        return f"{by} {states} (Document {self.sym(doc)})"

    def topic_block(self, doc: Doc) -> None:
        """State the topics a contribution proposes, in one of several layouts."""
        rng = self.rng
        consult = self.info["consult"]
        rationale = self.fresh(TOPIC_RATIONALE)
        if rationale and rng.random() < 0.7:
            art = "an" if consult[0] in "aeiou" else "a"
            self.para(rationale[0].format(consult=consult, a_consult=f"{art} {consult}",
                                          A_consult=f"{art.capitalize()} {consult}"), numbered=False)
        if len(doc.topics) > 1:
            self.para(f"{self.proponent(doc)} propose{'s' if len(doc.states) == 1 else ''} the following "
                      f"{number_word(len(doc.topics))} topics for subsequent {consult}s:", numbered=False)
            for i, (title, qs) in enumerate(doc.topics, 1):
                aspects = " ".join(f"({j}) {q}" for j, q in enumerate(qs, 1))
                self.para(f"Topic {i} “{title}” includes {number_word(len(qs))} aspects: {aspects}",
                          numbered=False)
            return
        title, qs = doc.topics[0]
        layout = rng.random()
        if layout < 0.3:
            self.para(f"This contribution proposes the following topic for the next {consult}: “{title}”. "
                      "The following questions were proposed:", numbered=False)
            self.bullets(qs)
        elif layout < 0.5:
            self.para(f"{self.proponent(doc)} propose{'s' if len(doc.states) == 1 else ''} that the next "
                      f"{consult} address the topic “{title}”. The contribution proposes "
                      f"{number_word(len(qs))} questions:",
                      numbered=False)
            marker = rng.choice(["{i})", "({a})"])
            for i, q in enumerate(qs, 1):
                m = marker.format(i=i, a="abcdefgh"[i - 1])
                self.lines.append(f"{m}\t{q}{self.trail()}")
        elif layout < 0.7:
            aspects = " ".join(f"({j}) {q}" for j, q in enumerate(qs, 1))
            self.para(f"Topic 1 “{title}” includes {number_word(len(qs))} aspects: {aspects}", numbered=False)
        elif layout < 0.85:
            self.para(f"For the next {consult}, {self.group} was invited to consider the topic: “{title}.”",
                      numbered=False)
            self.para("The following questions were proposed in the Document:", numbered=False)
            self.bullets(qs)
        else:
            self.para(f"{self.proponent(doc)} propose{'s' if len(doc.states) == 1 else ''} to hold the next "
                      f"{consult} on the topic: \"{title}\".", numbered=False)

    def summary_text(self, doc: Doc) -> list[str]:
        """One or two paragraphs summarizing a contribution (as the authors submitted it)."""
        rng = self.rng
        key, sentences, _topics, _why = doc.theme
        chosen = rng.sample(sentences, k=min(len(sentences), rng.randint(2, 4)))
        single = len(doc.states) == 1
        prop = self.proponent(doc)
        opener = rng.choice(["The proponents of the contribution highlighted that ",
                             "The contribution notes that ", "The Document clarifies that ",
                             f"{prop} recall{'s' if single else ''} that ",
                             "The contribution stresses that "])
        first = opener + chosen[0] + "."
        for _ in range(rng.choice([1, 1, 2])):
            chosen.insert(rng.randint(1, len(chosen)), None)
        connectors = rng.sample(["The contribution further notes that ", "It also considers that ",
                                 "In addition, the contribution highlights that ",
                                 f"{prop} add{'s' if single else ''} that ", "The document also observes "
                                                                             "that "], k=5)
        for s in chosen[1:]:
            if s is None:
                first += "".join(" " + x for x in self.fresh(ELABORATION[self.body] + GENERIC_ELABORATION))
                continue
            first += " " + connectors.pop() + s + "."
        second = " ".join(self.fresh(CONTEXT[self.body] + GENERIC_CONTEXT, rng.choice([2, 2, 3])))
        lead = "In this regard, "
        if not doc.topics and rng.random() < 0.75:
            subject = prop[0].lower() + prop[1:] if prop.startswith("The ") else prop
            action = (self.fresh(ACTIONS) or [rng.choice(ACTIONS)])[0]
            second += f" {lead}{subject} propose{'s' if single else ''} that {action}."
            lead = ""
        keys = THEME_RES.get(key) or self.info["mandate"]
        gdc = self.body in ("CWG-Internet", "CWG-WSIS&SDG") and self.start > D(2024, 9, 23)
        if gdc and rng.random() < 0.2:
            second += (" The contribution recalls the Global Digital Compact, annexed to "
                       f"{self.cite('UN791', rng.choice(['unga', 'ga']))}.")
        elif rng.random() < 0.45:
            ref = self.cite(rng.choice(keys))
            second += " " + rng.choice([f"{lead}{'the' if lead else 'The'} contribution recalls {ref}.",
                                        f"The proposal is made within the framework of {ref}.",
                                        f"The contribution refers in particular to {ref}."])
        if rng.random() < 0.5:
            return [first, second.strip()]
        return [first + " " + second.strip()]

    def discussion_bullets(self, doc: Doc) -> list[str]:
        rng = self.rng
        why = doc.theme[3]
        out = []
        if rng.random() < 0.5:
            who = STATE_BY_ISO[doc.states[0]][3] if len(doc.states) == 1 else "the proponents"
            out.append(f"{self.Group} thanked {who} for submitting this Contribution.")
        if "agreed" in doc.outcome:
            out.append(rng.choice(SUPPORT).format(why=why))
        elif "no-agreement" in doc.outcome or "deferred" in doc.outcome:
            out.append("Some members expressed support for the contribution noting its relevance.")
            out.append(rng.choice(OPPOSE))
        else:
            out.append(rng.choice(NEUTRAL if rng.random() < 0.5 else SUPPORT).format(why=why))
        extra = self.fresh(DISCUSSION_EXTRA, rng.choice([0, 1, 2, 2]))
        return out + extra

    def outcome_sentence(self, doc: Doc) -> str | None:
        rng = self.rng
        parts = []
        for o in doc.outcome:
            s = self.sym(doc)
            if o == "noted":
                parts.append(rng.choice([f"{self.Group} noted the Contribution.", f"{self.Group} took note "
                                                                                  "of the "
                                         "contribution.", f"{self.Group} noted Document {s}."]))
            elif o == "agreed":
                if doc.topics:
                    parts.append(f"{self.Group} agreed on the topic “{doc.topics[0][0]}” contained in "
                                 f"Document {s} for the next {self.info['consult']}.")
                else:
                    parts.append(rng.choice([
                        f"{self.Group} agreed on the proposal contained in Document {s}.",
                        f"{self.Group} agreed on the proposals in Document {s}, as amended during the "
                        "discussion."]))
            elif o == "no-agreement":
                parts.append(rng.choice([f"After discussion, {self.group} could not reach agreement on the "
                                         f"proposal contained in Document {s}.",
                                         f"{self.Group} could not reach agreement on Document {s}."]))
            elif o == "deferred":
                parts.append(rng.choice([f"{self.Group} decided to defer consideration of Document {s} to "
                                         "its next meeting.",
                                         f"{self.Group} decided to defer consideration of the proposal in "
                                         f"Document {s} to its next meeting."]))
            self.outcome(doc, o)
        return " ".join(parts) if parts else None

    def contributions_grouped(self, docs: list[Doc]) -> None:
        """Seed layout: one section with a summary subsection and a discussion subsection."""
        rng = self.rng
        consult = self.info["consult"] or "meeting"
        shown = consult.title() if (consult == "open consultation" and rng.random() < 0.5) else consult
        self.heading(f"Summary and Discussion of Contributions from Member States on topics for the next "
                     f"{self.body} {shown}")
        noted_all = rng.random() < 0.5
        intro = (f"The {self.presider_label} invited each of the contributors (in the order listed in the "
                 f"Agenda) to briefly present their proposals to {self.group}.")
        if noted_all:
            intro += (f" {self.Group} examined the various contributions, which were noted by {self.group}.")
            for d in docs:
                if "noted" not in d.outcome:
                    d.outcome.insert(0, "noted")
                self.outcome(d, "noted")
        intro += (" The summaries of the contributions (as submitted by the authors of the documents) and "
                  "the corresponding discussions are provided below:")
        self.para(intro, numbered=False)
        syms = [self.sym(d) for d in docs]
        plural = "Contributions" if len(docs) > 1 else "Contribution"
        self.sub += 1
        s1 = self.sub
        self.lines.append(f"{self.sec}.{s1}\tSummary of {plural} {join_and(syms, rng, oxford=False)}")
        for k, d in enumerate(docs, 1):
            self.subpara(s1, k, self.contribution_heading(d))
            for t in self.summary_text(d):
                self.para(t, numbered=False)
            if d.topics:
                self.topic_block(d)
        self.sub += 1
        s2 = self.sub
        self.lines.append(f"{self.sec}.{s2}\tDiscussion on {plural} {join_and(syms, rng, oxford=False)}")
        k = 0
        for d in docs:
            sentence = None
            outs = [o for o in d.outcome if not (noted_all and o == "noted")]
            if outs:
                saved = d.outcome
                d.outcome = outs
                sentence = self.outcome_sentence(d)
                d.outcome = saved
            if sentence or rng.random() < 0.4:
                k += 1
                lead = rng.choice([f"On the proposal contained in {self.sym(d)}, ",
                                   f"Regarding Document {self.sym(d)}, "])
                disc = " ".join(self.discussion_bullets(d))
                self.subpara(s2, k, lead + disc[0].lower() + disc[1:] + (" " + sentence if sentence else ""))
        k += 1
        self.subpara(s2, k, f"Each of the topics for {consult} as listed in the aforementioned Contributions "
                            f"was discussed by {self.group}.")

    def proposal_list(self, doc: Doc) -> None:
        """'In particular, the Russian Federation proposes:' followed by bullets."""
        items = self.fresh(PROPOSAL_ITEMS[self.body], self.rng.randint(2, 4))
        if len(items) < 2:
            return
        items[-1] = items[-1].rstrip(";.") + "."
        items[:-1] = [i.rstrip(";.") + ";" for i in items[:-1]]
        single = len(doc.states) == 1
        prop = self.proponent(doc)
        subject = prop[0].lower() + prop[1:] if prop.startswith("The ") else prop
        self.para(f"In particular, {subject} propose{'s' if single else ''}:", numbered=False)
        self.bullets(items)

    def contribution_section(self, doc: Doc, sub: int) -> None:
        """Other layout: a numbered block per contribution with summary and discussion."""
        rng = self.rng
        self.lines.append(f"{self.sec}.{sub}\t{self.contribution_heading(doc)}{self.trail()}")
        if rng.random() < 0.5:
            self.subpara(sub, 1, "Summary of the Contribution")
            for t in self.summary_text(doc):
                self.para(t, numbered=False)
            if doc.topics:
                self.topic_block(doc)
            elif rng.random() < 0.35:
                self.proposal_list(doc)
            self.subpara(sub, 2, "Discussion on the Contribution")
            items = self.discussion_bullets(doc)
            s = self.outcome_sentence(doc)
            if s:
                items.append(s)
            self.bullets(items)
        else:
            summary = self.summary_text(doc)
            self.subpara(sub, 1, summary[0])
            for t in summary[1:]:
                self.para(t, numbered=False)
            if doc.topics:
                self.topic_block(doc)
            elif rng.random() < 0.3:
                self.proposal_list(doc)
            disc = " ".join(self.discussion_bullets(doc))
            s = self.outcome_sentence(doc)
            self.subpara(sub, 2, disc + (" " + s if s else ""))

    def chair_report(self, doc: Doc) -> None:
        rng = self.rng
        year = self.start.year + (1 if self.start.month >= 7 else 0)
        self.heading(rng.choice([f"Draft report of the Chair to the {year} session of the Council",
                                 "Presentation of Chair’s Report", f"{self.sym(doc)}: Report of the Chair to "
                                 f"Council {year}"]))
        self.para(f"The {self.presider_label} presented the draft report of the Chair to the Council "
                  f"(Document {self.sym(doc)}), which summarizes the discussions and conclusions of the "
                  "meetings held since the last session of the Council.")
        self.para(rng.choice([f"Following a number of amendments proposed by members, {self.group} approved "
                              f"the draft report contained in Document {self.sym(doc)}.",
                              f"With the amendments agreed during the meeting, {self.group} approved the "
                              "draft report of the Chair."]))
        self.outcome(doc, "approved")
