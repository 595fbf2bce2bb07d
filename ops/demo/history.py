"""Demo data: DPRK episodes 1 to 7, from resolution 1718 (2006) to the eve of resolution 2397 (2017).

The division is the project's own. A new episode opens with each resolution that changed the
type, target or purpose of the measures: 1718 (2006), 1874 (2009), 2094 (2013), 2270 (2016),
2321 (2016), 2371 (2017) and 2375 (2017); each episode ends the day before the next opens, and
episode 8 (``ops.demo.episode``) opens with 2397 (2017). Resolution 2087 (2013) added designations
under the existing measures without changing their type, target or purpose, so it modifies
episode 2 instead of opening an episode of its own.

Each episode lists the resolutions that opened or modified it (all adopted unanimously) and the
measures those resolutions introduced or changed, in our words and kept modest; the measures of
earlier episodes stay in force and are not repeated. Paragraph numbers are given only for
resolution 1718 (2006), whose operative paragraph 8 every later resolution builds on.

Nothing here is assessed: no effectiveness assessment, no overall effectiveness, no primary
purpose, no population impact and no coded designee counts (the counts computed from the
designations are shown beside the empty coded ones). The public pages say "not assessed".
"""

import datetime

D = datetime.date


def _resolution(number, year, adopted_on, role, description):
    return {
        "number": number,
        "year": year,
        "adopted_on": adopted_on,
        "role": role,
        "vote": "15-0-0",
        "description": description,
        "url": f"https://undocs.org/S/RES/{number}({year})",
    }


def _purposes(event: str) -> list[dict]:
    """The three purposes as the resolutions state them; none is marked primary (not assessed)."""
    return [
        {
            "purpose": "coerce",
            "is_primary": False,
            "objective": (
                "Press the DPRK to conduct no further nuclear test or ballistic missile launch, "
                "to abandon its nuclear weapons, existing nuclear programmes, other weapons of "
                "mass destruction and ballistic missile programmes in a complete, verifiable and "
                "irreversible manner, and to return to the Six-Party Talks."
            ),
        },
        {
            "purpose": "constrain",
            "is_primary": False,
            "objective": (
                "Deny the DPRK the items, technology, training and funds that could contribute "
                "to its nuclear, ballistic missile and other weapons of mass destruction "
                "programmes."
            ),
        },
        {
            "purpose": "signal",
            "is_primary": False,
            "objective": f"Condemn {event} and uphold the non-proliferation regime, in particular "
            "the Treaty on the Non-Proliferation of Nuclear Weapons.",
        },
    ]


def _measure(key, category, subtype, title, application, paragraph, description):
    return (
        key,
        {
            "category": category,
            "subtype": subtype,
            "title": title,
            "application": application,
            "resolution_paragraph": paragraph,
            "description": description,
        },
    )


def _institutions(panel: bool) -> dict:
    return {
        "has_sanctions_committee": True,
        "has_panel_of_experts": panel,
        "designation_criteria_specified": True,
        "targets_designated": True,
        "institutions_text": (
            "The 1718 Committee oversees the measures and designates individuals and entities "
            "under the criteria the resolutions set."
            + (" A Panel of Experts assists it (resolution 1874 (2009))." if panel else "")
        ),
    }


