"""Demo data: the DPRK regime and its eighth episode (opened by UNSCR 2397 of 22 December 2017).

Coded from public facts (Security Council resolutions and press releases, Panel of Experts
reports, the UN Sanctions App of the Graduate Institute Geneva), written in the project's own
words. Every section of the episode page has a home here; ``load_demo`` writes it.
"""

import datetime
from pathlib import Path

D = datetime.date

# The UN Security Council consolidated list of 27 March 2023, as the UN published it (gzipped):
# a public UN document the demo ships so that it runs with real data and no network.
UN_LIST = Path(__file__).resolve().parent / "data" / "un-consolidated-2023-03-27.xml.gz"

REGIME = {
    "code": "KP",
    "description": (
        "The Security Council imposed sanctions on the Democratic People's Republic of Korea "
        "(DPRK) in October 2006, after its first nuclear test, and tightened them after each "
        "further nuclear test and long-range missile launch. The 1718 Committee oversees them, "
        "assisted by a Panel of Experts."
    ),
}

EPISODE = {
    "slug": "dprk-ep-8",
    "number": 8,
    "title": "DPRK - EP 8",
    "summary": (
        "After the November 2017 ICBM launch, UNSCR 2397 extends the DPRK regime towards "
        "near-comprehensive sanctions."
    ),
    "start_date": D(2017, 12, 22),
    "end_date": None,
    "narrative": """\
The DPRK launched an intercontinental ballistic missile on 29 November 2017. On 22 December 2017 the Security Council answered with UNSCR 2397, which widened the existing regime by an unprecedented number and range of restrictions. The resolution continued a process begun in 2016 through which the DPRK sanctions came close to a comprehensive regime, although formally they remained targeted.

Adopted unanimously, UNSCR 2397 designated further individuals and entities and lowered the caps on the DPRK's imports of crude oil and of refined petroleum products. To cut the country's sources of revenue further, it required all DPRK nationals earning income abroad, and the government safety oversight attachés who monitor them, to be repatriated within two years, and it banned DPRK exports of food and agricultural products, earth and stone, wood, machinery, electrical equipment and vessels. To restrict the import of items that could serve prohibited activities, it also banned the supply to the DPRK of iron, steel and other metals, industrial machinery, transportation vehicles and used vessels (UNSCR 2321 had already banned the procurement of new vessels and helicopters). Following a recommendation of the Panel of Experts, the resolution listed the Harmonized System (HS) codes of each banned item to make implementation uniform, which considerably widened the range of DPRK sectors under UN sanctions. It extended the conditional measures against DPRK vessels to any vessel suspected of sanctions violations and authorised states to seize, inspect and impound such vessels in their territorial waters. UNSCR 2397 added 16 individuals and 1 entity to the sanctions list, and the Sanctions Committee designated 4 vessels on 28 December 2017 (SC/13149). One more individual, 21 entities and 27 vessels followed on 30 March 2018 (SC/13272), and 3 vessels in October 2018 (SC/13542); since then, disagreements within the Security Council have prevented any new designation.

The sanctions had expanded at an unprecedented pace while DPRK nuclear and ballistic missile activity and military tensions rose through 2016 and 2017. In his 2018 New Year's address, Kim Jong-un declared the North Korean nuclear programme complete and signalled that he wanted better relations with South Korea, with which communication had been largely suspended since early 2016. The United States and South Korea then agreed to postpone their joint military exercises until after the Winter Olympic Games held in South Korea, which ended in mid-March 2018, and the DPRK entered an intense period of bilateral diplomacy with the South that produced a de facto détente on the Korean peninsula. A high-level DPRK delegation attended the opening and closing ceremonies of the Games, the two Koreas marched under a unified flag and fielded a joint ice hockey team, and high-level meetings on several issues took place throughout the period. They culminated in the Kim-Moon summit of 27 April 2018, at which both leaders pledged a “new history” for their countries. Two further inter-Korean summits followed, and in September 2018 the two countries opened a joint liaison office, the first channel for regular communication since the Korean War. In early 2018 Kim Jong-un also visited China several times and said he was interested in a summit with US President Donald Trump. This diplomatic outreach took place while China implemented the UN sanctions more strictly and the United States kept broadening its unilateral sanctions against the country.

On 21 April 2018 the DPRK announced that it was suspending all nuclear tests and long-range ballistic missile launches and closing its only nuclear test site. A Chinese study published shortly after the announcement reported that the Punggye-ri test site had collapsed after the DPRK's last nuclear test on 3 September 2017, which in effect ruled out further tests there. The site was dismantled on 24 May 2018 in a series of controlled explosions.

Facilitated by South Korea, a Kim-Trump summit took place in Singapore on 12 June 2018. It went ahead despite a temporary setback caused by US National Security Advisor John Bolton's remark that DPRK denuclearisation could follow the “Libya model” (Qadhafi had agreed in 2003 to give up nuclear weapons in exchange for sanctions relief and reintegration into the international community, and was overthrown in 2011 by a national uprising and a NATO intervention). The joint declaration contained no concrete commitments, but it contributed to a perceived normalisation of relations with the DPRK: the DPRK reaffirmed its April 2018 willingness to work towards “complete denuclearization”, and the United States suspended its large-scale joint military exercises with South Korea, which in effect resembled the “suspension for suspension” process that China had proposed since early 2017. After the summit, China and Russia called for a review of the UN sanctions. They later agreed to keep the existing measures in place for the time being, but the Security Council grew increasingly divided over the course to take on the DPRK sanctions.

Despite the general easing of tensions, the burst of diplomatic activity and some unilateral concessions by the DPRK, the Panel of Experts concluded in 2018 that the DPRK's nuclear and ballistic missile programmes remained “intact” and that the country continued to “defy Security Council resolutions through a massive increase in illicit ship-to-ship transfers of petroleum products and coal”, which “render the latest United Nations sanctions ineffective”. The Panel also stressed that the UN financial measures remained ineffective, pointing to the role of DPRK diplomats in sanctions evasion, the growing sophistication and scale of DPRK cyberattacks, and DPRK attempts to supply arms to Libya, Yemen and Sudan in violation of the arms embargo. As tensions within the Security Council rose, Russia and China blocked a US request to declare that the cap on refined petroleum products had been reached.

Diplomacy began to stall in 2019, after the summit between Kim and Trump in Hanoi failed in February. In mid-2019 the DPRK resumed short-range ballistic missile launches after more than a year of voluntary suspension. Kim and Trump met briefly in the demilitarised zone on 30 June 2019 and agreed to continue discussing demilitarisation, but working-level talks in Sweden broke down in October 2019 over the steps each side should take on sanctions relief and denuclearisation. On 16 December 2019 Russia and China circulated a draft resolution proposing partial sanctions relief, citing concern about the humanitarian impact of the UN measures; opposed by the other permanent members, the draft was shelved after two rounds of expert-level negotiations. Kim Jong-un, who had given the United States until the end of 2019 to make concessions that would move the stalled talks forward, announced at a party conference in late December 2019 that the country no longer considered itself bound by its unilateral moratorium on nuclear and intercontinental ballistic missile tests, and threatened to demonstrate a “new strategic weapon” soon.

As divisions within the Security Council grew, implementation of the UN sanctions weakened. The Panel of Experts' 2019 report stressed continuing shortcomings in implementation and a greater capacity of the DPRK to evade the sanctions, especially at sea and by obtaining currency through cyberattacks and cryptocurrency mining. It also pointed to the country's continuing access to international banking channels, continuing violations of the luxury goods ban, and scarce information on the implementation of the restrictions on DPRK workers and their repatriation (which was to take full effect on 22 December 2019). It described a sharp rise in illicit DPRK coal exports in 2019, including direct deliveries to China by self-propelled barges, and in illicit imports of refined petroleum products, which increasingly arrived through direct deliveries by foreign-flagged vessels to DPRK ports rather than through ship-to-ship transfers. Within the Security Council, members kept disagreeing about easing the restrictions and about whether the petroleum caps had been exceeded. Russia and China also showed their dissatisfaction with the regime by tolerating, and openly engaging in, sanctions violations, notably in trade in prohibited commodities and in issuing visas to DPRK nationals. The divisions also meant that no new designations were agreed, despite mounting violations and several listing proposals by the Panel of Experts. These trends continued in 2020.

When the Covid-19 epidemic broke out in China, the DPRK closed its borders at the end of January 2020, which hurt both its economy and its humanitarian situation. Most of its illicit activities, short-range ballistic missile tests included, nevertheless began to resume in March 2020, and the United States estimated that by May 2020 the country had exceeded its annual cap on petroleum imports. The DPRK has conducted no nuclear test and no long- or medium-range missile launch since late 2017, but its nuclear and ballistic missile programmes kept developing; according to the Panel of Experts' 2020 mid-term report, several member states believe that the DPRK “has probably developed miniaturized nuclear devices to fit into the warheads of its ballistic missiles”. As the humanitarian situation in the country worsened, the Sanctions Committee accelerated its handling of humanitarian exemption requests, shortening the decision period from five to two working days, and the UN Secretariat explored the use of cash couriers and other means to fund the UN agencies working in the country, which the financial sanctions kept from using normal banking channels.

The year 2020 also saw renewed tension on the Korean peninsula. In mid-June 2020 the DPRK cut all communication with the South and blew up the recently opened joint liaison office, in response to anti-regime propaganda spread along the border by South Korean activists.
""",
    "current_individuals": 80,
    "max_individuals": 80,
    "current_entities": 75,
    "max_entities": 75,
    "current_vessels": 59,
    "max_vessels": 59,
    "designees_note": "",
    "population_impact": "high",
    "population_impact_text": (
        "The UN sanctions are likely to weigh heavily on the general population: they restrict "
        "imports of widely used commodities such as oil, ban the country's main commodity "
        "exports, and constrain the transportation and financial sectors on which the whole "
        "economy depends."
    ),
    "has_sanctions_committee": True,
    "has_panel_of_experts": True,
    "designation_criteria_specified": True,
    "targets_designated": True,
    "enforcement_authorities_specified": True,
    "institutions_text": (
        "A Sanctions Committee (the 1718 Committee) and a Panel of Experts are in place. "
        "Designation criteria have been specified and targets designated under them, vessels "
        "included. Enforcement authorities have been specified."
    ),
    "humanitarian_carve_out": True,
    "humanitarian_carve_out_text": (
        "Carve-out provisions for humanitarian actors apply, as specified in UNSCR 2664 (2022)."
    ),
    "overall_effectiveness": "low",
}

