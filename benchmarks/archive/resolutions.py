"""Conferences and the resolutions a report cites, with the revision in force on a date."""

from __future__ import annotations

import datetime as dt

from .wording import D


# ---------------------------------------------------------------------------------------------------
# Conferences and resolutions.
# ---------------------------------------------------------------------------------------------------


CONFERENCES = {  # (place, year, closing date), oldest first
    "PP": [("Busan", 2014, D(2014, 11, 7)), ("Dubai", 2018, D(2018, 11, 16)),
           ("Bucharest", 2022, D(2022, 10, 14))],
    "WTDC": [("Dubai", 2014, D(2014, 4, 10)), ("Buenos Aires", 2017, D(2017, 10, 20)),
             ("Kigali", 2022, D(2022, 6, 16))],
    "WTSA": [("Hammamet", 2016, D(2016, 11, 3)), ("Geneva", 2022, D(2022, 3, 9)),
             ("New Delhi", 2024, D(2024, 10, 24))],
    "RA": [("Geneva", 2015, D(2015, 10, 30)), ("Sharm el-Sheikh", 2019, D(2019, 10, 25)),
           ("Dubai", 2023, D(2023, 11, 24))],
}

# (body, number, title or "", first adopted (place, year) or None when older than every listed conference)
RES = {
    "PP101": ("PP", "101", "Internet Protocol-based networks", None),
    "PP102": ("PP", "102", "ITU’s role with regard to international public policy issues pertaining to the "
                           "Internet and the management of Internet resources, including domain names and "
                           "addresses",
              None),
    "PP133": ("PP", "133", "Roles of administrations of Member States in the management of internationalized "
                           "(multilingual) domain names", None),
    "PP180": ("PP", "180", "Promoting deployment of Internet Protocol version 6", None),
    "PP206": ("PP", "206", "OTTs", ("Dubai", 2018)),
    "PP130": ("PP", "130", "Strengthening the role of ITU in building confidence and security in the use of "
                           "information and communication technologies", None),
    "PP64": ("PP", "64", "Non-discriminatory access to modern telecommunication/information and "
                         "communication technology facilities, services and applications", None),
    "PP140": ("PP", "140", "ITU’s role in implementing the outcomes of the World Summit on the Information "
                           "Society and the 2030 Agenda for Sustainable Development", None),
    "PP139": ("PP", "139", "Use of telecommunications/information and communication technologies to bridge "
                           "the digital divide and build an inclusive information society", None),
    "PP200": ("PP", "200", "Connect 2030 Agenda for global telecommunication/information and communication "
                           "technology, including broadband, for sustainable development", None),
    "PP48": ("PP", "48", "Management and development of human resources", None),
    "PP151": ("PP", "151", "Improvement of results-based management in ITU", None),
    "PP162": ("PP", "162", "Independent Management Advisory Committee", None),
    "PP154": ("PP", "154", "Use of the six official languages of the Union on an equal footing", None),
    "PP179": ("PP", "179", "ITU’s role in child online protection", None),
    "PP175": ("PP", "175", "Telecommunication/information and communication technology accessibility for "
                           "persons with disabilities and persons with specific needs", None),
    "PP71": ("PP", "71", "Strategic plan for the Union", None),
    "PP146": ("PP", "146", "Periodic review and revision of the International Telecommunication Regulations",
              None),
    "WTSA64": ("WTSA", "64",
               "IP address allocation and facilitating the transition to and deployment of IPv6", None),
    "WTSA47": ("WTSA", "47", "Country code top-level domain names", None),
    "WTSA48": ("WTSA", "48", "Internationalized (multilingual) domain names", None),
    "WTSA69": ("WTSA", "69", "Non-discriminatory access and use of Internet resources and "
                             "telecommunications/information and communication technologies", None),
    "WTSA75": ("WTSA", "75", "Contribution of the ITU Telecommunication Standardization Sector to the "
                             "implementation of the outcomes of the World Summit on the Information "
                             "Society", None),
    "WTDC30": ("WTDC", "30", "Role of the ITU Telecommunication Development Sector in implementing the "
                             "outcomes of the World Summit on the Information Society", None),
    "WTDC63": ("WTDC", "63", "IP address allocation and encouraging the deployment of IPv6 in the developing "
                             "countries", None),
    "WTDC37": ("WTDC", "37", "Bridging the digital divide", None),
    "WTDC67": ("WTDC", "67",
               "Role of the ITU Telecommunication Development Sector in child online protection", None),
    "RA61": ("RA", "61", "ITU-R’s contribution in implementing the outcomes of the World Summit on the "
                         "Information Society and the 2030 Agenda for Sustainable Development", None),
    "C1305": ("Council", "1305", "Role of the dedicated group on international Internet-related public "
                                 "policy issues",
              ("Mod.", 2019)),
    "C1336": ("Council", "1336", "Council Working Group on international Internet-related public policy "
                                 "issues",
              ("Mod.", 2019)),
    "C1332": ("Council", "1332", "ITU’s role in implementing the outcomes of the World Summit on the "
                                 "Information "
                                 "Society and the 2030 Agenda for Sustainable Development", ("Mod.", 2019)),
    "C1306": ("Council", "1306", "ITU’s role with regard to international public policy issues concerning "
                                 "creating "
                                 "a safer Internet environment for children", ("", 2009)),
    "C1238": ("Council", "1238", "Use of the six official and working languages of the Union", ("", 2005)),
    "UN70125": ("UNGA", "70/125", "Outcome document of the high-level meeting of the General Assembly on the "
                                  "overall review of the implementation of the outcomes of the World Summit "
                                  "on the Information Society", None),
    "UN701": ("UNGA", "70/1", "Transforming our world: the 2030 Agenda for Sustainable Development", None),
    "UN791": ("UNGA", "79/1", "The Pact for the Future", None),
    "UN4425": ("UNGA", "44/25", "Convention on the Rights of the Child", None),
}
CONF_LONG = {"PP": "of the Plenipotentiary Conference", "WTDC": "of the World Telecommunication Development "
             "Conference", "WTSA": "of the World Telecommunication Standardization Assembly"}


