"""ReportWriter: one whole report, its closing and the facts it states (the oracle)."""

from __future__ import annotations

from .bodies import SECRETARIAT_REPORTS
from .contributions import Contributions
from .opening import Opening
from .people import BLOCS, STATES
from .phrases import OPTIONAL_SECTIONS
from .text import Doc
from .wording import fmt_date


class ReportWriter(Contributions, Opening):
    def closing(self, info_doc: Doc | None, cross: str | None) -> None:
        rng = self.rng
        self.heading("Any other business")
        items = []
        if info_doc is not None:
            items.append(f"The secretariat drew attention to Document {self.sym(info_doc)}, which had been "
                         f"submitted for information.")
        if cross:
            items.append(cross)
        items.append(rng.choice([
            f"{self.Group} thanked the {self.presider_label} and secretariat for their effective "
            "organization and management of the Group.",
            "One member requested that, in future, contributions be posted at least 21 days before the "
            f"meeting to allow for national coordination. The {self.presider_label} took note of the "
            "request.",
            f"The secretariat informed {self.group} that the dates of the next meeting would be communicated "
            "by circular letter."]))
        for it in items:
            self.para(it)
        if rng.random() < 0.4:
            self.heading(rng.choice(["Presentation of Chair’s Report", "Report of the meeting"]))
            self.para(f"Due to time constraints, the {self.presider_label} informed the meeting that the "
                      "draft meeting report would be prepared offline and published in advance of the "
                      f"{self.ordinal(self.number + 1)} meeting of the Group for approval at that meeting.")
        self.heading(rng.choice(["Closing of the Meeting", "Closing of the meeting",
                                 "Closure of the meeting"]))
        p = self.presider
        self.para(f"In closing, the {self.presider_label} thanked all the ITU Member States who made "
                  "contributions and participated in the work of the Group (including those who participated "
                  "remotely), the ITU Elected Officials and the secretariat for their efficient assistance "
                  "during the meeting."
                  + rng.choice(["", f" {p.he.capitalize()} closed the meeting at 17:30 on "
                                    f"{fmt_date(self.end)}.",
                                f" {p.he.capitalize()} declared the meeting closed."]))
        self.lines.append("")
        self.lines.append("")
        label = self.presider_label
        self.lines.append(f"{p.full(True)}, {label}, {self.body}")
        role = {"Chairman": "Chair"}.get(label, label)
        self.officer(p, role)

    # --- the whole report ---------------------------------------------------------------------------
    def write(self) -> tuple[str, dict]:
        rng = self.rng
        info = self.info
        # documents
        agenda = Doc("agenda")
        agenda.rev = rng.choice([0, 0, 1, 1, 2])
        docs: list[Doc] = []
        prev = None
        if self.number > 1 and rng.random() < 0.6:
            prev = Doc("meeting-report")
            prev.outcome = ["deferred"] if rng.random() < 0.15 else ["approved"]
            docs.append(prev)
        sec_pool = SECRETARIAT_REPORTS[self.body]
        secs = []
        for t in rng.sample(sec_pool, k=min(len(sec_pool), rng.choice([1, 1, 2, 2, 3]))):
            d = Doc("secretariat-report", t)
            d.outcome = ["noted"] if rng.random() < 0.85 else []
            secs.append(d)
        docs += secs
        n_contrib = rng.choice([2, 3, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 10, 11, 12])
        contribs = []
        themes = info["themes"]
        used_topics: set[str] = {self.prev_topic} if self.prev_topic else set()
        theme_order = rng.sample(themes, k=len(themes))
        for i in range(n_contrib):
            d = Doc("contribution")
            d.theme = theme_order[i % len(theme_order)]
            d.states = self.pick_states()
            for _retry in range(3):
                if all(c.states != d.states for c in contribs):
                    break
                d.states = self.pick_states()
            if d.theme[2] and rng.random() < info["topic_prob"]:
                options = [t for t in d.theme[2] if t[0] not in used_topics]
                if options:
                    n_topics = 2 if (len(options) > 1 and rng.random() < 0.2) else 1
                    for title, qs in rng.sample(options, k=n_topics):
                        used_topics.add(title)
                        k = rng.randint(min(3, len(qs)), len(qs))
                        d.topics.append((title, qs[:k]))
            r = rng.random()
            if d.topics and r < 0.25:
                d.outcome = ["agreed"]
            elif r < 0.45:
                d.outcome = ["noted"]
            elif r < 0.55:
                d.outcome = ["no-agreement"]
            elif r < 0.65:
                d.outcome = ["deferred"]
            elif r < 0.75:
                d.outcome = ["noted", "no-agreement"]
            elif r < 0.85 and not d.topics:
                d.outcome = ["agreed"]
            elif r < 0.93:
                d.outcome = ["noted"]
            else:
                d.outcome = []
            contribs.append(d)
        if info["consult"] and sum("agreed" in d.outcome and d.topics != [] for d in contribs) > 1:
            first = True
            for d in contribs:
                if "agreed" in d.outcome and d.topics:
                    if not first:
                        d.outcome = ["noted"]
                    first = False
        docs += contribs
        chair = None
        if rng.random() < 0.3:
            chair = Doc("chair-report")
            docs.append(chair)
        info_doc = None
        if rng.random() < 0.15:
            info_doc = Doc("document")
            docs.append(info_doc)
        # numbering: agenda 1, the rest mostly in agenda order with a few swaps
        order = list(range(len(docs)))
        for _ in range(rng.randint(0, 2)):
            i, j = rng.randrange(len(order)), rng.randrange(len(order))
            order[i], order[j] = order[j], order[i]
        agenda.num = 1
        for n, i in enumerate(order, 2):
            docs[i].num = n
        for d in docs:
            if d.kind in ("contribution", "secretariat-report") and rng.random() < 0.07:
                d.rev = 1
        # a conflict: a secretariat report reuses a contribution's number
        conflict = None
        if secs and contribs and rng.random() < 0.12:
            victim = rng.choice(secs)
            target = rng.choice(contribs)
            victim.num, victim.rev = target.num, target.rev
            conflict = target
        for d in [agenda] + docs:
            d.sym = self.canon(d.num, d.rev)

        # text
        if rng.random() < 0.85:
            self.preface()
        self.introduction()
        self.agenda(agenda)
        if prev:
            self.previous_report(prev)
        if rng.random() < 0.55:
            self.mandate()
        for d in secs:
            self.secretariat(d)
        if not info["consult"]:
            self.heading(rng.choice(["Contributions from Member States", "Consideration of contributions",
                                     "Summary and Discussion of Contributions from Member States"]))
            for k, d in enumerate(contribs, 1):
                self.contribution_section(d, k)
        else:
            topical = [d for d in contribs if d.topics]
            others = [d for d in contribs if not d.topics]
            if topical:
                self.contributions_grouped(topical)
            if others:
                self.heading("Summary and Discussion of other Contributions from Member States")
                for k, d in enumerate(others, 1):
                    self.contribution_section(d, k)
        if chair:
            self.chair_report(chair)
        cross = None
        if self.number > 2 and rng.random() < 0.2:
            cross_num = rng.randint(21, 29)  # beyond the documents a previous report of this run can have
            cross_sym = f"{self.body}-{self.number - 1}/{cross_num}"
            cross = (f"One member recalled the contribution submitted to the {self.ordinal(self.number - 1)} "
                     f"meeting (Document {cross_sym}) and asked that it be taken into account in future "
                     "work.")
            self.documents[cross_sym] = "contribution"
        for title, paras in rng.sample(OPTIONAL_SECTIONS, k=rng.choice([0, 1, 1, 2])):
            self.heading(title)
            for t in paras:
                self.para(t.format(group=self.group, Group=self.Group, presider=self.presider_label))
        self.closing(info_doc, cross)

        # facts
        for d in [agenda] + docs:
            if conflict is not None and d.sym == conflict.sym:
                continue
            self.documents[d.sym] = d.kind
        for d in contribs:
            self.submissions[d.sym] = list(d.states)
            if d.topics:
                self.topics[d.sym] = [t for t, _ in d.topics]
        if conflict is not None:
            self.conflicts.append(conflict.sym)
        facts = {
            "meeting": {"body": self.body, "number": self.number, "startDate": self.start.isoformat(),
                        "endDate": self.end.isoformat()},
            "officers": self.officers,
            "submissions": self.submissions,
            "documents": self.documents,
            "citations": self.citations,
            "topics": self.topics,
            "outcomes": self.outcomes,
            "conflicts": self.conflicts,
        }
        return "\n".join(self.lines) + "\n", facts

    def pick_states(self) -> list[str]:
        rng = self.rng
        r = rng.random()
        if r < 0.45:
            return [rng.choice(STATES)[0]]
        bloc = rng.choice(BLOCS)
        k = min(len(bloc), rng.choice([2, 2, 3, 3, 4, 5, 6, 8]))
        return rng.sample(bloc, k=k)