RESOLUTIONS = [
    {
        "number": 2397,
        "year": 2017,
        "adopted_on": D(2017, 12, 22),
        "role": "opens",
        "vote": "15-0-0",
        "description": (
            "Caps crude oil and refined petroleum imports, bans further exports and imports, "
            "orders the repatriation of DPRK workers abroad, extends maritime interdiction and "
            "designates 16 individuals and 1 entity."
        ),
        "url": "https://undocs.org/S/RES/2397(2017)",
    },
    {
        "number": 2407,
        "year": 2018,
        "adopted_on": D(2018, 3, 21),
        "role": "renews",
        "vote": "",
        "description": "Renews the mandate of the Panel of Experts.",
        "url": "https://undocs.org/S/RES/2407(2018)",
    },
    {
        "number": 2464,
        "year": 2019,
        "adopted_on": D(2019, 4, 10),
        "role": "renews",
        "vote": "",
        "description": "Renews the mandate of the Panel of Experts.",
        "url": "https://undocs.org/S/RES/2464(2019)",
    },
    {
        "number": 2515,
        "year": 2020,
        "adopted_on": D(2020, 3, 30),
        "role": "renews",
        "vote": "",
        "description": "Renews the mandate of the Panel of Experts.",
        "url": "https://undocs.org/S/RES/2515(2020)",
    },
]