def conference_in_force(body: str, on: dt.date) -> tuple[str, int]:
    place, year = CONFERENCES[body][0][:2]
    for p, y, closed in CONFERENCES[body]:
        if closed < on:
            place, year = p, y
    return place, year


# Resolutions a contribution on a given theme may recall.
THEME_RES = {
    "ipv6": ["PP180", "WTSA64", "WTDC63"], "ua": ["PP133", "WTSA48"], "ixp": ["PP101", "WTDC37"],
    "cybercrime": ["PP130"], "development": ["PP64", "WTDC37"], "fragmentation": ["C1305", "PP102"],
    "ai": ["PP102"], "resilience": ["C1305"], "dns": ["WTSA47", "PP133"], "data": ["PP102"],
    "wsis20": ["UN70125", "PP140"], "measurement": ["UN701"], "gender-divide": ["PP140", "UN701"],
    "egov": ["WTDC30"], "forum": ["PP140"],
    "schools": ["PP139", "WTDC37"], "capacity": ["PP139"], "multistakeholder": ["UN70125"],
    "efficiency": ["PP151"], "zng": ["PP151"], "reserve": ["PP151"], "hr": ["PP48"],
    "mobilization": ["PP151"],
    "languages": ["PP154"], "oversight": ["PP162"], "cyberbullying": ["PP179"], "privacy": ["PP179"],
    "games": ["PP179"], "children-ai": ["PP179"], "csea": ["UN4425", "WTDC67"],
    "strategy": ["PP179", "C1306"], "literacy": ["WTDC67"],
    "terminology": ["PP154"], "mt": ["PP154"], "interpretation": ["PP154", "C1238"], "website": ["PP154"],
    "timeliness": ["PP154"], "targets": ["PP71"], "priorities": ["PP71", "PP200"], "financial": ["PP151"],
    "risk": ["PP71"], "ott": ["PP146", "PP206"], "numbering": ["PP146"], "roaming": ["PP146"],
    "security": ["PP130", "PP146"],
}
