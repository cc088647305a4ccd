"""The bodies (groups), their numbering, mandate and themes, and the secretariat's reports to each."""

from __future__ import annotations

from .themes import COP_THEMES, FHR_THEMES, INTERNET_THEMES, ITR_THEMES, LANG_THEMES, SFP_THEMES, WSIS_THEMES


BODIES = {
    "CWG-Internet": dict(
        slug="cwg-internet", base=14, rate=2.0, weight=3,
        long="Council Working Group on International Internet-related Public Policy Issues",
        action="The Council Working Group on International Internet-related Public Policy issues is invited "
               "to approve this report.",
        themes=INTERNET_THEMES, consult="open consultation", topic_prob=0.85,
        mandate=["PP102", "C1305", "C1336"],
    ),
    "CWG-WSIS&SDG": dict(
        slug="cwg-wsis-sdg", base=35, rate=2.0, weight=2,
        long="Council Working Group on the World Summit on the Information Society and the Sustainable "
             "Development Goals",
        action="The Council Working Group on WSIS and SDGs is invited to approve this report.",
        themes=WSIS_THEMES, consult="open consultation", topic_prob=0.4,
        mandate=["PP140", "C1332"],
    ),
    "CWG-FHR": dict(
        slug="cwg-fhr", base=11, rate=2.5, weight=2,
        long="Council Working Group on Financial and Human Resources",
        action="The Council Working Group on Financial and Human Resources is invited to approve this "
               "report.",
        themes=FHR_THEMES, consult=None, topic_prob=0.0,
        mandate=["PP151"],
    ),
    "CWG-COP": dict(
        slug="cwg-cop", base=16, rate=2.0, weight=2,
        long="Council Working Group on Child Online Protection",
        action="The Council Working Group on Child Online Protection is invited to approve this report.",
        themes=COP_THEMES, consult="online consultation for young people", topic_prob=0.6,
        mandate=["PP179", "C1306"],
    ),
    "CWG-LANG": dict(
        slug="cwg-lang", base=9, rate=1.5, weight=1,
        long="Council Working Group on the use of the six official languages of the Union",
        action="The Council Working Group on the use of the six official languages of the Union is invited "
               "to approve this report.",
        themes=LANG_THEMES, consult=None, topic_prob=0.0,
        mandate=["PP154", "C1238"],
    ),
    "CWG-SFP": dict(
        slug="cwg-sfp", base=1, rate=3.0, weight=1,
        long="Council Working Group for the elaboration of the draft Strategic Plan and the draft Financial "
             "Plan",
        action="The Council Working Group on the Strategic and Financial Plans is invited to approve this "
               "report.",
        themes=SFP_THEMES, consult=None, topic_prob=0.0,
        mandate=["PP71", "PP151"],
    ),
    "EG-ITRs": dict(
        slug="eg-itrs", base=6, rate=1.5, weight=1,
        long="Expert Group on the International Telecommunication Regulations",
        action="The Expert Group on the International Telecommunication Regulations is invited to approve "
               "this report.",
        themes=ITR_THEMES, consult=None, topic_prob=0.0,
        mandate=["PP146"],
    ),
}