PURPOSES = [
    {
        "purpose": "coerce",
        "is_primary": True,
        "objective": (
            "Coerce the DPRK to stop nuclear tests and ballistic missile launches, abandon its "
            "weapons of mass destruction programmes, reverse its withdrawal from the Treaty on "
            "the Non-Proliferation of Nuclear Weapons (NPT) and return to the stalled Six-Party "
            "Talks to negotiate, among other things, the denuclearisation of the Korean Peninsula."
        ),
    },
    {
        "purpose": "constrain",
        "is_primary": False,
        "objective": (
            "Constrain the DPRK's nuclear proliferation and its access to nuclear, chemical, "
            "biological and conventional weapons and to the technology of their delivery systems."
        ),
    },
    {
        "purpose": "signal",
        "is_primary": False,
        "objective": "Signal support for non-proliferation norms, in particular the NPT.",
    },
]

# (key, fields); the key links exemption pages below to their measure.
MEASURES = [
    (
        "travel",
        {
            "category": "travel",
            "subtype": "travel-ban",
            "title": "Travel ban on designated individuals",
            "application": "mandatory",
            "population_impact": "low",
            "resolution_paragraph": "1718 OP8(e); lists extended by 2397",
            "description": "States prevent the entry into or transit through their territory of designated individuals and their family members.",
            "exemptions": "Exemptions for humanitarian need, religious obligation, judicial process and other purposes the Committee accepts case by case.",
        },
    ),
    (
        "assets",
        {
            "category": "asset_freeze",
            "subtype": "asset-freeze",
            "title": "Asset freeze on designated individuals and entities",
            "application": "mandatory",
            "population_impact": "low",
            "resolution_paragraph": "1718 OP8(d); lists extended by 2397",
            "description": "Funds, financial assets and economic resources owned or controlled by designated individuals and entities are frozen.",
            "exemptions": "Exemptions for basic and extraordinary expenses and for prior judicial liens; humanitarian carve-out under UNSCR 2664 (2022); approvals of correspondent accounts for diplomatic missions and UN agencies.",
        },
    ),
    (
        "arms",
        {
            "category": "arms",
            "subtype": "arms-embargo",
            "title": "Arms embargo (imports and exports)",
            "application": "mandatory",
            "population_impact": "low",
            "resolution_paragraph": "1718 OP8(a)-(c); 1874 OP9-10; 2270 OP6-8",
            "description": "Supply, sale or transfer of all arms and related materiel to and from the DPRK is prohibited, including related training and financial transactions.",
            "exemptions": "Case-by-case exemptions through the Committee.",
        },
    ),
    (
        "wmd",
        {
            "category": "proscribed_activities",
            "subtype": "wmd-programmes",
            "title": "Ban on nuclear, ballistic missile and other WMD programmes",
            "application": "mandatory",
            "population_impact": "low",
            "resolution_paragraph": "1718 OP6-8",
            "description": "The DPRK must abandon its nuclear weapons, other weapons of mass destruction and ballistic missile programmes; related items, technical training and scientific cooperation are prohibited.",
            "exemptions": "",
        },
    ),
    (
        "refined",
        {
            "category": "commodity",
            "subtype": "refined-petroleum",
            "title": "Cap on imports of refined petroleum products",
            "application": "mandatory",
            "population_impact": "high",
            "resolution_paragraph": "2397 OP5",
            "description": "Supply of refined petroleum products to the DPRK is capped at 500,000 barrels a year; supplying states report each delivery to the Committee, which publishes the running total.",
            "exemptions": "Deliveries exclusively for the livelihood of DPRK nationals and unrelated to the DPRK's programmes may be exempted by the Committee.",
        },
    ),
    (
        "crude",
        {
            "category": "commodity",
            "subtype": "crude-oil",
            "title": "Cap on imports of crude oil",
            "application": "mandatory",
            "population_impact": "high",
            "resolution_paragraph": "2397 OP4",
            "description": "Supply of crude oil to the DPRK is capped at 4 million barrels (525,000 tons) a year.",
            "exemptions": "",
        },
    ),
    (
        "exports",
        {
            "category": "commodity",
            "subtype": "food-agriculture",
            "title": "Ban on DPRK exports of food, agricultural products, machinery, electrical equipment, earth and stone, wood and vessels",
            "application": "mandatory",
            "population_impact": "high",
            "resolution_paragraph": "2397 OP6",
            "description": "Adds to the earlier bans on DPRK exports of coal, iron and iron ore, seafood and textiles (UNSCR 2371 and 2375); banned items are identified by their HS codes.",
            "exemptions": "",
        },
    ),
    (
        "imports",
        {
            "category": "commodity",
            "subtype": "metals",
            "title": "Ban on supplying the DPRK with industrial machinery, transportation vehicles, iron, steel and other metals",
            "application": "mandatory",
            "population_impact": "high",
            "resolution_paragraph": "2397 OP7",
            "description": "Banned items are identified by their HS codes; spare parts for existing DPRK commercial aircraft are exempt.",
            "exemptions": "",
        },
    ),
    (
        "luxury",
        {
            "category": "commodity",
            "subtype": "luxury-goods",
            "title": "Ban on supplying the DPRK with luxury goods",
            "application": "mandatory",
            "population_impact": "low",
            "resolution_paragraph": "1718 OP8(a)(iii); 2321 annex IV",
            "description": "",
            "exemptions": "",
        },
    ),
    (
        "workers",
        {
            "category": "proscribed_activities",
            "subtype": "overseas-workers",
            "title": "Repatriation of DPRK nationals earning income abroad",
            "application": "mandatory",
            "population_impact": "medium",
            "resolution_paragraph": "2397 OP8",
            "description": "States repatriate all DPRK nationals earning income in their jurisdiction, and the government safety oversight attachés monitoring them, within 24 months (by 22 December 2019).",
            "exemptions": "Nationals of the receiving state and those whose repatriation is prohibited under international law are excepted.",
        },
    ),
    (
        "vessels",
        {
            "category": "transportation",
            "subtype": "vessels",
            "title": "Maritime interdiction: inspection, seizure and impoundment of vessels",
            "application": "conditional",
            "population_impact": "medium",
            "resolution_paragraph": "2397 OP9-12",
            "description": "States seize, inspect and freeze vessels in their ports, and may do so in their territorial waters, where they have reasonable grounds to believe the vessel was involved in prohibited activities; ship-to-ship transfers with DPRK-flagged vessels are banned.",
            "exemptions": "",
        },
    ),
    (
        "finance",
        {
            "category": "financial_sector",
            "subtype": "financial-services",
            "title": "Financial sector restrictions and ban on joint ventures",
            "application": "mandatory",
            "population_impact": "high",
            "resolution_paragraph": "2270 OP33-35; 2321 OP31-33; 2375 OP18",
            "description": "DPRK banks may not open new branches or correspondent relationships abroad, existing ones are closed, and joint ventures with DPRK entities or individuals are prohibited.",
            "exemptions": "Correspondent accounts may be approved for diplomatic missions and UN humanitarian agencies.",
        },
    ),
    (
        "diplomatic",
        {
            "category": "diplomatic",
            "subtype": "diplomatic-restrictions",
            "title": "Restrictions on DPRK diplomatic missions",
            "application": "mandatory",
            "population_impact": "low",
            "resolution_paragraph": "2321",
            "description": "States limit the staff of DPRK missions, allow one bank account per mission and diplomat, and restrict the use of real property for non-diplomatic purposes.",
            "exemptions": "",
        },
    ),
]

