"""Member States as reports name them, the regions of Vice-Chairs, invented officers, the ITU elected officials
by period, and the teams (Chair, Vice-Chairs, Secretary) of each body."""

from __future__ import annotations

import random

from .bodies import BODIES


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