# Secretariat reports per body: (title, kind of content, resolutions the presentation cites)
SECRETARIAT_REPORTS = {
    "CWG-Internet": [("ITU Internet-related activities", "activities",
                      ["PP101", "PP102", "PP133", "PP180", "PP206"]),
                     ("ITU activities on IPv6 and Internet exchange points", "activities",
                      ["WTSA64", "WTDC63"]),
                     ("the results of the open consultation", "consultation", []),
                     ("ITU activities on internationalized domain names", "activities", ["PP133", "WTSA48"])],
    "CWG-WSIS&SDG": [("ITU’s implementation of the WSIS outcomes and the 2030 Agenda", "activities",
                      ["PP140", "C1332", "WTDC30", "WTSA75", "RA61"]),
                     ("the WSIS Forum", "forum", []),
                     ("the preparations for the WSIS+20 review", "review", ["UN70125"]),
                     ("ITU’s contribution to the High-Level Political Forum", "activities",
                      ["UN701", "PP139"])],
    "CWG-FHR": [("the financial situation of the Union", "finance", []),
                ("human resources management", "hr", ["PP48"]),
                ("cost recovery for the processing of satellite network filings", "costrec", []),
                ("the implementation of the recommendations of the Independent Management Advisory Committee",
                 "oversight", ["PP162"]),
                ("the headquarters premises project", "hq", [])],
    "CWG-COP": [("ITU activities on child online protection", "activities", ["PP179", "WTDC67"]),
                ("the results of the online consultation for young people", "consultation", []),
                ("the accessibility of child online protection resources", "activities", ["PP175"])],
    "CWG-LANG": [("the use of the six official languages of the Union", "languages", ["PP154"]),
                 ("the use of machine translation and computer-assisted tools", "languages", [])],
    "CWG-SFP": [("the implementation of the Strategic Plan for the Union", "plan", ["PP71"]),
                ("the draft Financial Plan", "finplan", []),
                ("the results framework of the Union", "plan", ["PP200"])],
    "EG-ITRs": [("the compilation of the views of Member States on the International Telecommunication "
                 "Regulations", "itrs", ["PP146"]),
                ("the implementation of the International Telecommunication Regulations", "itrs", [])],
}

SECRETARIAT_BODY = {
    "activities": [
        "The report gives an overview of the activities carried out by the three Sectors and the General "
        "Secretariat since the previous meeting{under}.",
        "This report summarizes the activities of ITU{under} over the past year, including capacity-building "
        "workshops, publications and cooperation with other organizations.",
    ],
    "consultation": [
        "The report summarizes the {k} written responses received during the consultation and the "
        "discussions at the physical consultation meeting, with responses from governments, the private "
        "sector, civil society and academia.",
        "The report presents the {k} responses received and the main themes that emerged from them, together "
        "with the views expressed by participants in the physical meeting.",
    ],
    "forum": ["The report presents the outcomes of the WSIS Forum, which brought together more than {k} 000 "
              "participants in person and online, and the timeline for the open consultation process on the "
              "format and thematic aspects of the next Forum."],
    "review": ["The report presents a roadmap for the contribution of ITU to the overall review of the "
               "implementation of the WSIS outcomes{inacc}, including regional consultations, a high-level "
               "event and a final report to the Council."],
    "finance": ["The report shows that {k} per cent of the assessed contributions for the year had been "
                "received, in line with previous years, and that expenditure was within the approved "
                "budget."],
    "hr": ["The report provides information on the implementation of the Human Resources Strategy and of "
           "{res0}, including on gender balance, geographical distribution and the recruitment of young "
           "professionals."],
    "costrec": ["The report reviews the implementation of cost recovery for satellite network filings under "
                "Council Decision 482 (Mod. 2020), and shows that the number of filings received had reached "
                "a record level."],
    "oversight": ["The report presents the status of implementation of the recommendations of the "
                  "Independent Management Advisory Committee{inacc}, of which {k} remain open."],
    "hq": ["The report presents the status of the headquarters premises project, including the updated cost "
           "estimates, the timetable for construction and the measures taken to mitigate the main risks."],
    "languages": ["The report provides information on the volume of documents translated in each of the six "
                  "official languages, the use of computer-assisted translation tools and the timeliness of "
                  "the publication of documents.",
                  "The report provides information on the volume of documents translated, the use of "
                  "computer-assisted translation tools and the multilingual content of the ITU website, in "
                  "the light of {res0}."],
    "plan": ["The report presents the progress made towards the targets of the Strategic Plan{inacc}, on the "
             "basis of the key performance indicators agreed by the Council."],
    "finplan": ["The report presents the assumptions on which the draft Financial Plan has been prepared, in "
                "line with Decision 5 (Rev. {pp}), including the level of the contributory unit."],
    "itrs": ["The report summarizes the replies of {k} Member States to the questionnaire on the "
             "implementation of the International Telecommunication Regulations circulated by the "
             "secretariat.",
             "The report compiles the views received from {k} Member States on the provisions of the "
             "International Telecommunication Regulations, in accordance with {res0}."],
}