# (kind, title, url, reference, issued_on, measure key or None)
DOCUMENTS = [
    (
        "exemption",
        "Travel ban: exemption procedures",
        "https://www.un.org/securitycouncil/sanctions/1718/exemptions-measures/travel-ban",
        "",
        None,
        "travel",
    ),
    (
        "exemption",
        "Asset freeze: exemption procedures",
        "https://www.un.org/securitycouncil/sanctions/1718/exemptions-measures/assets-freeze",
        "",
        None,
        "assets",
    ),
    (
        "exemption",
        "Correspondent account approvals in effect",
        "https://www.un.org/securitycouncil/content/correspondent-account-approvals",
        "",
        None,
        "assets",
    ),
    (
        "exemption",
        "Arms embargo: exemption procedures",
        "https://www.un.org/securitycouncil/sanctions/1718/exemptions-measures/arms-embargo",
        "",
        None,
        "arms",
    ),
    (
        "exemption",
        "Refined petroleum products: supply reported to the Committee",
        "https://www.un.org/securitycouncil/sanctions/1718/supply-sale-or-transfer-of-all-refined-petroleum",
        "",
        None,
        "refined",
    ),
    (
        "exemption",
        "Humanitarian exemption requests",
        "https://www.un.org/securitycouncil/sanctions/1718/exemptions-measures/humanitarian-exemption-requests",
        "",
        None,
        None,
    ),
    (
        "designation_list",
        "Current list of sanctions designees (1718 Committee)",
        "https://www.un.org/securitycouncil/sanctions/1718/materials",
        "",
        None,
        None,
    ),
    (
        "implementation_notice",
        "Implementation assistance notices",
        "https://www.un.org/securitycouncil/sanctions/1718/implementation-notices",
        "",
        None,
        None,
    ),
    (
        "panel_reports",
        "Panel of Experts reports",
        "https://www.un.org/securitycouncil/sanctions/1718/panel_experts/reports",
        "",
        None,
        None,
    ),
    (
        "press_release",
        "Committee adds four vessels to its sanctions list",
        "https://press.un.org/en/2017/sc13149.doc.htm",
        "SC/13149",
        D(2017, 12, 28),
        None,
    ),
    (
        "press_release",
        "Committee adds one individual, 21 entities and 27 vessels to its sanctions list",
        "https://press.un.org/en/2018/sc13272.doc.htm",
        "SC/13272",
        D(2018, 3, 30),
        None,
    ),
    (
        "press_release",
        "Committee adds three vessels to its sanctions list (October 2018)",
        "https://press.un.org/en/2018/sc13542.doc.htm",
        "SC/13542",
        None,
        None,
    ),
]