EPISODES = [
    {
        "episode": {
            "slug": "dprk-ep-1",
            "number": 1,
            "title": "DPRK - EP 1",
            "summary": (
                "After the first nuclear test, UNSCR 1718 opens the regime: an embargo on heavy "
                "weapons, proliferation-sensitive items and luxury goods, targeted asset freeze "
                "and travel ban."
            ),
            "start_date": D(2006, 10, 14),
            "end_date": D(2009, 6, 11),
            "narrative": """\
The DPRK announced on 9 October 2006 that it had conducted a nuclear test. Five days later the Security Council unanimously adopted resolution 1718 (2006), which condemned the test, demanded that the DPRK conduct no further nuclear test or ballistic missile launch, and decided that it should abandon its nuclear weapons and existing nuclear programmes, its other weapons of mass destruction and its ballistic missile programme.

The resolution opened the regime with measures aimed at the programmes and at the country's elite: an embargo on heavy conventional weapons and on items that could contribute to the programmes, in both directions, a ban on the supply of luxury goods, and an asset freeze and travel ban on the individuals and entities to be designated as supporting the programmes. It set up the 1718 Committee to oversee them.

How we divide the regime: this first episode runs from resolution 1718 (2006) to the eve of resolution 1874 (2009), which extended the arms embargo to nearly all arms and added inspection and financial measures, a change in the type of measures.
""",
            **_institutions(panel=False),
        },
        "resolutions": [
            _resolution(
                1718,
                2006,
                D(2006, 10, 14),
                "opens",
                "Condemns the nuclear test of 9 October 2006; imposes the embargo on heavy "
                "weapons, proliferation-sensitive items and luxury goods, the asset freeze and "
                "the travel ban; establishes the 1718 Committee.",
            ),
        ],
        "purposes": _purposes("the nuclear test of 9 October 2006"),
        "measures": [
            _measure(
                "arms",
                "arms",
                "arms-embargo",
                "Embargo on heavy weapons (imports and exports)",
                "mandatory",
                "1718 OP8(a)(i), OP8(b)",
                "No supply, sale or transfer to the DPRK of battle tanks, armoured combat "
                "vehicles, large calibre artillery, combat aircraft, attack helicopters, "
                "warships, missiles or missile systems and related materiel; the DPRK may not "
                "export them and States may not procure them from it.",
            ),
            _measure(
                "wmd",
                "proscribed_activities",
                "wmd-programmes",
                "Ban on items for nuclear, ballistic missile and other WMD programmes",
                "mandatory",
                "1718 OP8(a)(ii), OP8(b)",
                "No supply, sale or transfer, to or from the DPRK, of the items, materials, "
                "equipment, goods and technology that could contribute to these programmes.",
            ),
            _measure(
                "training",
                "arms",
                "military-training",
                "Ban on training, advice and services related to these items",
                "mandatory",
                "1718 OP8(c)",
                "States prevent the transfer to or from the DPRK of technical training, advice, "
                "services or assistance related to the provision, manufacture, maintenance or "
                "use of the banned items.",
            ),
            _measure(
                "luxury",
                "commodity",
                "luxury-goods",
                "Ban on the supply of luxury goods",
                "mandatory",
                "1718 OP8(a)(iii)",
                "No supply, sale or transfer of luxury goods to the DPRK.",
            ),
            _measure(
                "assets",
                "asset_freeze",
                "asset-freeze",
                "Asset freeze on designated individuals and entities",
                "mandatory",
                "1718 OP8(d)",
                "Funds, financial assets and economic resources of the persons and entities "
                "designated as engaged in or supporting the DPRK's programmes are frozen.",
            ),
            _measure(
                "travel",
                "travel",
                "travel-ban",
                "Travel ban on designated individuals",
                "mandatory",
                "1718 OP8(e)",
                "States prevent the entry into or transit through their territory of the "
                "designated individuals responsible for the DPRK's policies on the programmes, "
                "and their family members.",
            ),
            _measure(
                "inspection",
                "transportation",
                "vessels",
                "Cooperative inspection of cargo",
                "recommended",
                "1718 OP8(f)",
                "States are called upon to take cooperative action, including the inspection of "
                "cargo to and from the DPRK, to prevent illicit trafficking in the banned items.",
            ),
        ],
    },
    {
        "episode": {
            "slug": "dprk-ep-2",
            "number": 2,
            "title": "DPRK - EP 2",
            "summary": (
                "After the second nuclear test, UNSCR 1874 extends the arms embargo to nearly "
                "all arms, adds cargo inspections and financial measures, and creates the Panel "
                "of Experts."
            ),
            "start_date": D(2009, 6, 12),
            "end_date": D(2013, 3, 6),
            "narrative": """\
The DPRK conducted its second nuclear test on 25 May 2009. On 12 June 2009 the Security Council unanimously adopted resolution 1874 (2009), which extended the arms embargo to all arms and related materiel (small arms and light weapons could still be supplied to the DPRK, with notice to the Committee), called on States to inspect cargo to and from the DPRK on their territory and, with the flag State's consent, on the high seas, required them to seize and dispose of prohibited items, and banned bunkering and other services to vessels suspected of carrying them. It added financial measures against the programmes and asked the Secretary-General to create a Panel of Experts to assist the Committee.

After the DPRK launched a satellite on 12 December 2012, the Council unanimously adopted resolution 2087 (2013) on 22 January 2013, which condemned the launch as a use of ballistic missile technology and added individuals and entities to the sanctions list.

How we divide the regime: the episode opens with resolution 1874 (2009), which changed the type of measures. Resolution 2087 (2013) made further designations under the existing measures without changing their type, target or purpose, so we code it as modifying this episode rather than opening a new one. The episode ends on the eve of resolution 2094 (2013).
""",
            **_institutions(panel=True),
        },
        "resolutions": [
            _resolution(
                1874,
                2009,
                D(2009, 6, 12),
                "opens",
                "Condemns the nuclear test of 25 May 2009; extends the arms embargo; cargo "
                "inspection, seizure and disposal; bunkering ban; financial measures; creates the "
                "Panel of Experts.",
            ),
            _resolution(
                2087,
                2013,
                D(2013, 1, 22),
                "modifies",
                "Condemns the launch of 12 December 2012; adds individuals and entities to the "
                "sanctions list.",
            ),
        ],
        "purposes": _purposes("the nuclear test of 25 May 2009"),
        "measures": [
            _measure(
                "arms",
                "arms",
                "arms-embargo",
                "Arms embargo extended to all arms and related materiel",
                "mandatory",
                "",
                "The DPRK may export no arms at all; States may supply it with none, except "
                "small arms and light weapons, which they notify to the Committee in advance. "
                "Related financial transactions, training, advice and services are covered too.",
            ),
            _measure(
                "inspection",
                "transportation",
                "vessels",
                "Cargo inspection, seizure and disposal of prohibited items",
                "conditional",
                "",
                "Where there are reasonable grounds to believe cargo contains prohibited items, "
                "States are called upon to inspect it on their territory, and on the high seas "
                "with the flag State's consent; prohibited items found are seized and disposed "
                "of.",
            ),
            _measure(
                "bunkering",
                "transportation",
                "vessels",
                "Ban on bunkering and servicing of suspect DPRK vessels",
                "conditional",
                "",
                "No provision of fuel, supplies or other servicing to DPRK vessels reasonably "
                "believed to carry prohibited items.",
            ),
            _measure(
                "financial",
                "financial_sector",
                "financial-services",
                "Restraint on financial services that could contribute to the programmes",
                "recommended",
                "",
                "States are called upon to prevent financial services and transfers of financial "
                "or other assets that could contribute to the DPRK's programmes, and not to "
                "make new grants, financial assistance or concessional loans to the DPRK except "
                "for humanitarian, developmental or denuclearisation purposes.",
            ),
            _measure(
                "trade-finance",
                "financial_sector",
                "trade-finance",
                "Restraint on public financial support for trade",
                "recommended",
                "",
                "States are called upon not to provide public financial support for trade with "
                "the DPRK (export credits, guarantees or insurance) where it could contribute to "
                "the programmes.",
            ),
        ],
    },
    {
        "episode": {
            "slug": "dprk-ep-3",
            "number": 3,
            "title": "DPRK - EP 3",
            "summary": (
                "After the third nuclear test, UNSCR 2094 targets bulk cash and financial "
                "services, makes cargo inspection on reasonable grounds mandatory and adds a "
                "catch-all provision."
            ),
            "start_date": D(2013, 3, 7),
            "end_date": D(2016, 3, 1),
            "narrative": """\
The DPRK conducted its third nuclear test on 12 February 2013. On 7 March 2013 the Security Council unanimously adopted resolution 2094 (2013), which made binding the ban on financial services and transfers, bulk cash included, that could contribute to the programmes, required States to inspect cargo on their territory where there are reasonable grounds to believe it carries prohibited items, added a catch-all provision covering any item that could contribute to the programmes, gave examples of the luxury goods covered by the ban, and called for vigilance over DPRK diplomats and over aircraft suspected of carrying prohibited items. It also designated further individuals and entities.

How we divide the regime: the episode opens with resolution 2094 (2013), which changed the type of the financial and inspection measures, and ends on the eve of resolution 2270 (2016), which introduced the first bans on the DPRK's commodity exports.
""",
            **_institutions(panel=True),
        },
        "resolutions": [
            _resolution(
                2094,
                2013,
                D(2013, 3, 7),
                "opens",
                "Condemns the nuclear test of 12 February 2013; financial measures including bulk "
                "cash; mandatory cargo inspection on reasonable grounds; catch-all provision; "
                "further designations.",
            ),
        ],
        "purposes": _purposes("the nuclear test of 12 February 2013"),
        "measures": [
            _measure(
                "financial",
                "financial_sector",
                "financial-services",
                "Ban on financial services and transfers, bulk cash included",
                "mandatory",
                "",
                "States prevent financial services and the transfer of any financial or other "
                "assets or resources, including bulk cash, that could contribute to the "
                "programmes or to the evasion of the measures.",
            ),
            _measure(
                "inspection",
                "transportation",
                "vessels",
                "Mandatory inspection of suspect cargo on States' territory",
                "conditional",
                "",
                "States inspect all cargo to or from the DPRK on their territory where they have "
                "reasonable grounds to believe it contains prohibited items.",
            ),
            _measure(
                "catch-all",
                "proscribed_activities",
                "wmd-programmes",
                "Catch-all provision",
                "recommended",
                "",
                "States are called upon, and allowed, to prevent the supply of any item they "
                "determine could contribute to the "
                "DPRK's nuclear or ballistic missile programmes or other prohibited activities.",
            ),
            _measure(
                "luxury",
                "commodity",
                "luxury-goods",
                "Luxury goods ban illustrated by examples",
                "mandatory",
                "",
                "The resolution lists examples of the luxury goods covered, such as jewellery, "
                "yachts, luxury automobiles and racing cars.",
            ),
            _measure(
                "aviation",
                "transportation",
                "aviation",
                "Denial of flights suspected of carrying prohibited items",
                "recommended",
                "",
                "States are called upon to deny aircraft permission to take off from, land in or "
                "overfly their territory where there are reasonable grounds to believe they "
                "carry prohibited items.",
            ),
            _measure(
                "diplomats",
                "diplomatic",
                "diplomatic-restrictions",
                "Vigilance over DPRK diplomatic personnel",
                "recommended",
                "",
                "States are called upon to exercise enhanced vigilance over DPRK diplomats so "
                "that they do not contribute to the programmes or to the evasion of the measures.",
            ),
        ],
    },
    {
        "episode": {
            "slug": "dprk-ep-4",
            "number": 4,
            "title": "DPRK - EP 4",
            "summary": (
                "After the fourth nuclear test and a satellite launch, UNSCR 2270 introduces the "
                "first sectoral bans (coal, iron, minerals, aviation fuel) and inspection of all "
                "cargo."
            ),
            "start_date": D(2016, 3, 2),
            "end_date": D(2016, 11, 29),
            "narrative": """\
The DPRK conducted its fourth nuclear test on 6 January 2016 and launched a satellite on 7 February 2016. On 2 March 2016 the Security Council unanimously adopted resolution 2270 (2016), the first to target sectors of the DPRK's economy. It banned the DPRK's exports of coal, iron and iron ore (with exceptions for transactions exclusively for livelihood purposes) and of gold, titanium ore, vanadium ore and rare earth minerals, and banned the supply of aviation fuel to the country. It required States to inspect all cargo to and from the DPRK on their territory, extended the arms embargo to small arms and light weapons, froze the assets abroad of the Government and the Workers' Party of Korea associated with the programmes, ordered the closure of DPRK bank branches abroad, banned specialised teaching that could serve the programmes and provided for the expulsion of DPRK diplomats and foreign nationals working to evade the measures.

How we divide the regime: the episode opens with resolution 2270 (2016), which changed the type and the target of the measures (commodity exports, the Government and the Party), and ends on the eve of resolution 2321 (2016).
""",
            **_institutions(panel=True),
        },
        "resolutions": [
            _resolution(
                2270,
                2016,
                D(2016, 3, 2),
                "opens",
                "Condemns the nuclear test of 6 January 2016 and the launch of 7 February 2016; "
                "first sectoral bans; inspection of all cargo; closure of DPRK bank branches; "
                "further designations.",
            ),
        ],
        "purposes": _purposes(
            "the nuclear test of 6 January 2016 and the launch of 7 February 2016"
        ),
        "measures": [
            _measure(
                "coal-iron",
                "commodity",
                "coal",
                "Ban on exports of coal, iron and iron ore, with exceptions",
                "mandatory",
                "",
                "The DPRK may not supply coal, iron or iron ore and States may not procure them, "
                "except in transactions determined to be exclusively for livelihood purposes and "
                "unrelated to the programmes, and for coal of other origin shipped through the "
                "DPRK.",
            ),
            _measure(
                "minerals",
                "commodity",
                None,
                "Ban on exports of gold, titanium ore, vanadium ore and rare earth minerals",
                "mandatory",
                "",
                "The DPRK may not supply these minerals and States may not procure them.",
            ),
            _measure(
                "aviation-fuel",
                "commodity",
                None,
                "Ban on the supply of aviation fuel",
                "mandatory",
                "",
                "No supply of aviation fuel, including rocket fuel, to the DPRK, with an "
                "exception for civilian passenger aircraft refuelling outside the DPRK.",
            ),
            _measure(
                "inspection",
                "transportation",
                "vessels",
                "Inspection of all cargo to and from the DPRK",
                "mandatory",
                "",
                "States inspect all cargo on their territory that comes from or goes to the "
                "DPRK, or that the DPRK or its nationals broker or facilitate, including cargo in "
                "transit.",
            ),
            _measure(
                "arms",
                "arms",
                "arms-embargo",
                "Arms embargo extended to small arms and light weapons",
                "mandatory",
                "",
                "The supply of small arms and light weapons to the DPRK is banned too, as is any "
                "item that could directly contribute to the operational capabilities of its "
                "armed forces (food and medicine excepted).",
            ),
            _measure(
                "government-assets",
                "asset_freeze",
                "asset-freeze",
                "Asset freeze on the Government and the Workers' Party of Korea",
                "mandatory",
                "",
                "Funds and economic resources outside the DPRK owned or controlled by the "
                "Government or the Workers' Party of Korea and associated with the programmes or "
                "other prohibited activities are frozen.",
            ),
            _measure(
                "banks",
                "financial_sector",
                "financial-services",
                "Closure of DPRK bank branches abroad",
                "mandatory",
                "",
                "States close the branches, subsidiaries and representative offices of DPRK "
                "banks on their territory and prohibit new ones.",
            ),
            _measure(
                "teaching",
                "proscribed_activities",
                "scientific-cooperation",
                "Ban on specialised teaching and training",
                "mandatory",
                "",
                "States prevent the teaching or training of DPRK nationals in disciplines that "
                "could contribute to the programmes, such as advanced physics, computer "
                "simulation, nuclear engineering and aerospace engineering.",
            ),
            _measure(
                "diplomats",
                "diplomatic",
                "diplomatic-restrictions",
                "Expulsion of diplomats and foreign nationals evading the measures",
                "mandatory",
                "",
                "States expel DPRK diplomats and government representatives who work for "
                "designated persons or help evade the measures, and foreign nationals who do so.",
            ),
        ],
    },
    {
        "episode": {
            "slug": "dprk-ep-5",
            "number": 5,
            "title": "DPRK - EP 5",
            "summary": (
                "After the fifth nuclear test, UNSCR 2321 caps coal exports, bans exports of "
                "several metals and statues, and restricts DPRK shipping, missions and "
                "scientific cooperation."
            ),
            "start_date": D(2016, 11, 30),
            "end_date": D(2017, 8, 4),
            "narrative": """\
The DPRK conducted its fifth nuclear test on 9 September 2016. On 30 November 2016 the Security Council unanimously adopted resolution 2321 (2016), which capped the DPRK's coal exports from 1 January 2017 and banned its exports of copper, nickel, silver, zinc and statues. It banned the supply of new helicopters and vessels to the country, required States to de-register vessels owned, controlled or operated by the DPRK and to stop insuring them, suspended scientific and technical cooperation with persons or groups sponsored by or representing the DPRK, limited each DPRK diplomatic mission and accredited diplomat to one bank account, and prohibited public and private financial support for trade with the DPRK.

How we divide the regime: the episode opens with resolution 2321 (2016), which extended the sectoral measures to new commodities and to shipping and diplomacy, and ends on the eve of resolution 2371 (2017).
""",
            **_institutions(panel=True),
        },
        "resolutions": [
            _resolution(
                2321,
                2016,
                D(2016, 11, 30),
                "opens",
                "Condemns the nuclear test of 9 September 2016; coal export cap; bans on metals "
                "and statues, new helicopters and vessels; shipping, diplomatic and scientific "
                "restrictions.",
            ),
        ],
        "purposes": _purposes("the nuclear test of 9 September 2016"),
        "measures": [
            _measure(
                "coal",
                "commodity",
                "coal",
                "Cap on coal exports",
                "mandatory",
                "",
                "From 1 January 2017 the DPRK's coal exports may not exceed, each year, "
                "US$ 400,870,018 or 7,500,000 metric tons, whichever is lower; supplying States "
                "report their purchases to the Committee.",
            ),
            _measure(
                "metals",
                "commodity",
                "metals",
                "Ban on exports of copper, nickel, silver and zinc",
                "mandatory",
                "",
                "The DPRK may not supply these metals and States may not procure them.",
            ),
            _measure(
                "statues",
                "commodity",
                None,
                "Ban on exports of statues",
                "mandatory",
                "",
                "The DPRK may not supply statues and States may not procure them.",
            ),
            _measure(
                "helicopters-vessels",
                "transportation",
                None,
                "Ban on the supply of new helicopters and vessels",
                "mandatory",
                "",
                "No supply, sale or transfer of new helicopters or vessels to the DPRK.",
            ),
            _measure(
                "shipping",
                "transportation",
                "vessels",
                "De-registration and no insurance of DPRK vessels",
                "mandatory",
                "",
                "States de-register vessels owned, controlled or operated by the DPRK, register "
                "none, and provide no insurance or reinsurance to them.",
            ),
            _measure(
                "science",
                "proscribed_activities",
                "scientific-cooperation",
                "Suspension of scientific and technical cooperation",
                "mandatory",
                "",
                "States suspend scientific and technical cooperation involving persons or groups "
                "officially sponsored by or representing the DPRK, with exceptions the Committee "
                "may grant.",
            ),
            _measure(
                "missions",
                "diplomatic",
                "diplomatic-restrictions",
                "One bank account per DPRK mission and diplomat",
                "mandatory",
                "",
                "Each DPRK diplomatic mission, consular post and accredited diplomat may hold one "
                "bank account in a State; States are called upon to reduce the staff of DPRK "
                "missions.",
            ),
            _measure(
                "trade-finance",
                "financial_sector",
                "trade-finance",
                "Ban on financial support for trade",
                "mandatory",
                "",
                "States prohibit public and private financial support for trade with the DPRK, "
                "including export credits, guarantees and insurance.",
            ),
        ],
    },
    {
        "episode": {
            "slug": "dprk-ep-6",
            "number": 6,
            "title": "DPRK - EP 6",
            "summary": (
                "After two ICBM launches, UNSCR 2371 bans coal, iron, lead and seafood exports, "
                "freezes the number of DPRK workers abroad and bans new joint ventures."
            ),
            "start_date": D(2017, 8, 5),
            "end_date": D(2017, 9, 10),
            "narrative": """\
The DPRK launched intercontinental ballistic missiles on 4 and 28 July 2017. On 5 August 2017 the Security Council unanimously adopted resolution 2371 (2017), which replaced the coal cap and the livelihood exceptions for coal, iron and iron ore with a ban on their export, and banned the DPRK's exports of lead, lead ore and seafood. For the first time it addressed the DPRK's earnings from labour abroad, by barring States from raising the number of work authorisations they had granted to DPRK nationals, and it banned new joint ventures with DPRK entities or individuals and the expansion of existing ones. The Committee could now designate vessels, which States would then bar from their ports.

How we divide the regime: the episode opens with resolution 2371 (2017), which targeted new sources of revenue (labour abroad, joint ventures), and ends on the eve of resolution 2375 (2017), which a sixth nuclear test prompted five weeks later.
""",
            **_institutions(panel=True),
        },
        "resolutions": [
            _resolution(
                2371,
                2017,
                D(2017, 8, 5),
                "opens",
                "Condemns the ICBM launches of 4 and 28 July 2017; bans coal, iron, lead and "
                "seafood exports; caps DPRK work authorisations abroad; bans new joint ventures.",
            ),
        ],
        "purposes": _purposes("the ballistic missile launches of 4 and 28 July 2017"),
        "measures": [
            _measure(
                "coal-iron",
                "commodity",
                "coal",
                "Ban on exports of coal, iron and iron ore, livelihood exceptions ended",
                "mandatory",
                "",
                "The DPRK may not supply coal, iron or iron ore and States may not procure them; "
                "the cap and the livelihood exceptions end.",
            ),
            _measure(
                "lead",
                "commodity",
                "metals",
                "Ban on exports of lead and lead ore",
                "mandatory",
                "",
                "The DPRK may not supply lead or lead ore and States may not procure them.",
            ),
            _measure(
                "seafood",
                "commodity",
                "seafood",
                "Ban on exports of seafood",
                "mandatory",
                "",
                "The DPRK may not supply seafood (fish, crustaceans, molluscs and other aquatic "
                "invertebrates) and States may not procure it.",
            ),
            _measure(
                "workers",
                "proscribed_activities",
                "overseas-workers",
                "No increase in DPRK workers abroad",
                "mandatory",
                "",
                "States may not exceed the number of work authorisations for DPRK nationals in "
                "their jurisdiction at the time of the resolution's adoption.",
            ),
            _measure(
                "joint-ventures",
                "financial_sector",
                "joint-ventures",
                "Ban on new joint ventures",
                "mandatory",
                "",
                "States prohibit new joint ventures or cooperative entities with DPRK entities or "
                "individuals, and the expansion of existing ones through additional investment.",
            ),
            _measure(
                "ports",
                "transportation",
                "vessels",
                "Port entry ban on designated vessels",
                "mandatory",
                "",
                "The Committee may designate vessels involved in prohibited activities; States "
                "deny them entry into their ports.",
            ),
        ],
    },
    {
        "episode": {
            "slug": "dprk-ep-7",
            "number": 7,
            "title": "DPRK - EP 7",
            "summary": (
                "After the sixth nuclear test, UNSCR 2375 caps oil supplies, bans textile "
                "exports, new work authorisations and all joint ventures, and targets "
                "ship-to-ship transfers."
            ),
            "start_date": D(2017, 9, 11),
            "end_date": D(2017, 12, 21),
            "narrative": """\
The DPRK conducted its sixth nuclear test on 3 September 2017. On 11 September 2017 the Security Council unanimously adopted resolution 2375 (2017), the first to cap the DPRK's oil supplies: it banned the supply of condensates and natural gas liquids, capped the supply of refined petroleum products at 500,000 barrels for the last three months of 2017 and 2,000,000 barrels a year from 2018, and held crude oil supplies to the amount of the preceding twelve months. It banned the DPRK's textile exports, barred new work authorisations for DPRK nationals abroad, banned all joint ventures with DPRK entities or individuals (existing ones to close within 120 days), called on States to inspect suspect vessels on the high seas with the flag State's consent, and banned ship-to-ship transfers to or from DPRK-flagged vessels.

How we divide the regime: the episode opens with resolution 2375 (2017), which changed the type of measures (caps on energy imports), and ends on the eve of resolution 2397 (2017), which opens episode 8.
""",
            **_institutions(panel=True),
        },
        "resolutions": [
            _resolution(
                2375,
                2017,
                D(2017, 9, 11),
                "opens",
                "Condemns the nuclear test of 3 September 2017; caps oil supplies; bans "
                "condensates, textiles, new work authorisations and joint ventures; high-seas "
                "inspections and ship-to-ship transfers.",
            ),
        ],
        "purposes": _purposes("the nuclear test of 3 September 2017"),
        "measures": [
            _measure(
                "condensates",
                "commodity",
                None,
                "Ban on the supply of condensates and natural gas liquids",
                "mandatory",
                "",
                "No supply, sale or transfer of condensates or natural gas liquids to the DPRK.",
            ),
            _measure(
                "refined",
                "commodity",
                "refined-petroleum",
                "Cap on refined petroleum products",
                "mandatory",
                "",
                "Supplies of refined petroleum products to the DPRK are capped at 500,000 "
                "barrels from 1 October to 31 December 2017 and 2,000,000 barrels a year from "
                "1 January 2018.",
            ),
            _measure(
                "crude",
                "commodity",
                "crude-oil",
                "Cap on crude oil",
                "mandatory",
                "",
                "States supply the DPRK with no more crude oil than they did in the twelve "
                "months before the resolution's adoption.",
            ),
            _measure(
                "textiles",
                "commodity",
                "textiles",
                "Ban on exports of textiles",
                "mandatory",
                "",
                "The DPRK may not supply textiles and States may not procure them.",
            ),
            _measure(
                "workers",
                "proscribed_activities",
                "overseas-workers",
                "No new work authorisations for DPRK nationals abroad",
                "mandatory",
                "",
                "States grant no new work authorisations to DPRK nationals, unless the Committee "
                "approves a case in advance.",
            ),
            _measure(
                "joint-ventures",
                "financial_sector",
                "joint-ventures",
                "Ban on all joint ventures",
                "mandatory",
                "",
                "States prohibit all joint ventures and cooperative entities with DPRK entities "
                "or individuals; existing ones close within 120 days unless the Committee "
                "approves them.",
            ),
            _measure(
                "maritime",
                "transportation",
                "vessels",
                "High-seas inspections and ban on ship-to-ship transfers",
                "conditional",
                "",
                "States are called upon to inspect vessels on the high seas, with the flag "
                "State's consent, where there are reasonable grounds to believe they carry "
                "prohibited cargo; ship-to-ship transfers to or from DPRK-flagged vessels are "
                "banned.",
            ),
        ],
    },
]

# A researcher's edit left waiting for review, so that a reviewer finds work on first login.
PENDING_EDIT = {
    "slug": "dprk-ep-1",
    "field": "designees_note",
    "value": (
        "The 1718 Committee made its first designations, three entities, on 24 April 2009, "
        "after the launch of 5 April 2009."
    ),
    "reason": "Note on the first designations (listed on 24 April 2009 in the UN list).",
    "comment": "Adds a note on when the first designations were made, from the UN list's "
    "listing dates of KPe.001 and KPe.002.",
}
