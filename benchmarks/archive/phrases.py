"""Sentences the reports are made of: discussions by outcome, context and elaboration, proposals, actions, the
secretariat's replies, optional sections."""

from __future__ import annotations

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