# The ten unintended consequences the seed lists, as (consequence slug, other text).
CONSEQUENCES = [
    ("corruption-criminality", ""),
    ("authoritarian-rule", ""),
    ("human-rights-violations", ""),
    ("regulatory-capacity", ""),
    ("enforcement-capacity", ""),
    ("resource-diversion", ""),
    ("burden-implementing-states", ""),
    ("humanitarian-consequences", ""),
    ("harmful-economic-consequences", ""),
    (
        "other",
        "Impact on humanitarian aid, international organizations and foreign diplomatic missions in the DPRK",
    ),
]

ASSESSMENTS = [
    {
        "purpose": "coerce",
        "policy_outcome_score": 2,
        "policy_outcome": (
            "The DPRK refused to return to the NPT or the Six-Party Talks and kept developing its "
            "nuclear and missile programmes. It did, however, take part in several bilateral "
            "negotiations, committed itself to work towards “complete denuclearization”, and "
            "announced on its own that it would suspend nuclear tests and dismantle its only "
            "nuclear test site, which brought a temporary détente in 2018. Its nuclear and "
            "ballistic missile programmes nonetheless continued, and after the talks collapsed "
            "in 2019 it resumed short-range ballistic missile tests."
        ),
        "sanctions_contribution_score": 2,
        "sanctions_contribution": (
            "The UN sanctions remained an important means by which the international community "
            "tried to coerce the DPRK into ending its proscribed activities, but the bilateral "
            "negotiations between the United States and the DPRK played an increasingly important "
            "part in influencing DPRK behaviour. While acknowledged by the actor, other "
            "unilateral sanctions, the US readiness to negotiate and to suspend military "
            "exercises, and the collapse of the only DPRK nuclear test site also contributed to "
            "the DPRK's decision to offer limited concessions and engage in diplomacy."
        ),
    },
    {
        "purpose": "constrain",
        "policy_outcome_score": 2,
        "policy_outcome": (
            "The DPRK suspended nuclear tests and long-range ballistic missile launches at the start "
            "of the episode, but its nuclear and ballistic missile development kept advancing and "
            "became more sophisticated and self-reliant. It resumed ballistic missile tests in "
            "the second half of 2019, as talks with the United States on partial sanctions relief "
            "in exchange for steps towards denuclearisation stalled, and its evasion practices "
            "kept growing in scope and sophistication."
        ),
        "sanctions_contribution_score": 3,
        "sanctions_contribution": (
            "The UN sanctions were the primary instruments of constraint. Other sanctions, "
            "threats of military force and the collapse of the only DPRK nuclear test site also "
            "did much to constrain the nuclear programme, while the looser implementation of the "
            "sanctions by Russia and China increasingly weakened the constraint."
        ),
    },
    {
        "purpose": "signal",
        "policy_outcome_score": 2,
        "policy_outcome": (
            "The Security Council articulated the non-proliferation norm clearly, but the strong "
            "international stigmatisation of the DPRK weakened, both because of the diplomatic "
            "efforts to bring the country back into a process of denuclearisation and "
            "normalisation, and because the Council was divided over whether to keep up the "
            "pressure or move towards sanctions relief."
        ),
        "sanctions_contribution_score": 3,
        "sanctions_contribution": (
            "The sanctions remained an important means of signalling the non-proliferation norm, "
            "though diplomatic re-engagement with the DPRK on denuclearisation also contributed "
            "to the signal."
        ),
    },
]

