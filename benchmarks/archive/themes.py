"""What the meetings of each body discuss: themes with their summary sentences, topics and questions."""

from __future__ import annotations

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
