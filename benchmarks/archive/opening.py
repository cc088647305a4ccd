"""The opening sections of a report: introduction and officers, agenda, previous report, mandate, the
secretariat's reports."""

from __future__ import annotations

from .bodies import SECRETARIAT_BODY
from .citing import Citing
from .people import OFFICIAL_ROLE, OFFICIAL_SHORT, REGIONS, Person, make_person
from .phrases import SECRETARIAT_DETAIL, SECRETARIAT_REPLY, SEC_DISCUSSION
from .resolutions import RES, conference_in_force
from .text import Doc
from .wording import date_phrase, join_and


class Opening(Citing):
    def introduction(self) -> None:
        rng = self.rng
        chair, chair_region, vcs, secretary = self.team
        self.heading(rng.choice(["Introduction", "Opening of the meeting", "Introduction",
                                 "Opening remarks"]))
        name = self.body if rng.random() < 0.7 else f"the {self.info['long']} ({self.body})"
        ordn = self.ordinal(self.number)
        when = date_phrase(rng, self.start, self.end)
        base = f"The {ordn} meeting of {name} was held {when} {self.place()}."
        mode = rng.random()
        vc_region, vc = rng.choice(sorted(vcs.items()))
        vc_label = rng.choice(REGIONS[vc_region])
        if mode < 0.35:
            variant = rng.choice([
                f"The meeting was chaired by {chair.full(True)}, Chair of {self.body}.",
                f"{chair.full(True)}, Chairman, chaired the meeting.",
                f"The meeting was opened and chaired by {chair.full(True)}, Chair of {self.group}."])
            self.officer(chair, "Chair")
            self.presider, self.presider_label = chair, rng.choice(["Chair", "Chair", "Chairman"])
            self.para(f"{base} {variant}")
        elif mode < 0.55:
            self.officer(vc, "Vice-Chair")
            self.officer(vc, "Acting Chair")
            self.presider, self.presider_label = vc, "Acting Chair"
            if rng.random() < 0.5:
                self.officer(chair, "Chair")
                text = (f"The {vc_label}, {vc.full()}, was Acting Chair on behalf of the Chair of "
                        f"{self.body}, {chair.full()}, who joined the meeting remotely.")
            else:
                text = (f"In the absence of the Chair, {vc.full(True)}, the {vc_label}, acted as Acting "
                        "Chair.")
            self.para(f"{base} {text}")
        elif mode < 0.7:
            self.officer(vc, "Vice-Chair")
            self.presider, self.presider_label = vc, "Vice-Chair"
            text = f"{vc.full()}, {vc_label}, chaired the session."
            if rng.random() < 0.5:
                self.officer(chair, "Chair")
                text += f" The Chair of {self.body}, {chair.full(True)}, had sent {chair.his} apologies."
            self.para(f"{base} {text}")
        else:
            self.officer(chair, "Chair")
            self.presider, self.presider_label = chair, "Chair"
            self.para(f"{base} It was chaired by {chair.full(True)}, Chair of {self.group}.")
        if rng.random() < 0.5:
            n_states = rng.randint(35, 95)
            remote = ", of whom about half participated remotely." if not self.virtual else "."
            self.para(f"Some {n_states * 2 + rng.randint(0, 40)} delegates from {n_states} Member States "
                      f"attended the meeting{remote} The list of participants is available on the website of "
                      "the Group.")
        # an ITU elected official
        if rng.random() < 0.75:
            key = rng.choice({"CWG-Internet": ["SG", "DSG", "TSB"], "CWG-WSIS&SDG": ["SG", "BDT", "DSG"],
                              "CWG-FHR": ["DSG", "SG", "BR"], "CWG-COP": ["BDT", "DSG", "SG"],
                              "CWG-LANG": ["DSG", "SG"], "CWG-SFP": ["SG", "DSG"],
                              "EG-ITRs": ["TSB", "DSG", "SG", "BR"]}[self.body])
            name_, title, gender = self.officials[key]
            p = Person(name_, title, gender)
            role = OFFICIAL_ROLE[key]
            self.officer(p, role)
            verb = rng.choice(["welcomed participants to", "opened", "delivered opening remarks at"])
            if key in ("SG", "DSG"):
                lead = f"ITU {role} {p.full()} {verb} the {ordn} meeting of {self.body}."
            elif rng.random() < 0.5:
                lead = f"{p.full()}, {role}, {verb} the meeting on behalf of the Secretary-General."
            else:
                lead = f"The Director of {OFFICIAL_SHORT[key]}, {p.full()}, {verb} the meeting."
            self.para(f"{lead} {p.he.capitalize()} " + rng.choice([
                "highlighted the importance of the Group in facilitating dialogue among Member States and "
                "reiterated the support of the secretariat to its work.",
                "recalled the decisions of the last Plenipotentiary Conference relevant to the work of the "
                "Group and encouraged members to participate actively in its meetings.",
                "underlined the relevance of the work of the Group to the strategic priorities of the Union "
                "and "
                "thanked the members for their contributions."]) + " " + rng.choice([
                f"{p.he.capitalize()} also welcomed the new members of the management team of the Group and "
                "wished them every success in their work.",
                f"{p.he.capitalize()} stressed that the secretariat stood ready to support the Group in "
                "preparing its report to the Council.",
                f"Noting the number of contributions received, {p.he} expressed confidence that the Group "
                "would be able to make progress on the issues before it.",
                ""]).rstrip())
            self.para(f"The {self.presider_label} thanked the {role} for {p.his} presence and support. "
                      + rng.choice([
                          f"{self.presider.he.capitalize()} emphasized the need for active participation of "
                          "the members and invited them to work in a spirit of compromise.",
                          f"{self.presider.he.capitalize()} recalled the outcomes of the previous meeting "
                          "and the tasks before the Group.",
                          f"{self.presider.he.capitalize()} welcomed the large number of contributions "
                          "received for the meeting."]))
        # another Vice-Chair, a Secretary
        if rng.random() < 0.35:
            others = [(r, p) for r, p in sorted(vcs.items()) if p is not self.presider]
            r2, vc2 = rng.choice(others)
            self.officer(vc2, "Vice-Chair")
            self.para(f"The {rng.choice(REGIONS[r2])}, {vc2.full(True)}, "
                      + rng.choice(["agreed to lead informal consultations during the meeting.",
                                    "assisted the presiding officer in the conduct of the meeting.",
                                    "was invited to moderate the discussions on the contributions."]))
        if rng.random() < 0.3:
            self.officer(secretary, "Secretary")
            self.para(rng.choice([
                f"{secretary.full()}, Secretary of {self.body}, outlined the arrangements for remote "
                "participation and the documents available on the website of the Group.",
                f"The Secretary of the Group, {secretary.full()}, provided information on the documents and "
                "on the working methods of the meeting."]))

    def agenda(self, doc: Doc) -> None:
        rng = self.rng
        self.heading(rng.choice(["Adoption of the agenda", "Adoption of the agenda", f"{self.sym(doc)}: "
                                                                                     "Agenda of "
                                 "the meeting" if rng.random() < 0.3 else "Approval of the agenda"]))
        adopted = rng.choice(["The agenda was adopted.", "The agenda was adopted without modification.",
                              "The agenda was adopted as amended.", f"{self.Group} adopted the agenda.",
                              "The agenda was adopted with amendments."])
        form = rng.random()
        if form < 0.35:
            text = (f"The {self.presider_label} presented the draft agenda (Document {self.sym(doc)}). "
                    f"{adopted}")
        elif form < 0.7:
            text = f"The agenda (Document {self.sym(doc)}) was adopted" + rng.choice(
                [".", " with amendments.", " without change.", ", as amended."])
        else:
            text = (f"The draft agenda contained in {self.sym(doc)} was introduced by the "
                    f"{self.presider_label}. {adopted}")
        self.outcome(doc, "adopted")
        self.para(text)

    def previous_report(self, doc: Doc) -> None:
        rng = self.rng
        prev = self.ordinal(self.number - 1)
        self.heading(rng.choice([f"{self.sym(doc)}: Draft report of the {prev} meeting",
                                 f"Approval of the report of the {prev} meeting"]))
        self.para(f"{self.Group} considered the draft report of its {prev} meeting, contained in Document "
                  f"{self.sym(doc)}." if rng.random() < 0.5 else
                  f"The {self.presider_label} recalled that the draft report of the {prev} meeting (Document "
                  f"{self.sym(doc)}) had been circulated to members in advance of the meeting.")
        if doc.outcome == ["deferred"]:
            self.para(f"Owing to time constraints, {self.group} decided to defer consideration of Document "
                      f"{self.sym(doc)} to its next meeting.")
            self.outcome(doc, "deferred")
        else:
            self.para(rng.choice(["The report was approved.", "The report was approved without modification.",
                                  "One member requested an editorial correction. The report was approved, as "
                                  "corrected.", f"{self.Group} approved the report."]))
            self.outcome(doc, "approved")

    def mandate(self) -> None:
        rng = self.rng
        keys = self.info["mandate"]
        refs = [self.cite(k) for k in keys]
        if self.body == "CWG-FHR":
            refs.insert(0, "Council Decision 563")
        self.heading(rng.choice(["Presentation of the working methods and terms of reference of the Group "
                                 "based on ",
                                 "Terms of reference of the Group: ", "Mandate of the Group under "])
                     + join_and(refs, rng))
        what = "resolutions" if len(keys) > 1 else "resolution"
        self.para(f"The {self.presider_label} presented relevant excerpts of the above-mentioned {what} "
                  "to highlight the working methods and terms of reference of the Group. These were noted by "
                  f"{self.group}.")
        if self.body == "CWG-Internet" and rng.random() < 0.6:
            self.para("A member recalled that, under " + self.cite_pair("PP133", "PP102") + ", Member States "
                                                                                            "have a "
                      "role in the management of internationalized domain names and of Internet resources, "
                      "and asked that both resolutions be kept in view in the work of the Group.")
        elif self.body == "CWG-Internet" and rng.random() < 0.5:
            self.para("A member highlighted the discussions on " + self.cite("PP102", "res") + " at the last "
                      "Plenipotentiary Conference, noting the updated mandate contained in it.")

    def secretariat(self, doc: Doc) -> None:
        rng = self.rng
        title, content, keys = doc.title
        if content == "consultation" and self.prev_topic and rng.random() < 0.8:
            title = f"{title} on “{self.prev_topic}”"
        label = rng.choice(["Report by the Secretariat on", "Secretariat report on",
                            "Report of the Secretariat on"])
        full = f"{label} {title}"
        # heading with a bare list for the PP activity report, as the published reports do
        bare_list = content == "activities" and len(keys) >= 3 and all(RES[k][0] == "PP" for k in keys) \
            and rng.random() < 0.6
        if bare_list:
            full += ": " + self.cite_list_null(keys, "Resolutions ")
        r = rng.random()
        if r < 0.5:
            self.heading(f"{self.sym(doc)}: {full}")
        elif r < 0.75:
            self.heading(f"{full} (Document {self.sym(doc)})")
        else:
            self.heading(f"Document {self.sym(doc)} – {full}")
        # choose the sentence first, then cite only what it will actually say
        slots = ("{under}", "{inacc}", "{res0}")
        templates = [t for t in SECRETARIAT_BODY[content] if keys or "{res0}" not in t]
        if bare_list or keys:
            with_slot = [t for t in templates if any(x in t for x in slots)]
            if bare_list or (with_slot and rng.random() < 0.85):
                templates = with_slot
        if not templates:
            templates = ["The secretariat presented the report and replied to questions from members."]
        template = rng.choice(templates)
        res = ""
        if keys and any(x in template for x in slots):
            if bare_list:
                parts = ["Plenipotentiary Conference (PP) " + self.cite(keys[0], "bare")]
                parts += [self.cite_titled(k) for k in keys[1:]]
                res = "; ".join(parts[:-1]) + " and " + parts[-1]
            elif len(keys) > 1 and rng.random() < 0.4 and all(RES[k][0] == "PP" for k in keys):
                res = self.cite_list_null(keys, "PP Resolutions ")
            else:
                res = join_and([self.cite(k) for k in keys], rng)
        text = template.format(
            under=f" under {res}" if res else "", inacc=f" in accordance with {res}" if res else "", res0=res,
            k=rng.randint(12, 60), pp=", ".join(map(str, conference_in_force("PP", self.start))))
        text += "".join(" " + x for x in self.fresh(SECRETARIAT_DETAIL, rng.choice([1, 1, 2])))
        staff = ""
        if rng.random() < 0.3:
            staff_person = make_person(rng, rng.choice(list(REGIONS)), set(self.used_names))
            staff = f"{staff_person.full()}, of the General Secretariat, presented the report. "
        self.para(staff + text)
        self.para(rng.choice([
            "Members welcomed the report. One member suggested that future iterations of the report provide "
            "more information on the impact of the activities described, while another asked for more detail "
            "on cooperation with other organizations.",
            "Several members commended the secretariat for the report. One member requested that the next "
            "edition include a breakdown of the resources allocated to each activity.",
            "One member asked about the timetable for the next steps, and the secretariat provided "
            "clarifications. Another member stressed the need for coordination with the Sector advisory "
            "groups.",
            "Members thanked the secretariat for the comprehensive report and made a number of comments, "
            "which the secretariat undertook to take into account."])
            + "".join(" " + x for x in self.fresh(SEC_DISCUSSION, rng.choice([0, 1, 1]))))
        if rng.random() < 0.6:
            self.para(rng.choice(SECRETARIAT_REPLY).format(He=rng.choice(["He", "She"])))
        if doc.outcome:
            self.para(rng.choice([f"{self.Group} noted the report.", f"{self.Group} took note of the report.",
                                  f"The report was noted by {self.group}.",
                                  f"{self.Group} noted Document {self.sym(doc)}."]))
            self.outcome(doc, "noted")