# The coded variables, by the codes of their lists (episodes/migrations/0006_…).
CONFLICT_TYPES = ["non-proliferation"]
TARGETS = ["government", "individuals-entities"]
# (purpose, objective code, note): the purposes' objectives as the seed words them.
OBJECTIVES = [
    (
        "coerce",
        "cease-nuclear-missile-tests",
        "Cease nuclear tests and ballistic missile launches.",
    ),
    (
        "coerce",
        "end-wmd-programmes",
        "End the WMD programmes and retract the withdrawal from the NPT.",
    ),
    (
        "coerce",
        "return-to-negotiations",
        "Return to the stalled Six-Party Talks to negotiate, among other things, the "
        "denuclearisation of the Korean Peninsula.",
    ),
    (
        "constrain",
        "limit-wmd-technology",
        "Constrain nuclear proliferation and access to nuclear, chemical, biological and "
        "conventional weapons and to the technology of their delivery systems.",
    ),
    (
        "signal",
        "support-non-proliferation-norms",
        "Signal support for non-proliferation norms, in particular the NPT.",
    ),
]
# (instrument code, note)
INSTRUMENTS = [
    (
        "negotiations",
        "Bilateral negotiations with the United States (the Singapore summit of 12 June 2018, "
        "the failed Hanoi summit of February 2019, the meeting in the demilitarised zone on "
        "30 June 2019, working-level talks in Sweden until October 2019), facilitated by South "
        "Korea, and inter-Korean diplomacy (three summits in 2018 and a joint liaison office). "
        "The assessment finds that US bilateral negotiations came to weigh more on DPRK "
        "behaviour than the UN sanctions.",
    ),
    (
        "unilateral-sanctions",
        "The United States kept broadening its unilateral sanctions against the DPRK; the "
        "assessment counts these other sanctions among what led the DPRK to offer limited "
        "concessions and among what constrained its nuclear programme.",
    ),
    (
        "military-de-escalation",
        "The United States and South Korea postponed their joint military exercises until after "
        "the 2018 Winter Olympic Games and, after the Singapore summit, suspended their "
        "large-scale joint exercises (in effect the “suspension for suspension” China had "
        "proposed).",
    ),
    (
        "threat-of-force",
        "Threats of military force played an important role, beside the sanctions, in "
        "constraining the DPRK's nuclear programme.",
    ),
]
