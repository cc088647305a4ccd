#!/usr/bin/env python3
"""Generate synthetic reports of ITU Council working group meetings, with the facts each one states.

    python benchmarks/generate_reports.py --count N --seed S --out DIR

For each report the script writes ``DIR/<stem>.txt`` in the house style of the published reports, that is,
plain text as extracted from the DOCX: a tab after paragraph numbers, "· " bullets, curly quotes, an
optional "Purpose / Action required" preface and a signature line at the end. It also writes
``DIR/<stem>.expected.json`` with the facts the text states, in the format of
``tests/corpus/*.expected.json`` and following the conventions in ``tests/corpus/README.md``. The
generator records each fact when it writes the sentence that states it, so the oracle is exact by
construction. Sentences that state nothing (the discussion, staff named without a role, decisions that
are not resolutions) are there as distractors.

The output depends only on ``--count`` and ``--seed``. The script uses the standard library only. A
report averages about 85 lines and 17 KB, and 1,000 reports take about two seconds.

What varies:

- the body: CWG-Internet, CWG-WSIS&SDG, CWG-FHR, CWG-COP, CWG-LANG, CWG-SFP or EG-ITRs;
- the meeting number, written with ordinals in words or in digits;
- the dates: one to three days, in five phrasings, some with the weekday;
- the place: in person, hybrid, or virtual (always virtual during 2020-2021);
- the ITU elected officials, who are those in office on the date;
- the group's Chair, Vice-Chairs (named by region in several ways), Acting Chairs and Secretaries, in several
  phrasings, with a signature by whoever presided;
- 2 to 12 contributions. Submitting states are named in ITU style ("Korea (Republic of)") and plainly, alone
  or in lists joined by "and", "&" or commas only;
- secretariat reports, the agenda (possibly revised), the previous meeting's report, the Chair's report to
  the Council and documents of unstated kind. Symbols are written with a hyphen or a space, with
  "(Rev.N)" or " (Rev.N)", and in "Document X –", "X:" or "(Document X)" form;
- resolutions cited in the forms ITU uses ("PP Res. 102 (Rev. Bucharest, 2022)", "Council Resolution 1305
  (Mod. 2019)", bare lists, "Resolutions 133 and 102 (...)", WTDC, WTSA, "Resolution ITU-R 61", UNGA),
  each with the revision in force on the meeting date;
- consultation topics with their questions in five layouts;
- the six outcomes;
- occasionally (about 10% of reports) one symbol given both to a contribution and to a secretariat report.

Every (body, meeting number) pair is unique within one run, so a whole run can be loaded into one store.
Meeting numbers rise with the dates within each body. Dates fall between 2020 and 2025 for counts up to a
few thousand. Larger runs push them later, and meeting numbers grow past what real groups have reached.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import sys
import time

# ---------------------------------------------------------------------------------------------------
# Member States: ISO 3166-1 alpha-3, the ITU-style name, other forms seen in reports, and the name used
# in running text ("Türkiye proposes …").
# ---------------------------------------------------------------------------------------------------
STATES: list[tuple[str, str, tuple[str, ...], str]] = [
    ("ARG", "Argentine Republic", ("Argentina",), "Argentina"),
    ("AUS", "Australia", (), "Australia"),
    ("AUT", "Austria", (), "Austria"),
    ("BHR", "Bahrain (Kingdom of)", ("Bahrain", "the Kingdom of Bahrain"), "Bahrain"),
    ("BLR", "Belarus (Republic of)", ("Belarus", "the Republic of Belarus"), "Belarus"),
    ("BRA", "Brazil (Federative Republic of)", ("Brazil",), "Brazil"),
    ("BFA", "Burkina Faso", (), "Burkina Faso"),
    ("CAN", "Canada", (), "Canada"),
    ("CHN", "China (People’s Republic of)", ("China", "the People’s Republic of China"), "China"),
    ("CIV", "Côte d'Ivoire (Republic of)", ("Côte d’Ivoire", "Côte d'Ivoire"), "Côte d’Ivoire"),
    ("CUB", "Cuba (Republic of)", ("Cuba",), "Cuba"),
    ("CZE", "Czech Republic", (), "the Czech Republic"),
    ("DZA", "Algeria (People’s Democratic Republic of)", ("Algeria",), "Algeria"),
    ("EGY", "Egypt (Arab Republic of)", ("Egypt", "the Arab Republic of Egypt"), "Egypt"),
    ("FRA", "France", (), "France"),
    ("DEU", "Germany (Federal Republic of)", ("Germany",), "Germany"),
    ("GHA", "Ghana", (), "Ghana"),
    ("IND", "India (Republic of)", ("India",), "India"),
    ("IDN", "Indonesia (Republic of)", ("Indonesia",), "Indonesia"),
    ("IRN", "Iran (Islamic Republic of)", ("the Islamic Republic of Iran",), "the Islamic Republic of Iran"),
    ("IRQ", "Iraq (Republic of)", ("Iraq",), "Iraq"),
    ("ITA", "Italy", (), "Italy"),
    ("JPN", "Japan", (), "Japan"),
    ("JOR", "Jordan (Hashemite Kingdom of)", ("Jordan",), "Jordan"),
    ("KAZ", "Kazakhstan (Republic of)", ("Kazakhstan",), "Kazakhstan"),
    ("KEN", "Kenya (Republic of)", ("Kenya",), "Kenya"),
    ("KOR", "Korea (Republic of)", ("the Republic of Korea",), "the Republic of Korea"),
    ("KWT", "Kuwait (State of)", ("Kuwait",), "Kuwait"),
    ("KGZ", "Kyrgyz Republic", (), "the Kyrgyz Republic"),
    ("LBN", "Lebanon", (), "Lebanon"),
    ("MYS", "Malaysia", (), "Malaysia"),
    ("MLI", "Mali (Republic of)", ("Mali",), "Mali"),
    ("MEX", "Mexico", (), "Mexico"),
    ("MAR", "Morocco (Kingdom of)", ("Morocco",), "Morocco"),
    ("NLD", "Netherlands (Kingdom of the)", ("the Netherlands",), "the Netherlands"),
    ("NGA", "Nigeria (Federal Republic of)", ("Nigeria",), "Nigeria"),
    ("OMN", "Oman (Sultanate of)", ("Oman",), "Oman"),
    ("PAK", "Pakistan (Islamic Republic of)", ("Pakistan",), "Pakistan"),
    ("PRY", "Paraguay (Republic of)", ("Paraguay",), "Paraguay"),
    ("PHL", "Philippines (Republic of the)", ("the Philippines",), "the Philippines"),
    ("POL", "Poland (Republic of)", ("Poland",), "Poland"),
    ("PRT", "Portugal", (), "Portugal"),
    ("QAT", "Qatar (State of)", ("Qatar",), "Qatar"),
    ("RUS", "Russian Federation", ("the Russian Federation",), "the Russian Federation"),
    ("RWA", "Rwanda (Republic of)", ("Rwanda",), "Rwanda"),
    ("SAU", "Saudi Arabia (Kingdom of)", ("Saudi Arabia", "the Kingdom of Saudi Arabia"), "Saudi Arabia"),
    ("SEN", "Senegal (Republic of)", ("Senegal",), "Senegal"),
    ("ZAF", "South Africa (Republic of)", ("South Africa",), "South Africa"),
    ("ESP", "Spain", (), "Spain"),
    ("SDN", "Sudan (Republic of the)", ("Sudan",), "Sudan"),
    ("SWE", "Sweden", (), "Sweden"),
    ("CHE", "Switzerland (Confederation of)", ("Switzerland",), "Switzerland"),
    ("SYR", "Syrian Arab Republic", (), "the Syrian Arab Republic"),
    ("TZA", "Tanzania (United Republic of)", ("the United Republic of Tanzania",), "Tanzania"),
    ("TUN", "Tunisia", (), "Tunisia"),
    ("TUR", "Türkiye", ("Republic of Türkiye",), "Türkiye"),
    ("UGA", "Uganda (Republic of)", ("Uganda",), "Uganda"),
    ("UKR", "Ukraine", (), "Ukraine"),
    ("ARE", "United Arab Emirates", ("the United Arab Emirates",), "the United Arab Emirates"),
    ("GBR", "United Kingdom of Great Britain and Northern Ireland", ("the United Kingdom", "United Kingdom"),
     "the United Kingdom"),
    ("USA", "United States of America", ("the United States of America", "the United States"),
     "the United States"),
    ("UZB", "Uzbekistan (Republic of)", ("Uzbekistan",), "Uzbekistan"),
    ("VEN", "Venezuela (Bolivarian Republic of)", ("Venezuela",), "Venezuela"),
    ("VNM", "Viet Nam (Socialist Republic of)", ("Viet Nam",), "Viet Nam"),
    ("ZWE", "Zimbabwe (Republic of)", ("Zimbabwe",), "Zimbabwe"),
]
STATE_BY_ISO = {s[0]: s for s in STATES}

# States that often co-sign, so that lists of submitters look like real ones.
BLOCS = [
    ["SAU", "BHR", "EGY", "KWT", "MAR", "TUN", "ARE", "OMN", "QAT", "JOR", "DZA", "IRQ", "LBN", "SDN"],
    ["RUS", "BLR", "KAZ", "KGZ", "UZB"],
    ["BRA", "CHN", "CUB", "RUS", "IRN", "VEN", "IND", "ZAF"],
    ["USA", "CAN", "GBR", "AUS", "JPN", "SWE", "NLD", "DEU", "FRA", "CHE", "CZE", "POL", "ITA", "ESP", "AUT",
     "PRT", "UKR"],
    ["NGA", "KEN", "RWA", "GHA", "SEN", "CIV", "BFA", "MLI", "TZA", "UGA", "ZWE", "ZAF", "EGY"],
    ["ARG", "PRY", "MEX", "BRA", "CUB"],
    ["IND", "IDN", "MYS", "PHL", "VNM", "PAK", "KOR", "JPN", "CHN", "AUS"],
]

# Regions for which Vice-Chairs are appointed, with the ways reports name them.
REGIONS = {
    "africa": ["Vice-Chair for the Africa Region", "Vice-Chair for Africa", "Vice Chair - African Region",
               "Vice-Chairman for the African Region"],
    "americas": ["Vice-Chair for the Americas", "Vice-Chair for the Region of the Americas",
                 "Vice Chair - Americas Region"],
    "arab": ["Vice-Chair for the Arab States", "Vice-Chair for the Arab Region", "Vice Chair - Arab States"],
    "asia": ["Vice-Chair for the Asia-Pacific Region", "Vice-Chair for Asia and the Pacific",
             "Vice Chair - Asia-Pacific Region", "Vice-Chairperson for the Asia-Pacific Region"],
    "cis": ["Vice-Chair for the CIS Region", "Vice-Chair for the CIS", "Vice Chair - CIS Region"],
    "europe": ["Vice-Chair for the European Region", "Vice-Chair for Europe", "Vice Chair - European Region",
               "Vice-Chairman for the European Region"],
}
# Invented people for the group officers and the secretariat: per region, countries with names that fit them
# (country as shown after the name, male first names, female first names, surnames or (male, female) pairs).
PEOPLE = {
    "africa": [
        ("Ghana", ["Kwame", "Kofi", "Samuel"], ["Ama", "Akosua", "Abena"],
         ["Mensah", "Boateng", "Owusu", "Asante"]),
        ("Senegal", ["Abdoulaye", "Moussa", "Ousmane"], ["Fatou", "Aïssatou", "Amina"],
         ["Ndiaye", "Diallo", "Sow"]),
        ("Kenya", ["Joseph", "Peter", "David"], ["Wanjiru", "Grace", "Esther"],
         ["Mwangi", "Otieno", "Kamau"]),
        ("Nigeria", ["Olufemi", "Emmanuel", "Chinedu"], ["Ngozi", "Funmilayo", "Adaeze"],
         ["Adeyemi", "Okafor", "Okonkwo", "Bello"]),
        ("Rwanda", ["Jean-Claude", "Eric"], ["Claudine", "Aline"], ["Uwimana", "Habimana", "Mugisha"]),
        ("Zimbabwe", ["Tendai", "Tatenda"], ["Chipo", "Rutendo"], ["Moyo", "Banda", "Chikore"]),
        ("South Africa", ["Sipho", "Thabo"], ["Nomvula", "Lerato"], ["Nkosi", "Dlamini", "Mokoena"]),
        ("Côte d’Ivoire", ["Koffi", "Yao"], ["Aya", "Adjoua"], ["Kouassi", "Traoré", "Koné"]),
        ("Burkina Faso", ["Issa", "Boureima"], ["Mariam", "Salimata"], ["Ouédraogo", "Sawadogo", "Compaoré"]),
    ],
    "americas": [
        ("Mexico", ["Jorge", "Luis", "Alejandro"], ["Gabriela", "Mariana"],
         ["Ibarra Mendoza", "Hernández", "Castillo"]),
        ("Brazil", ["Marcelo", "Ricardo", "Paulo"], ["Ana", "Carolina", "Beatriz"],
         ["Silva", "Pereira", "Oliveira"]),
        ("Argentina", ["Andrés", "Martín"], ["Lucía", "Florencia"], ["Fernández", "Gutiérrez", "Sosa"]),
        ("Canada", ["Michael", "Robert"], ["Jennifer", "Catherine"], ["Thompson", "Tremblay", "Gagnon"]),
        ("United States", ["Daniel", "Matthew"], ["Patricia", "Elizabeth"],
         ["Morgan", "Bennett", "Sullivan"]),
        ("Paraguay", ["Carlos", "Hugo"], ["Liz", "Rocío"], ["Benítez", "Morales", "Giménez"]),
        ("Cuba", ["Ernesto", "Raúl"], ["Yamila", "Odalys"], ["Rodríguez", "Pérez", "Valdés"]),
    ],
    "arab": [
        ("Saudi Arabia", ["Faisal", "Khalid", "Abdullah"], ["Nora", "Huda"],
         ["Al-Otaibi", "Al-Harbi", "Al-Qahtani"]),
        ("Egypt", ["Ahmed", "Omar", "Hany"], ["Dalia", "Rania", "Heba"],
         ["El-Sayed", "Mansour", "Abdelaziz"]),
        ("Algeria", ["Karim", "Mourad"], ["Nadia", "Amina"], ["Benali", "Bensalem", "Boudiaf"]),
        ("Morocco", ["Youssef", "Hicham"], ["Salma", "Imane"], ["El Idrissi", "Benjelloun", "Alaoui"]),
        ("Oman", ["Tariq", "Said"], ["Mariam", "Aisha"], ["Al-Harthy", "Al-Balushi", "Al-Hinai"]),
        ("United Arab Emirates", ["Hamad", "Rashid"], ["Layla", "Fatima"], ["Al-Mansouri", "Al-Suwaidi"]),
        ("Lebanon", ["Karim", "Georges"], ["Rania", "Nour"], ["Haddad", "Khoury", "Saade"]),
        ("Jordan", ["Omar", "Zaid"], ["Lina", "Dana"], ["Al-Khatib", "Haddad", "Al-Masri"]),
        ("Tunisia", ["Mehdi", "Sami"], ["Amel", "Sonia"], ["Ben Salah", "Trabelsi", "Jaziri"]),
    ],
    "asia": [
        ("India", ["Rajesh", "Sanjay", "Arvind"], ["Priya", "Anjali", "Meera"],
         ["Sharma", "Raman", "Iyer", "Gupta"]),
        ("Japan", ["Hiroshi", "Kenji", "Takashi"], ["Yuki", "Aiko", "Naoko"],
         ["Tanaka", "Kobayashi", "Sato"]),
        ("China", ["Wei", "Jun", "Hao"], ["Li Na", "Mei", "Xiaoyan"], ["Zhang", "Wang", "Liu", "Chen"]),
        ("Republic of Korea", ["Min-jun", "Sung-ho"], ["Ji-woo", "Soo-jin"], ["Kim", "Park", "Lee"]),
        ("Indonesia", ["Arif", "Budi"], ["Siti", "Dewi"], ["Santoso", "Wibowo", "Hidayat"]),
        ("Malaysia", ["Ahmad", "Faizal"], ["Nurul", "Aisyah"], ["Abdullah", "Ismail", "Rahman"]),
        ("Viet Nam", ["Thanh", "Minh"], ["Lan", "Huong"], ["Nguyen", "Tran", "Pham"]),
        ("Pakistan", ["Imran", "Asad"], ["Ayesha", "Sana"], ["Khan", "Qureshi", "Malik"]),
        ("Australia", ["James", "Andrew"], ["Sarah", "Rebecca"], ["Mitchell", "Campbell", "Walsh"]),
    ],
    "cis": [
        ("Russian Federation", ["Alexey", "Dmitry", "Sergey"], ["Elena", "Olga", "Natalia"],
         [("Petrov", "Petrova"), ("Ivanov", "Ivanova"), ("Smirnov", "Smirnova"),
          ("Kuznetsov", "Kuznetsova")]),
        ("Kazakhstan", ["Nurlan", "Yerlan"], ["Aigerim", "Saule"], [("Nurmagambetov", "Nurmagambetova"),
                                                                   ("Abenov", "Abenova")]),
        ("Uzbekistan", ["Aziz", "Bakhtiyar"], ["Dilnoza", "Nodira"], [("Abdullaev", "Abdullaeva"),
                                                                      ("Karimov", "Karimova")]),
        ("Kyrgyz Republic", ["Azamat", "Bakyt"], ["Aizhan", "Gulnara"], [("Toktogulov", "Toktogulova"),
                                                                         ("Asanov", "Asanova")]),
        ("Belarus", ["Igor", "Andrei"], ["Irina", "Tatiana"], ["Novik", ("Zhukov", "Zhukova")]),
    ],
    "europe": [
        ("Poland", ["Marek", "Tomasz"], ["Agnieszka", "Magdalena"], [("Kowalski", "Kowalska"), "Nowak"]),
        ("Sweden", ["Lars", "Henrik"], ["Ingrid", "Karin"], ["Holmberg", "Lindqvist", "Eriksson"]),
        ("Portugal", ["João", "Rui"], ["Carla", "Inês"], ["Mendes", "Ferreira", "Costa"]),
        ("Italy", ["Matteo", "Giorgio"], ["Giulia", "Francesca"], ["Rossi", "Bianchi", "Romano"]),
        ("France", ["Pierre", "Julien"], ["Sophie", "Claire"], ["Dubois", "Martin", "Lefebvre"]),
        ("Germany", ["Stefan", "Jens"], ["Katharina", "Anja"], ["Schneider", "Keller", "Wagner"]),
        ("Spain", ["Javier", "Pablo"], ["Elena", "Marta"], ["García", "Navarro", "Romero"]),
        ("Switzerland", ["Martin", "Urs"], ["Claudia", "Nathalie"], ["Meier", "Keller", "Favre"]),
        ("United Kingdom", ["James", "Richard"], ["Claire", "Helen"], ["Wright", "Evans", "Hughes"]),
        ("Czech Republic", ["Jan", "Petr"], ["Petra", "Lenka"],
         [("Novák", "Nováková"), ("Horák", "Horáková")]),
        ("Netherlands", ["Pieter", "Joost"], ["Anouk", "Marieke"], ["van der Berg", "de Vries", "Bakker"]),
        ("Austria", ["Florian", "Markus"], ["Katharina", "Julia"], ["Huber", "Gruber", "Steiner"]),
    ],
}

# ITU elected officials by period: (name, title, gender, role label).
OFFICIALS_BEFORE_2023 = {
    "SG": ("Houlin Zhao", "Mr.", "m"),
    "DSG": ("Malcolm Johnson", "Mr.", "m"),
    "TSB": ("Chaesub Lee", "Mr.", "m"),
    "BDT": ("Doreen Bogdan-Martin", "Ms.", "f"),
    "BR": ("Mario Maniewicz", "Mr.", "m"),
}
OFFICIALS_FROM_2023 = {
    "SG": ("Doreen Bogdan-Martin", "Ms.", "f"),
    "DSG": ("Tomas Lamanauskas", "Mr.", "m"),
    "TSB": ("Seizo Onoe", "Mr.", "m"),
    "BDT": ("Cosmas Luckyson Zavazava", "Dr.", "m"),
    "BR": ("Mario Maniewicz", "Mr.", "m"),
}
OFFICIAL_ROLE = {
    "SG": "Secretary-General",
    "DSG": "Deputy Secretary-General",
    "TSB": "Director of the Telecommunication Standardization Bureau",
    "BDT": "Director of the Telecommunication Development Bureau",
    "BR": "Director of the Radiocommunication Bureau",
}
OFFICIAL_SHORT = {"TSB": "TSB", "BDT": "BDT", "BR": "BR"}

# ---------------------------------------------------------------------------------------------------
# Conferences and resolutions.
# ---------------------------------------------------------------------------------------------------
D = dt.date
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


# ---------------------------------------------------------------------------------------------------
# Ordinals and dates.
# ---------------------------------------------------------------------------------------------------
_ORD_UNITS = ["", "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth"]
_ORD_TEENS = ["tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth",
              "seventeenth", "eighteenth", "nineteenth"]
_TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_ORD_TENS = ["", "", "twentieth", "thirtieth", "fortieth", "fiftieth", "sixtieth", "seventieth", "eightieth",
             "ninetieth"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def ordinal_words(n: int) -> str:
    if n < 10:
        return _ORD_UNITS[n]
    if n < 20:
        return _ORD_TEENS[n - 10]
    tens, units = divmod(n, 10)
    return _ORD_TENS[tens] if units == 0 else f"{_TENS[tens]}-{_ORD_UNITS[units]}"


def ordinal_digits(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def fmt_date(d: dt.date) -> str:
    return f"{d.day} {MONTHS[d.month - 1]} {d.year}"


def date_phrase(rng: random.Random, start: dt.date, end: dt.date) -> str:
    """The dates of the meeting as a report states them, starting with "on" or "from"."""
    if start == end:
        if rng.random() < 0.15:
            return f"on {WEEKDAYS[start.weekday()]}, {fmt_date(start)}"
        return f"on {fmt_date(start)}"
    if start.month == end.month:
        days = (end - start).days
        r = rng.random()
        if days == 1 and r < 0.45:
            return f"on {start.day} and {end.day} {MONTHS[end.month - 1]} {end.year}"
        if r < 0.55:
            return f"on {start.day}-{end.day} {MONTHS[end.month - 1]} {end.year}"
        return f"from {start.day} to {end.day} {MONTHS[end.month - 1]} {end.year}"
    if start.year == end.year:
        return f"from {start.day} {MONTHS[start.month - 1]} to {fmt_date(end)}"
    return f"from {fmt_date(start)} to {fmt_date(end)}"


# ---------------------------------------------------------------------------------------------------
# Bodies and what their meetings discuss.
# ---------------------------------------------------------------------------------------------------
# Each theme: key, summary sentences, topics (title, questions), and a clause for the discussion.
INTERNET_THEMES = [
    ("ipv6",
     ["the deployment of IPv6 remains uneven across regions, and many developing countries still rely on "
      "IPv4 address transfers and translation technologies that increase costs and complexity for operators",
      "governments can play an enabling role in the transition to IPv6 through public procurement, national "
      "task forces and awareness-raising campaigns",
      "the lack of skilled personnel is one of the main obstacles to the deployment of IPv6 in developing "
      "countries, and that capacity building should be prioritized"],
     [("Promoting IPv6 deployment",
       ["What enabling role can governments and policy makers play in promoting IPv6 deployment within their "
        "countries?",
        "For countries or regions where IPv6 deployment still faces challenges, what work should be "
        "prioritized, and which stakeholders should be involved in awareness raising and capacity building?",
        "What are the good practices in mobilizing and supporting multi-stakeholder deployment of IPv6?",
        "How can ITU, in cooperation with the regional Internet registries, assist Member States in this "
        "regard?"]),
      ("Accelerating the transition to IPv6 in developing countries",
       ["What are the main technical, economic and policy barriers to the transition to IPv6?",
        "What incentives have proved effective in encouraging operators and content providers to deploy "
        "IPv6?",
        "How can capacity building on IPv6 be strengthened and better coordinated?"])],
     "the importance of IPv6 for the continued growth of the Internet"),
    ("ua",
     ["universal acceptance of domain names in different scripts is essential if everyone is to be able to "
      "have meaningful access to the Internet and enjoy the benefits it brings",
      "many applications and systems still fail to accept internationalized domain names and e-mail "
      "addresses, which limits the benefits of a multilingual Internet",
      "public policy, including procurement practices, can help to create demand for systems that are "
      "universal-acceptance ready"],
     [("The role of public policy in promoting Universal Acceptance",
       ["What is the impact of Universal Acceptance, or the lack thereof, on communities, economies, "
        "businesses and innovation?",
        "What more could governments, with other stakeholders, do to promote Universal Acceptance in the "
        "public and private sectors?",
        "What problems (if any) have ITU Member States and Sector Members experienced concerning the "
        "promotion of Universal Acceptance?",
        "How can ITU and its members work to promote Universal Acceptance?"]),
      ("Promoting and strengthening a truly multilingual Internet",
       ["What more could governments and stakeholders do to ensure that the Internet becomes more "
        "multilingual in nature and thus accessible for more of the global population?",
        "What problems have ITU Member States and Sector Members experienced concerning the lack of "
        "Universal Acceptance?",
        "How might ITU, working with ICANN and other interested parties, help promote Universal "
        "Acceptance?"])],
     "the value of a multilingual Internet"),
    ("ixp",
     ["Internet exchange points and locally hosted content reduce costs and latency for users, while many "
      "developing countries still exchange a large share of their domestic traffic abroad",
      "neutral and well-governed Internet exchange points have helped to lower the price of Internet access "
      "in several regions",
      "the development of local content in local languages is a key driver of demand for connectivity"],
     [("Expanding meaningful connectivity through Internet exchange points and local content",
       ["What policies have proved effective in encouraging the establishment and growth of Internet "
        "exchange points?",
        "How can governments foster the development and local hosting of content in all languages?",
        "What role can ITU play, together with other stakeholders, in sharing experience and good practices "
        "in this area?"]),
      ("Fostering the development of Internet exchange points in developing countries",
       ["What are the main obstacles to the establishment of Internet exchange points in developing "
        "countries?",
        "Which governance models for Internet exchange points have proved sustainable?",
        "How can regional cooperation support the exchange of traffic within regions?"])],
     "the practical character of the proposal"),
    ("cybercrime",
     ["cybercrime is a major global issue that is constantly evolving and growing in scale and complexity, "
      "causing economic losses, disruptions to operations and damage to reputations",
      "the growing reliance on digital technologies has made it easier for criminals to operate across "
      "borders, which makes investigation and prosecution difficult",
      "developing countries often lack the legal frameworks and technical capacity needed to respond to "
      "cybercrime"],
     [("Addressing the misuse of the Internet for cybercrime",
       ["Which forms of cybercrime most affect Internet users in developing countries?",
        "Which legal and policy measures have Member States put in place to prevent and respond to "
        "cybercrime?",
        "How can international cooperation, including through ITU, be strengthened in this area?"]),
      ("International cooperation to combat cybercrime",
       ["What are the main challenges faced by Member States in investigating cybercrime that crosses "
        "borders?",
        "How can capacity building for law enforcement and regulators be improved?",
        "What role could public-private partnerships play in preventing cybercrime?"])],
     "the transnational nature of cybercrime"),
    ("development",
     ["the benefits of the Internet are not evenly distributed, with developing countries facing challenges "
      "in accessing and using it",
      "limited infrastructure, poor connectivity and the high cost of devices and services continue to "
      "prevent large parts of the population from going online",
      "international public policies should support the development of the Internet in the least developed "
      "countries, landlocked developing countries and small island developing States"],
     [("Developmental aspects of the Internet",
       ["What are the main barriers preventing developing countries from benefiting fully from the Internet?",
        "Which public policies have been most effective in reducing the cost of Internet access for end "
        "users?",
        "How can international cooperation help to close the gap in Internet use between and within "
        "countries?"]),
      ("Reducing the cost of international Internet connectivity for landlocked developing countries",
       ["What are the main factors driving the cost of international connectivity for landlocked countries?",
        "Which regional and cross-border arrangements have proved effective in reducing these costs?",
        "How can ITU, in cooperation with regional organizations, support such arrangements?"])],
     "the persistence of the digital divide"),
    ("fragmentation",
     ["uncoordinated regulatory action concerning certain aspects of the Internet risks transforming the "
      "global network into a series of loosely connected national fragments",
      "Member States should exchange views on the regulation of critical infrastructure elements of the "
      "Internet at the national and international levels",
      "the security, safety, continuity, sustainability and robustness of the Internet are matters of public "
      "policy for all Member States"],
     [("Preventing the fragmentation of the Internet",
       ["What are the main causes of the fragmentation of the Internet at the technical, policy and "
        "commercial levels?",
        "How can Member States coordinate their regulatory measures so as to avoid fragmentation?",
        "What role should international organizations, including ITU, play in this respect?"])],
     "the need to preserve a single, interoperable Internet"),
    ("ai",
     ["artificial intelligence is increasingly used in Internet services, raising public policy questions "
      "relating to transparency, data protection and security",
      "developing countries risk being left behind in the use of artificial intelligence unless capacity "
      "building and access to computing resources are improved"],
     [("Public policy approaches to the use of artificial intelligence in Internet services",
       ["What are the main public policy challenges raised by the use of artificial intelligence in Internet "
        "services?",
        "How can developing countries benefit from artificial intelligence applications on the Internet "
        "while managing the associated risks?",
        "What role could ITU play in fostering international cooperation and capacity building in this "
        "field?"])],
     "the rapid development of artificial intelligence"),
    ("resilience",
     ["national economies depend increasingly on submarine cables, Internet exchange points and data "
      "centres, which are exposed to natural disasters and accidental damage",
      "the repair of damaged submarine cables can take several weeks, with severe consequences for countries "
      "that rely on a small number of international links"],
     [("Enhancing the resilience of submarine cables and other critical Internet infrastructure",
       ["What measures have Member States taken to protect and to repair submarine cables and landing "
        "stations?",
        "How can cooperation between governments, operators and other stakeholders improve the resilience of "
        "critical Internet infrastructure?",
        "What role can ITU play in sharing information and good practices on this matter?"])],
     "recent incidents affecting submarine cables"),
    ("dns",
     ["the abuse of the domain name system for phishing, malware distribution and fraud undermines trust in "
      "the Internet",
      "country code top-level domain registries in developing countries would benefit from support in "
      "implementing measures against the abuse of the domain name system"],
     [("Combating the abuse of the domain name system",
       ["What measures have governments and registries taken to prevent and mitigate the abuse of the domain "
        "name system?",
        "How can cooperation between registries, registrars and law enforcement agencies be improved?",
        "What support do country code top-level domain managers in developing countries need?"])],
     "the importance of trust in the domain name system"),
    ("data",
     ["cross-border data flows are essential to the digital economy, but raise questions relating to "
      "privacy, security and the development of local digital industries",
      "divergent national approaches to data governance increase costs for small businesses and may limit "
      "access to services"],
     [("Public policy aspects of cross-border data flows",
       ["What are the main public policy objectives pursued by Member States in regulating cross-border data "
        "flows?",
        "How can interoperability between national data governance frameworks be promoted?",
        "How can developing countries build capacity in data governance?"])],
     "the growing importance of data for the digital economy"),
    ("environment",
     ["the energy consumption of data centres and networks is growing rapidly, and the environmental "
      "footprint of Internet infrastructure is a matter of increasing public concern",
      "public policies can encourage the use of renewable energy and the responsible management of "
      "electronic waste by the Internet industry"],
     [("Reducing the environmental footprint of Internet infrastructure",
       ["What is known about the energy consumption and emissions of Internet infrastructure in different "
        "regions?",
        "What policies have been adopted to improve the energy efficiency of data centres and networks?",
        "How can the management of electronic waste be improved?"])],
     "the link between digital and environmental policies"),
    ("gender",
     ["women remain less likely than men to use the Internet, particularly in the least developed countries",
      "affordability, digital skills and online safety are among the main barriers to the use of the "
      "Internet by women and girls"],
     [("Closing the gender gap in Internet use",
       ["What are the main barriers to the use of the Internet by women and girls in different regions?",
        "Which policies and programmes have been effective in closing the gender gap in Internet use?",
        "How can data on the use of the Internet by women and girls be improved?"])],
     "the importance of gender equality"),
]

WSIS_THEMES = [
    ("wsis20",
     ["the overall review of the implementation of the WSIS outcomes by the General Assembly in 2025 will be "
      "an important milestone for the information society",
      "ITU should prepare a substantive contribution to the review, reflecting the experience gained in "
      "implementing the Action Lines for which it is responsible",
      "the review should take stock of the progress made since 2005 and identify the remaining gaps"],
     [("The contribution of the WSIS Action Lines to bridging the digital divide and achieving the SDGs",
       ["What progress has been made in implementing the WSIS Action Lines since 2015?",
        "Which gaps remain, and how should they be addressed after 2025?",
        "How can the links between the WSIS Action Lines and the SDGs be strengthened?"])],
     "the preparations for the review"),
    ("measurement",
     ["reliable data are essential to measure progress towards the information society and the SDGs",
      "many developing countries lack the capacity to collect and publish ICT statistics in a timely manner"],
     [("Measuring digital development for the achievement of the SDGs",
       ["Which ICT indicators are most relevant to monitor progress towards the SDGs?",
        "How can national statistical capacity on ICTs be strengthened?",
        "How can new data sources be used while ensuring data quality and privacy?"])],
     "the importance of reliable statistics"),
    ("gender-divide",
     ["the gender digital divide persists in many regions and limits the contribution of ICTs to sustainable "
      "development",
      "initiatives to promote the participation of women and girls in ICT studies and careers should be "
      "expanded"],
     [("Closing the gender digital divide",
       ["What are the main causes of the gender digital divide?",
        "Which initiatives have been most effective in addressing it?",
        "How can the WSIS process better reflect the gender dimension?"])],
     "the importance of gender equality"),
    ("egov",
     ["e-government services can improve the efficiency and transparency of public administrations and bring "
      "services closer to citizens",
      "national digital transformation strategies should be reflected in the WSIS Stocktaking Platform"],
     [], "the value of national experience"),
    ("forum",
     ["the WSIS Forum has become the main annual platform for the review of the implementation of the WSIS "
      "outcomes",
      "the hybrid format of the Forum has allowed a larger number of stakeholders from developing countries "
      "to participate"],
     [("The future format of the WSIS Forum",
       ["How can the WSIS Forum better serve the follow-up of the WSIS outcomes?",
        "How can the participation of stakeholders from developing countries be increased?",
        "Which themes should be given priority in future editions?"])],
     "the success of the WSIS Forum"),
    ("schools",
     ["connecting every school to the Internet is one of the most effective ways to bridge the digital "
      "divide for the next generation",
      "partnerships with the private sector and international organizations have accelerated school "
      "connectivity projects in several regions"],
     [], "the importance of school connectivity"),
    ("capacity",
     ["capacity building remains essential to enable developing countries to benefit from the information "
      "society",
      "the ITU Academy and the Centres of Excellence have an important role to play in developing digital "
      "skills"],
     [], "the importance of digital skills"),
    ("multistakeholder",
     ["the multistakeholder approach has characterized the WSIS process since 2003 and should be maintained "
      "at every stage of the review",
      "the private sector, civil society and the technical community should be able to participate in the "
      "preparations of ITU for the review"],
     [], "the multistakeholder character of the WSIS process"),
]

FHR_THEMES = [
    ("efficiency",
     ["the secretariat should carry out a comprehensive review of staff costs and of the use of consultants, "
      "with a view to identifying savings that could be redeployed to priority activities",
      "further cost-efficiency measures are needed to ensure a balanced budget without drawing on the "
      "reserve "
      "account"], [], "the need for budgetary discipline"),
    ("zng",
     ["the draft budget should be prepared on the basis of zero nominal growth in the contributory unit, "
      "with any additional requirements met through efficiency gains and voluntary contributions",
      "the level of the contributory unit should be kept unchanged in order to allow Member States to "
      "maintain "
      "their class of contribution"], [], "the level of the contributory unit"),
    ("reserve",
     ["the level of the reserve account should be maintained at no less than six per cent of the biennial "
      "budget",
      "the use of the reserve account to balance the budget should remain exceptional"], [],
     "the use of the reserve account"),
    ("arrears",
     ["the recovery of arrears should be strengthened, including through the conclusion of further "
      "agreements on the settlement of special arrears accounts",
      "Member States in arrears should be encouraged to agree on payment plans with the secretariat"], [],
     "the amount of outstanding arrears"),
    ("hq",
     ["the financing of the new headquarters premises project should be reviewed in the light of the updated "
      "cost estimates",
      "the secretariat should report regularly on the risks of the headquarters premises project and on the "
      "measures taken to mitigate them"], [], "the importance of the headquarters premises project"),
    ("hr",
     ["the Union should continue its efforts to improve the geographical distribution of its staff and to "
      "achieve gender parity at all levels",
      "a comprehensive strategy for the recruitment and retention of young professionals should be "
      "developed"],
     [], "the importance of the Union’s staff"),
    ("mobilization",
     ["resource mobilization and voluntary contributions should be pursued in a more coordinated way across "
      "the Sectors",
      "a clear policy on the acceptance of voluntary contributions would help to ensure transparency"], [],
     "the need for predictable resources"),
    ("languages",
     ["the budget should provide adequate resources for the translation and interpretation services of the "
      "Union in all six official languages",
      "savings should not be achieved at the expense of the equal treatment of the official languages"], [],
     "the equal treatment of the six languages"),
    ("oversight",
     ["the recommendations of the Independent Management Advisory Committee and of the External Auditor "
      "should be implemented without delay",
      "the secretariat should report on the status of implementation of all outstanding oversight "
      "recommendations"], [], "the importance of oversight"),
]

COP_THEMES = [
    ("cyberbullying",
     ["online harassment and cyberbullying remain among the most common harms experienced by children and "
      "young people online",
      "young people should be consulted on the measures taken to make online spaces safer"],
     [("Young people’s experiences of online harassment and cyberbullying",
       ["How often do young people experience harassment or bullying online, and on which platforms?",
        "Where do young people seek help when they experience such behaviour, and how useful is that help?",
        "What should governments, industry and schools do to make online spaces safer for young people?"])],
     "the importance of hearing young people"),
    ("privacy",
     ["children’s personal data are collected on a large scale by online services, often without their "
      "understanding",
      "age-appropriate design codes can help to protect the privacy of children while allowing them to "
      "benefit from digital services"],
     [("Children’s privacy and the collection of their personal data online",
       ["Do young people know what personal data online services collect about them?",
        "What would help young people to make informed choices about their privacy online?",
        "What should online services do to protect the privacy of children?"])],
     "the protection of children’s data"),
    ("games",
     ["online games are among the most popular activities of children, but can expose them to contact with "
      "strangers, inappropriate content and excessive spending",
      "parents and caregivers often lack information on the safety features of online games"],
     [("Safe and positive use of online games by children",
       ["What do young people enjoy most about online games, and what worries them?",
        "Which safety features of online games do young people find useful?",
        "How can parents, caregivers and the games industry better support young players?"])],
     "the popularity of online games"),
    ("csea",
     ["online sexual exploitation and abuse of children is a serious crime that requires coordinated action "
      "by governments, industry and civil society",
      "national hotlines and reporting mechanisms should be established in all countries"],
     [("Protecting children from online sexual exploitation and abuse",
       ["What reporting mechanisms exist in your country, and are they known to young people?",
        "What should technology companies do to prevent the sharing of abusive material?",
        "How can international cooperation in this field be strengthened?"])],
     "the gravity of online sexual exploitation"),
    ("children-ai",
     ["artificial intelligence is increasingly present in the services used by children, with both benefits "
      "and risks for their safety and well-being"],
     [("Children and artificial intelligence",
       ["How do young people use services based on artificial intelligence?",
        "What risks do young people see in the use of artificial intelligence?",
        "What rules should apply to services based on artificial intelligence that are used by children?"])],
     "the rapid spread of artificial intelligence"),
    ("strategy",
     ["national child online protection strategies are an effective way to coordinate the efforts of all "
      "stakeholders",
      "the experience of the national online safety regulator could be of interest to other Member States"],
     [], "the value of national strategies"),
    ("literacy",
     ["parents, caregivers and educators need support to help children use the Internet safely",
      "digital literacy should be integrated into school curricula from an early age"],
     [], "the role of education"),
]

LANG_THEMES = [
    ("terminology",
     ["the glossaries and terminology databases of the Union should be made publicly available in the six "
      "official languages",
      "a plan for the regular updating of the ITU terminology database should be prepared"], [],
     "the value of the terminology database"),
    ("mt",
     ["the use of machine translation should be accompanied by appropriate quality controls by professional "
      "translators",
      "the use of new technologies should not affect the quality of translation or the equal treatment of "
      "the "
      "six languages"], [], "the quality of translation"),
    ("interpretation",
     ["interpretation in the six official languages should be provided at all meetings of Council working "
      "groups",
      "AI-assisted interpretation should remain on an experimental basis until a full evaluation has been "
      "carried out"], [], "the importance of interpretation"),
    ("website",
     ["the content of the ITU website should be available in all six official languages on an equal footing",
      "the proportion of web pages available only in English should be reduced"], [],
     "the multilingual character of the website"),
    ("timeliness",
     ["the documents of Council working groups should be published in all languages within the established "
      "deadlines",
      "late publication of documents in some languages prevents delegations from preparing for meetings"], [],
     "the timely publication of documents"),
]

SFP_THEMES = [
    ("targets",
     ["the targets of the draft Strategic Plan should be measurable and linked to the outputs of the Sectors",
      "the number of key performance indicators should be limited to those for which reliable data "
      "exist"], [],
     "the importance of measurable targets"),
    ("priorities",
     ["the thematic priorities of the Union should reflect the needs of developing countries",
      "the draft Strategic Plan should give greater prominence to meaningful connectivity and digital "
      "transformation"], [], "the priorities of the Union"),
    ("financial",
     ["the draft Financial Plan should be based on realistic assumptions about revenue, including from "
      "Sector Members and cost recovery",
      "the link between the Strategic Plan and the Financial Plan should be strengthened"], [],
     "the link between planning and resources"),
    ("risk",
     ["the draft Strategic Plan should include a section on strategic risks and their mitigation",
      "the risk management framework of the Union should be aligned with the practice of other United "
      "Nations "
      "organizations"], [], "the importance of risk management"),
]

ITR_THEMES = [
    ("ott",
     ["the provision of over-the-top services raises questions for the application of the International "
      "Telecommunication Regulations",
      "the review should consider whether the definitions in the Regulations remain adequate"], [],
     "the evolution of services"),
    ("numbering",
     ["the misuse of international numbering resources continues to cause losses to operators and consumers",
      "cooperation between administrations to combat the misuse of numbering resources should be "
      "strengthened"],
     [], "the misuse of numbering resources"),
    ("roaming",
     ["international mobile roaming charges remain high in several regions",
      "regional agreements have shown that roaming charges can be reduced to the benefit of consumers"], [],
     "the cost of roaming"),
    ("security",
     ["the security and robustness of international telecommunication networks should be addressed in the "
      "review of the Regulations",
      "the Regulations should take into account the experience gained since their revision in 2012"], [],
     "the security of networks"),
]

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

# Generic sentences for discussions, chosen by outcome.
SUPPORT = [
    "Several members supported the proposal, noting {why}.",
    "Many members expressed support for the contribution, highlighting {why}.",
    "There was broad support for the proposal, with members stressing {why}.",
]
OPPOSE = [
    "Other members considered that the proposal went beyond the mandate of the Group.",
    "Some members were of the view that the issues raised were already being addressed in other fora.",
    "Other members expressed concern about the financial implications of the proposal.",
    "Some members suggested that the proposal required further consultation at the national level.",
]
NEUTRAL = [
    "Members thanked the proponents for sharing their experience.",
    "One member asked for clarification on the scope of the proposal, which was provided by the proponents.",
    "One member suggested that the proposal be considered together with related contributions at a future "
    "meeting.",
    "A member commended the proponents for the quality of the analysis contained in the document.",
]


# Longer sentences that set a contribution in context, per body.
CONTEXT = {
    "CWG-Internet": [
        "Taking into account the importance of inputs from representatives of all interested parties and of "
        "an open and inclusive dialogue, the proposal is intended to allow the Group to hear the views of "
        "stakeholders on an issue of growing importance for Member States.",
        "Considering the updates adopted by the last Plenipotentiary Conference to the resolutions relating "
        "to the Internet, the contribution considers that the Group should give priority to issues on which "
        "the views of stakeholders can usefully inform the discussions among Member States.",
        "The increasing number of Internet users and the growing reliance on digital technologies have made "
        "these questions more pressing for governments, businesses and individuals alike.",
        "Efforts are underway in several regions to address these challenges, but the exchange of experience "
        "between Member States remains insufficient, in particular for developing countries.",
        "A consultation on this subject would be an excellent opportunity to bring stakeholders together, "
        "learn from one another’s experience, foster partnerships and identify the role that public policy "
        "can play.",
        "Previous open consultations of the Group have generated valuable inputs from governments, the "
        "private sector, civil society and the technical community, and their results should be better "
        "reflected in the work of the Union.",
    ],
    "CWG-WSIS&SDG": [
        "The contribution underlines that the WSIS Action Lines remain a useful framework for the "
        "contribution of ICTs to sustainable development, and that their links with the SDGs should be made "
        "more explicit.",
        "The document recalls that ITU is the lead facilitator for several Action Lines and that its "
        "experience should be fully reflected in the preparations for the review.",
        "Taking into account the rapid evolution of technologies since the Tunis phase of the Summit, the "
        "contribution considers that new issues, such as artificial intelligence and data, should be "
        "addressed in the follow-up of the WSIS outcomes.",
        "The contribution stresses that the participation of developing countries, and in particular of the "
        "least developed countries, in the WSIS process should be strengthened through fellowships and "
        "remote participation.",
        "The proposal builds on the national experience gained in the implementation of digital strategies "
        "and on the projects submitted to the WSIS Stocktaking Platform.",
    ],
    "CWG-FHR": [
        "The contribution recalls that the financial situation of the Union depends to a large extent on the "
        "timely payment of assessed contributions and on the level of the contributory unit.",
        "Taking into account the constraints faced by many Member States, the proponents consider that the "
        "Union should continue to identify efficiency gains in all areas of its activity.",
        "The document stresses the importance of transparency in the use of the resources of the Union and "
        "of regular reporting to Member States on the implementation of the budget.",
        "The contribution notes that the External Auditor and the Independent Management Advisory Committee "
        "have made recommendations in this area that remain to be implemented.",
        "The proposal is intended to ensure that the Council has the information it needs to take decisions "
        "on the budget and on the management of human resources.",
    ],
    "CWG-COP": [
        "The contribution notes that one in three Internet users is a child, and that children go online for "
        "the first time at an ever younger age.",
        "Taking into account the views expressed by young people in previous consultations, the proponents "
        "consider that children should be involved in the design of the policies that affect them.",
        "The contribution stresses that child online protection requires the cooperation of governments, "
        "industry, civil society, parents and educators, and that no single measure can be sufficient.",
        "The document recalls the updated ITU Guidelines on Child Online Protection and encourages Member "
        "States to make use of them in developing their national frameworks.",
        "The proposal is intended to strengthen the exchange of experience between Member States and to make "
        "the resources developed by ITU more widely known.",
    ],
    "CWG-LANG": [
        "The contribution recalls that the equal treatment of the six official languages is essential for "
        "the effective participation of all Member States in the work of the Union.",
        "Taking into account the progress made in the use of computer-assisted tools, the proponents "
        "consider that the savings achieved should be reinvested in the quality of the language services.",
        "The document stresses that the quality of translation and interpretation should not be affected by "
        "budgetary constraints.",
        "The proposal is intended to make the multilingual resources of the Union more easily available to "
        "national administrations, universities and translators.",
    ],
    "CWG-SFP": [
        "The contribution recalls that the Strategic Plan and the Financial Plan should be closely linked, "
        "so that the resources of the Union are allocated in line with its strategic goals.",
        "Taking into account the experience gained in implementing the current Plan, the proponents consider "
        "that the number of targets and indicators should be reduced.",
        "The document stresses the importance of the participation of Sector Members in the elaboration of "
        "the draft Strategic Plan.",
        "The proposal is intended to make the results achieved by the Union easier to understand for Member "
        "States and for the public.",
    ],
    "EG-ITRs": [
        "The contribution recalls that the International Telecommunication Regulations were last revised in "
        "2012 and that the telecommunication environment has changed considerably since then.",
        "Taking into account the views expressed by Member States in previous meetings, the proponents "
        "consider that the review should focus on the provisions that raise practical difficulties of "
        "implementation.",
        "The document stresses that the review should take into account the situation of Member States that "
        "are bound by different versions of the Regulations.",
        "The proposal is intended to help the Group to prepare a balanced report to the Council.",
    ],
}

# Sentences that develop a summary, true of any theme of the body.
ELABORATION = {
    "CWG-Internet": [
        "This can have a significant impact on individuals, businesses and governments, and in particular on "
        "small and medium-sized enterprises in developing countries.",
        "The issue is of a transnational character, and no single country can address it effectively on its "
        "own.",
        "The proponents consider that the public policy dimension of the issue has not yet received "
        "sufficient attention in the relevant international fora.",
        "Several regional initiatives have been launched in this field, and their experience could usefully "
        "be shared with the membership of the Union.",
    ],
    "CWG-WSIS&SDG": [
        "Progress has been uneven across regions, and the least developed countries risk being left further "
        "behind.",
        "The ITU reports on measuring digital development show that much remains to be done to achieve "
        "universal and meaningful connectivity by 2030.",
        "The proponents consider that the experience gained since the Tunis phase of the Summit should "
        "inform the priorities for the period after 2025.",
    ],
    "CWG-FHR": [
        "The proponents consider that the proposal can be implemented within the existing budget and without "
        "affecting the delivery of the programmes of the Sectors.",
        "Similar measures have been adopted by other organizations of the United Nations system with "
        "positive results.",
        "The financial implications of the proposal would be presented to the Council for its consideration.",
    ],
    "CWG-COP": [
        "Recent surveys show that a significant proportion of children have been exposed to content or "
        "contact that they found upsetting.",
        "The proponents stress that measures to protect children should respect their right to access "
        "information and to participate in the digital world.",
        "Several Member States have adopted legislation in this area in recent years, and their experience "
        "could be of interest to others.",
    ],
    "CWG-LANG": [
        "The proponents stress that the measures proposed would contribute to the equal treatment of the six "
        "official languages.",
        "The experience of other organizations of the United Nations system shows that such measures can be "
        "implemented at reasonable cost.",
    ],
    "CWG-SFP": [
        "The proponents consider that the proposal would make the Strategic Plan easier to monitor and to "
        "communicate to the public.",
        "Other organizations of the United Nations system have adopted similar approaches in their strategic "
        "plans.",
    ],
    "EG-ITRs": [
        "The proponents stress that the review should be conducted in a spirit of consensus and take into "
        "account the views of all Member States.",
        "Several administrations have reported practical difficulties in the implementation of the relevant "
        "provisions.",
    ],
}

TOPIC_RATIONALE = [
    "Considering the above, the proponents believe that {a_consult} on this subject would give all "
    "stakeholders an opportunity to share their experience and would help Member States to identify good "
    "practices.",
    "The proposed topic is intended to inspire countries that are experiencing difficulties in this area to "
    "learn from the experience of others, and to help them fully enjoy the benefits of the digital economy.",
    "The proponents stress that the questions have been formulated in an open manner, so as not to prejudge "
    "the outcome of the {consult}, and that they could be refined by the Group.",
    "{A_consult} on this topic would complement the work carried out in the study groups of the Sectors and "
    "provide the Group with the views of a broad range of stakeholders.",
]

SECRETARIAT_DETAIL = [
    "The report also describes the cooperation established with other organizations of the United Nations "
    "system and with regional organizations during the period.",
    "In its conclusions, the report invites the Group to provide guidance on the priorities for the coming "
    "year.",
    "Compared with the previous year, the report shows an increase in the number of activities carried out "
    "at the request of Member States.",
    "The report also identifies the main challenges encountered during the period and proposes a number of "
    "measures to address them.",
    "Further information is provided in the annexes to the report, including statistics for each region and "
    "a list of the main events organized during the period.",
    "The secretariat highlighted that most of the activities described had been carried out in cooperation "
    "with the regional offices of the Union and with other organizations of the United Nations system.",
    "The report concludes with a number of points for the consideration of the Group.",
]

# Context and elaboration that fit a contribution to any of the groups.
GENERIC_CONTEXT = [
    "The contribution recalls that the Council, at its last session, invited Member States to submit "
    "proposals on this matter to the Group.",
    "The proponents underline that the proposal is fully consistent with the mandate of the Group and with "
    "the decisions of the last Plenipotentiary Conference.",
    "The document draws on the results of a survey carried out among the administrations of the region, "
    "which showed broad interest in the issue.",
    "The contribution acknowledges the work already carried out by the secretariat in this area and proposes "
    "to build on it.",
    "The proponents stress that the proposal does not seek to duplicate the work of other organizations, but "
    "to complement it within the mandate of the Union.",
    "The contribution recalls that similar proposals were discussed at previous meetings of the Group "
    "without a conclusion being reached, and considers that the time has come to take a decision.",
    "The document notes that the issue was also discussed at the last regional preparatory meetings, where a "
    "number of common views emerged.",
    "The proponents express their readiness to work with other Member States to refine the proposal in the "
    "light of the discussions at the meeting.",
    "Taking into account the limited time available before the next session of the Council, the contribution "
    "proposes a pragmatic approach based on existing resources.",
    "The contribution highlights the importance of the issue for the achievement of the strategic goals of "
    "the Union for the current period.",
    "The proponents recall that the Union has a long tradition of facilitating consensus among its Member "
    "States on complex issues, and consider that this experience should be put to use in the present case.",
    "The document refers to the outcomes of several international conferences held over the past two years, "
    "which have highlighted the urgency of the matter and the need for concerted action.",
    "The contribution points out that the issue affects not only governments but also operators, users and "
    "the wider economy, and that the costs of inaction are likely to increase over time.",
    "The proponents consider that the proposal would contribute to greater transparency and predictability "
    "in the work of the Union, to the benefit of all its members.",
    "The contribution notes that the national experience described in the document is not unique, and that "
    "several countries in the region face comparable situations.",
    "In the view of the proponents, a clear signal from the Group would encourage the relevant stakeholders "
    "to engage more actively on the issue.",
    "The document also sets out a number of principles that, in the view of the proponents, should guide the "
    "work of the Union in this field, including inclusiveness, transparency and respect for national "
    "sovereignty.",
    "The contribution draws attention to the need to make the best possible use of the limited time "
    "available to the Group, and suggests that the matter be addressed in a focused manner.",
]
GENERIC_ELABORATION = [
    "This situation affects developing countries in particular, where the resources available to address it "
    "are more limited.",
    "The proponents note that the issue has gained in importance since the last Plenipotentiary Conference.",
    "Experience shows that coordinated action by Member States produces better results than isolated "
    "national measures.",
    "The document provides several examples of national measures taken in this regard and of their results.",
    "According to the proponents, the issue is likely to become more pressing in the coming years.",
    "The proponents consider that the Union is well placed to facilitate the exchange of experience among "
    "its members on this matter.",
    "The situation varies considerably between regions, and the document gives several examples of the "
    "differences observed.",
    "Recent studies cited in the document show that the economic and social costs of the problem are "
    "substantial and growing.",
    "The proponents recognize that progress has been made in recent years, but consider that it remains "
    "insufficient in view of the scale of the challenge.",
    "The document stresses that the needs of small island developing States and landlocked developing "
    "countries deserve particular attention in this regard.",
    "In the view of the proponents, the absence of common approaches leads to duplication of effort and to "
    "higher costs for all concerned.",
]

# Items of the "proposes:" lists of contributions that ask for action rather than a consultation topic.
PROPOSAL_ITEMS = {
    "CWG-Internet": [
        "to discuss the issues related to the regulation by Member States of aspects of the Internet "
        "concerning critical infrastructure elements at the national and international levels;",
        "to call on Member States to share their views on the preparation of international instruments that "
        "could help to address the risks that currently exist in this area;",
        "to organize a discussion in the Group with the participation of Member States, and of all relevant "
        "interested parties through the open consultations;",
        "to define priorities for international cooperation of Member States in this field for the coming "
        "years;",
        "to summarize the views expressed during the discussion for publication on the ITU website in the "
        "section of the Group;",
        "to transmit the results of the discussion to the Secretary-General for consideration in the "
        "preparations for the next session of the Council;",
        "to invite the Directors of the Bureaux to inform the Group of the relevant activities of the "
        "Sectors.",
    ],
    "CWG-WSIS&SDG": [
        "to include the issue in the roadmap for the contribution of ITU to the WSIS+20 review;",
        "to request the secretariat to report on the relevant activities at the next meeting of the Group;",
        "to organize a thematic session on the issue during the next WSIS Forum;",
        "to strengthen cooperation with the other United Nations agencies that facilitate the WSIS Action "
        "Lines;",
        "to reflect the issue in the report of the Secretary-General on the implementation of the WSIS "
        "outcomes;",
        "to encourage Member States to submit their projects to the WSIS Stocktaking Platform.",
    ],
    "CWG-FHR": [
        "to request the secretariat to present a detailed analysis of the options, with their financial "
        "implications, at the next meeting of the Group;",
        "to include the relevant information in the financial operating report submitted to the Council;",
        "to establish a timetable for the implementation of the measures proposed;",
        "to ask the External Auditor to review the matter in the context of the next audit;",
        "to report to the Council on the savings achieved and on their use;",
        "to consult the staff representatives on the measures that affect the conditions of service.",
    ],
    "CWG-COP": [
        "to compile the national strategies and legislation of Member States on child online protection and "
        "to publish them on the website of the Group;",
        "to organize regional workshops on the implementation of the ITU Guidelines on Child Online "
        "Protection;",
        "to strengthen cooperation with UNICEF, UNESCO and other relevant organizations;",
        "to involve young people in the preparation of the next meeting of the Group;",
        "to translate the resources developed by ITU into all six official languages.",
    ],
    "CWG-LANG": [
        "to present a plan for the implementation of the measures proposed, with their cost, at the next "
        "meeting;",
        "to publish the ITU terminology database in all six official languages;",
        "to evaluate the quality of machine translation for each official language;",
        "to report regularly to the Group on the timeliness of the publication of documents.",
    ],
    "CWG-SFP": [
        "to reduce the number of key performance indicators in the draft Strategic Plan;",
        "to present the draft Financial Plan in a format that allows comparison with the previous period;",
        "to include a risk register in the annex to the draft Strategic Plan;",
        "to consult the Sector advisory groups on the draft Plans before their submission to the Council.",
    ],
    "EG-ITRs": [
        "to prepare a comparative table of the provisions of the 1988 and 2012 versions of the Regulations;",
        "to invite Member States to report on the practical application of the Regulations;",
        "to identify the provisions that may require revision and those that remain fully relevant;",
        "to reflect the views expressed by Member States in the report of the Group to the Council.",
    ],
}

# Further summary sentences per theme, appended to the theme banks above.
THEME_MORE = {
    "ipv6": ["the exhaustion of IPv4 addresses has led to the growth of secondary markets, where prices have "
             "increased sharply in recent years",
             "countries that have adopted national IPv6 plans with clear milestones have achieved the "
             "highest rates of adoption"],
    "ua": ["the next round of new generic top-level domains will increase the number of domain names in "
           "non-Latin scripts",
           "governments can lead by example by ensuring that their own websites and e-mail systems accept "
           "all valid domain names and e-mail addresses"],
    "ixp": ["traffic that is exchanged locally does not depend on costly international links and is less "
            "vulnerable to disruptions",
            "the presence of content delivery networks and caches at Internet exchange points improves the "
            "quality of service for end users"],
    "cybercrime": ["identity theft, financial fraud, ransomware and data breaches are among the most common "
                   "offences reported by Member States",
                   "many victims of cybercrime do not report the offences they suffer, which makes the scale "
                   "of the problem difficult to measure"],
    "development": ["the cost of a basic mobile broadband subscription still exceeds the affordability "
                    "target in many least developed countries",
                    "investment in backbone and last-mile infrastructure remains insufficient in rural and "
                    "remote areas"],
    "fragmentation": ["divergent national requirements for the localization of data and the filtering of "
                      "content may affect the interoperability of the network",
                      "international legal instruments could help to address the risks that currently exist "
                      "in the governance of the critical Internet infrastructure"],
    "ai": ["the computing resources needed to develop artificial intelligence are concentrated in a small "
           "number of countries and companies"],
    "resilience": ["the number of cable repair ships is limited, and permits for repairs can take a long "
                   "time to obtain in some jurisdictions"],
    "dns": ["the number of domain names registered for malicious purposes has increased in recent years"],
    "data": ["the lack of trust in cross-border data flows may hinder the development of digital trade"],
    "environment": ["the Internet can also contribute to the reduction of emissions in other sectors of the "
                    "economy"],
    "gender": ["the gender gap in Internet use is widest in the least developed countries"],
    "wsis20": ["the Tunis Agenda for the Information Society remains the reference framework for the "
               "follow-up of the Summit"],
    "measurement": ["the Partnership on Measuring ICT for Development has an important role to play in the "
                    "harmonization of indicators"],
    "forum": ["the WSIS Prizes have helped to give visibility to successful projects in all regions"],
    "efficiency": ["the savings achieved in previous years have been partly offset by the increase in staff "
                   "costs decided by the International Civil Service Commission"],
    "zng": ["several Member States face budgetary constraints that make an increase in their contributions "
            "difficult"],
    "reserve": ["the reserve account provides the Union with a buffer against unforeseen expenditure and "
                "fluctuations in income"],
    "hr": ["the number of staff members due to retire in the coming years provides an opportunity to improve "
           "the geographical distribution of staff"],
    "hq": ["delays in the headquarters premises project could lead to an increase in its overall cost"],
    "cyberbullying": ["cyberbullying can have serious consequences for the mental health and school "
                      "performance of children"],
    "privacy": ["many online services do not verify the age of their users, and collect data from children "
                "as if they were adults"],
    "games": ["in-game purchases and loot boxes raise particular concerns with regard to younger players"],
    "csea": ["the volume of child sexual abuse material detected online has continued to grow"],
    "strategy": ["national strategies should be developed with the participation of all stakeholders, "
                 "including children themselves"],
    "literacy": ["children who have received education on online safety are more likely to seek help when "
                 "they encounter problems online"],
    "mt": ["the quality of machine translation varies considerably between languages and between types of "
           "document"],
    "terminology": ["terminology is essential to the consistency of translations across the official "
                    "languages"],
    "targets": ["a large number of the current targets cannot be measured with the data available"],
    "ott": ["the relationship between operators and providers of over-the-top services has evolved "
            "significantly since the Regulations were revised"],
    "numbering": ["the misuse of numbering resources is often linked to fraudulent calls and messages"],
}
for _themes in (INTERNET_THEMES, WSIS_THEMES, FHR_THEMES, COP_THEMES, LANG_THEMES, SFP_THEMES, ITR_THEMES):
    for _theme in _themes:
        _theme[1].extend(THEME_MORE.get(_theme[0], []))

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

# What a contribution asks the group to do, when it proposes no consultation topic.
ACTIONS = [
    "the Group hold an exchange of views on this matter at its next meeting, on the basis of contributions "
    "from Member States",
    "the secretariat compile information on national experiences in this area and present it to the next "
    "meeting of the Group",
    "the results of the discussion be reflected in the report of the Chair to the next session of the "
    "Council",
    "the Group invite Member States to share their experience and good practices in this area through "
    "written contributions",
    "the secretariat prepare a background document setting out the options available, together with their "
    "financial implications",
    "a dedicated item be included on the agenda of the next meeting to allow for a more detailed discussion",
]

SEC_DISCUSSION = [
    "A member noted that several of the activities described were also under consideration in the study "
    "groups of the Sectors.",
    "One member stressed the need for strengthening multi-stakeholder collaboration and for increasing ITU "
    "participation in activities ongoing in other relevant forums.",
    "Another member asked that the report be made available earlier, to allow for consultation at the "
    "national level.",
    "One member recalled the discussions held on this matter at the previous session of the Council.",
    "A member welcomed the attention given to the needs of developing countries and asked that it be "
    "maintained.",
]

SECRETARIAT_REPLY = [
    "In reply, the representative of the secretariat explained that the report covered the period since the "
    "previous meeting and that more detailed information was available in the documents submitted to the "
    "advisory groups of the Sectors. {He} added that the comments made would be taken into account in the "
    "next edition of the report.",
    "The secretariat thanked members for their comments and indicated that the additional information "
    "requested would be provided in an information document before the next meeting.",
    "Responding to a question, the secretariat explained that the activities described had been carried out "
    "within the existing budget, with the support of voluntary contributions from several Member States and "
    "Sector Members.",
]

OPTIONAL_SECTIONS = [
    ("Coordination with other Council Working Groups",
     ["The secretariat informed {group} of the work of the other Council Working Groups on related matters, "
      "and of the arrangements made to avoid duplication of work between them.",
      "Several members welcomed the information and stressed the need for continued coordination between the "
      "Chairs of the groups. One member suggested that a joint briefing for Member States be organized later "
      "in the year. {Group} noted the information provided."]),
    ("Date and venue of the next meeting",
     ["The secretariat informed {group} that the next meeting was provisionally scheduled to take place "
      "during the next cluster of Council Working Group meetings, and that the exact dates would be "
      "confirmed by circular letter.",
      "The {presider} encouraged members to submit their contributions well in advance of the deadline, so "
      "that they can be made available in all six official languages."]),
    ("Working methods of the Group",
     ["The {presider} recalled the deadlines for the submission of contributions and the practice of the "
      "Group of presenting contributions in the order in which they appear in the agenda.",
      "One member suggested that the Group make greater use of informal consultations between meetings, in "
      "order to facilitate agreement on the more complex issues. Several members supported this suggestion, "
      "while others stressed that all consultations should remain open to all Member States.",
      "{Group} agreed to continue the discussion on its working methods at its next meeting."]),
]

DISCUSSION_EXTRA = [
    "One member highlighted the national measures taken in this area and offered to share its experience "
    "with other Member States.",
    "A member cautioned against taking decisions that could have financial implications without a thorough "
    "analysis by the secretariat.",
    "Several members welcomed the constructive spirit of the proposal and expressed their willingness to "
    "work with the proponents.",
    "One member noted that the proposal was consistent with the conclusions of recent regional meetings.",
    "Another member recalled that the Group operates by consensus and that all views should be taken into "
    "account.",
    "A member asked that the discussion be reflected in the report of the Chair to the Council.",
    "Some members indicated that they would need more time to consult their national authorities on the "
    "proposal.",
    "One member stressed that any follow-up should be carried out within the existing resources of the "
    "Union.",
    "Some members emphasized that the Group is limited to Member States and that the views of other "
    "stakeholders could be sought in other ways.",
    "A member stressed the need for strengthening collaboration with other relevant organizations and for "
    "avoiding duplication of work within the Union.",
    "Several members underlined the importance of taking into account the specific needs of developing "
    "countries, in particular the least developed countries.",
    "One member recalled the discussions held on this matter at the previous session of the Council.",
    "Another member suggested that the secretariat prepare a background document on the issues raised, to "
    "facilitate the discussion at a future meeting.",
    "A member noted that several of the questions raised were also under consideration in the study groups "
    "of the Sectors.",
]

# ---------------------------------------------------------------------------------------------------
# People.
# ---------------------------------------------------------------------------------------------------
class Person:
    __slots__ = ("name", "title", "gender", "country")

    def __init__(self, name: str, title: str, gender: str, country: str | None = None):
        self.name, self.title, self.gender, self.country = name, title, gender, country

    @property
    def he(self) -> str:
        return "he" if self.gender == "m" else "she"

    @property
    def his(self) -> str:
        return "his" if self.gender == "m" else "her"

    def full(self, with_country: bool = False) -> str:
        base = f"{self.title} {self.name}"
        return f"{base} ({self.country})" if with_country and self.country else base


def make_person(rng: random.Random, region: str, used: set[str]) -> Person:
    """An invented person from one region, with a name that fits the country."""
    for _ in range(100):
        country, males, females, lasts = rng.choice(PEOPLE[region])
        gender = "m" if rng.random() < 0.55 else "f"
        first = rng.choice(males if gender == "m" else females)
        last = rng.choice(lasts)
        if isinstance(last, tuple):
            last = last[0] if gender == "m" else last[1]
        name = f"{first} {last}"
        if name not in used:
            used.add(name)
            break
    title = "Dr." if rng.random() < 0.15 else ("Mr." if gender == "m" else "Ms.")
    return Person(name, title, gender, country)


def build_teams(rng: random.Random) -> dict:
    """A Chair, one Vice-Chair per region and a Secretary per body and per Council cycle."""
    used = {o[0] for o in OFFICIALS_BEFORE_2023.values()} | {o[0] for o in OFFICIALS_FROM_2023.values()}
    teams = {}
    for body in BODIES:
        for cycle in (0, 1):
            regions = list(REGIONS)
            chair_region = rng.choice(regions)
            chair = make_person(rng, chair_region, used)
            vcs = {r: make_person(rng, r, used) for r in regions if r != chair_region}
            secretary = make_person(rng, rng.choice(regions), used)
            secretary.title = "Mr." if secretary.gender == "m" else "Ms."
            teams[body, cycle] = (chair, chair_region, vcs, secretary)
    teams["_used"] = frozenset(used)
    return teams


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


class ReportWriter:
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

    def cite(self, key: str, form: str | None = None, year: bool = True) -> str:
        """Render a reference to a resolution and record the triple it states."""
        body, num, _title, first = RES[key]
        rng = self.rng
        y: int | None = None
        if body == "UNGA":
            f = form or rng.choice(["unga", "unga_short", "ga", "of"])
            text = {"unga": f"UNGA Resolution A/RES/{num}", "unga_short": f"UNGA Resolution {num}",
                    "ga": f"General Assembly resolution A/RES/{num}",
                    "of": f"resolution {num} of the United Nations General Assembly"}[f]
        elif body == "Council":
            mod, cy = first
            paren = f" ({mod} {cy})" if mod else f" ({cy})"
            if not year:
                f = form or rng.choice(["council", "council_res", "of"])
                text = {"council": f"Council Resolution {num}", "council_res": f"Council Res. {num}",
                        "of": f"Resolution {num} of the Council"}[f]
            else:
                y = cy
                f = form or rng.choice(["council", "council_res", "bare", "council"])
                text = {"council": f"Council Resolution {num}{paren}",
                        "council_res": f"Council Res. {num}{paren}",
                        "bare": f"Resolution {num}{paren}",
                        "of": f"Resolution {num}{paren} of the Council"}[f]
        else:
            place, cy = conference_in_force(body, self.start)
            rev = "" if first == (place, cy) else "Rev. "
            paren = f" ({rev}{place}, {cy})"
            if not year:
                if body == "PP":
                    f = form or rng.choice(["pp", "of", "plen"])
                    text = {"pp": f"PP Resolution {num}", "of": f"Resolution {num} of the Plenipotentiary "
                                                                "Conference",
                            "plen": f"Plenipotentiary Resolution {num}"}[f]
                elif body == "RA":
                    text = f"Resolution ITU-R {num}"
                else:
                    text = f"{body} Resolution {num}"
            else:
                y = cy
                if body == "PP":
                    f = form or rng.choice(["pp_res", "pp", "bare", "bare", "of", "plen", "res"])
                    text = {"pp_res": f"PP Res. {num}{paren}", "pp": f"PP Resolution {num}{paren}",
                            "bare": f"Resolution {num}{paren}",
                            "of": f"Resolution {num}{paren} {CONF_LONG['PP']}",
                            "plen": f"Plenipotentiary Resolution {num}{paren}",
                            "res": f"Res. {num}{paren}"}[f]
                elif body == "RA":
                    text = f"Resolution ITU-R {num}{paren}"
                else:
                    f = form or rng.choice(["short", "short", "of"])
                    text = (f"{body} Resolution {num}{paren}" if f == "short"
                            else f"Resolution {num}{paren} {CONF_LONG[body]}")
        triple = (body, num, y)
        if triple not in self._cited:
            self._cited.add(triple)
            self.citations.append([body, num, y])
        return text

    def cite_titled(self, key: str) -> str:
        title = RES[key][2]
        return f"{self.cite(key)}, “{title}”" if title and self.rng.random() < 0.5 else self.cite(key)

    def cite_pair(self, k1: str, k2: str) -> str:
        """'Resolutions 133 and 102 (Rev. Bucharest, 2022)': both share the conference and year."""
        b1, n1, _, f1 = RES[k1]
        b2, n2, _, f2 = RES[k2]
        assert b1 == b2 == "PP" and f1 is None and f2 is None
        place, cy = conference_in_force("PP", self.start)
        for n in (n1, n2):
            if ("PP", n, cy) not in self._cited:
                self._cited.add(("PP", n, cy))
                self.citations.append(["PP", n, cy])
        return f"Resolutions {n1} and {n2} (Rev. {place}, {cy})"

    def cite_list_null(self, keys: list[str], prefix: str) -> str:
        """'Resolutions 101, 102, 133 and 180', year null; the body must be stated or stated elsewhere."""
        nums = []
        for k in keys:
            b, n, _, _ = RES[k]
            nums.append(n)
            if (b, n, None) not in self._cited:
                self._cited.add((b, n, None))
                self.citations.append([b, n, None])
        return f"{prefix}{join_and(nums, self.rng, oxford=False)}"

    # --- symbols ------------------------------------------------------------------------------------
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


def join_and(items: list[str], rng: random.Random, oxford: bool | None = None) -> str:
    if len(items) == 1:
        return items[0]
    if oxford is None:
        oxford = rng.random() < 0.2
    oxford = oxford and len(items) > 2
    return ", ".join(items[:-1]) + ("," if oxford else "") + " and " + items[-1]


def number_word(n: int) -> str:
    return ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight"][n] if n < 9 else str(n)


# ---------------------------------------------------------------------------------------------------
# The run.
# ---------------------------------------------------------------------------------------------------
WINDOW = (D(2020, 1, 13), D(2025, 12, 12))


def schedule(rng: random.Random, count: int) -> list[tuple[str, int, dt.date, dt.date]]:
    """Assign each report a body, a unique meeting number and dates rising with the number."""
    names = list(BODIES)
    weights = [BODIES[b]["weight"] for b in names]
    bodies = [rng.choices(names, weights)[0] for _ in range(count)]
    per_body: dict[str, list[int]] = {}
    for i, b in enumerate(bodies):
        per_body.setdefault(b, []).append(i)
    out: list = [None] * count
    span = (WINDOW[1] - WINDOW[0]).days
    for b, idxs in per_body.items():
        k = len(idxs)
        slot = span / k
        starts = []
        for j in range(k):
            day = WINDOW[0] + dt.timedelta(days=int(j * slot + rng.random() * max(slot - 4, 1)))
            while day.weekday() > 2:  # start Monday to Wednesday so that meetings end within the week
                day += dt.timedelta(days=1)
            starts.append(day)
        starts.sort()
        info = BODIES[b]
        last_num = info["base"] - 1
        last_end = D(1900, 1, 1)
        for j, i in enumerate(idxs):
            start = max(starts[j], last_end + dt.timedelta(days=1))
            while start.weekday() > 2:
                start += dt.timedelta(days=1)
            years = (start - WINDOW[0]).days / 365.25
            num = max(last_num + 1, info["base"] + int(info["rate"] * years))
            length = rng.choices([0, 1, 2], [5, 3, 2] if b != "CWG-FHR" else [2, 3, 5])[0]
            end = start + dt.timedelta(days=length)
            out[i] = (b, num, start, end)
            last_num, last_end = num, end
    return out


def generate(count: int, seed: int, out_dir: str) -> list[str]:
    os.makedirs(out_dir, exist_ok=True)
    rng = random.Random(seed)
    teams = build_teams(rng)
    plan = schedule(rng, count)
    stems = []
    for i, (body, number, start, end) in enumerate(plan):
        r = random.Random(seed * 1_000_003 + i)
        themes = BODIES[body]["themes"]
        topical = [t for th in themes for t, _ in th[2]]
        prev_topic = r.choice(topical) if topical else None
        writer = ReportWriter(r, body, number, start, end, teams, prev_topic)
        text, facts = writer.write()
        stem = f"{BODIES[body]['slug']}-{number}-report"
        with open(os.path.join(out_dir, stem + ".txt"), "w", encoding="utf-8") as fh:
            fh.write(text)
        with open(os.path.join(out_dir, stem + ".expected.json"), "w", encoding="utf-8") as fh:
            fh.write(json.dumps(facts, ensure_ascii=False, indent=1))
            fh.write("\n")
        stems.append(stem)
    return stems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, required=True, help="number of reports to write")
    parser.add_argument("--seed", type=int, default=0, help="random seed; the same seed gives the same files")
    parser.add_argument("--out", required=True, help="output directory (created if missing)")
    args = parser.parse_args(argv)
    if args.count < 0:
        parser.error("--count must be non-negative")
    t0 = time.perf_counter()
    stems = generate(args.count, args.seed, args.out)
    print(f"wrote {len(stems)} reports to {args.out} in {time.perf_counter() - t0:.2f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
