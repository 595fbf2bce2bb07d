"""The words of the codebook (episodes.codebook): descriptions of the variables and definitions of
the values that are choices in the code. Configurable lists carry their own definitions."""

TITLE = "Sanctions Atlas codebook"
INTRODUCTION = (
    "Every variable of the atlas's public documents (episodes, regimes, effectiveness "
    "assessments, designations, and the experts' individual codings of the assessments), as "
    "the website, the API and the data package give them. "
    "A path such as `episode.purposes[].objectives[].code` names a field of the items of a "
    "list. Values of configurable lists are listed as configured when this codebook was "
    "produced; an inactive value is no longer used for new coding but stays on the records "
    "coded with it."
)
EPISODE_DOCUMENT = (
    "An episode is a period of a regime during which the type, target and purpose of the "
    "sanctions stay the same. Its document holds everything coded about it except its "
    "effectiveness assessments, which are published separately (the API's episode includes "
    "them under `assessments`)."
)
REGIME_DOCUMENT = (
    "A UN Security Council sanctions regime, identified by the prefix of its UN reference numbers."
)
ASSESSMENT_DOCUMENT = (
    "An expert assessment of one purpose of one episode: how far the purpose's objectives were "
    "achieved (policy outcome) and how much the sanctions contributed (sanctions contribution), "
    "each on a scale of 1 to 5 with a narrative."
)
DESIGNATION_DOCUMENT = (
    "An individual, entity or vessel designated under a regime, as listed by the Security "
    "Council or its committee (individuals and entities from the UN consolidated list, vessels "
    "from the 1718 Committee's vessel list)."
)
CODING_DOCUMENT = (
    "One expert's independent coding of one episode purpose in a coding round: two or more "
    "researchers code the same purpose without seeing each other's coding, and a third writes "
    "the consensus that is reviewed and published as the assessment. Only the rounds whose "
    "consensus is published are listed (the data package's `codings` table), and only the "
    "scores and consequences: the coders' own narratives are never published."
)
AGREEMENT = (
    "Agreement between independent coders is Krippendorff's alpha, computed with the "
    "`krippendorff` package: ordinal on the 1–5 domain for the two scores, nominal for the "
    "unintended consequences (each consequence of the list is a unit, present or absent in each "
    "coding). Only submitted codings count. Per assessment, its round is the data (one unit per "
    "score, so alpha is 0 when the coders differ and undefined, null, when they agree: percent "
    "agreement, the share of coder pairs giving the same value, says more there); an assessment "
    "written by one researcher has one coder and no agreement, which needs two coders. The "
    "dataset-wide alpha takes every round whose consensus is published as a unit."
)
IN_FORCE = (
    "A designation is in force while it has no delisting date (`in_force` of the designation "
    "document); the counts per episode use the listing and delisting dates day by day."
)

PURPOSES = {
    "coerce": "Change the target's behaviour: make it do what it would otherwise not do, or stop "
    "what it is doing.",
    "constrain": "Limit the target's ability to pursue a proscribed activity by denying it "
    "essential resources (arms, funds, technology) or raising its costs.",
    "signal": "Signal support for an international norm, and stigmatise or isolate the target "
    "for violating it.",
}
LEVELS = {
    "low": "Little effect on the general population (measures aimed at named individuals and "
    "entities, or at goods few people use).",
    "medium": "Some effect on the general population (for example a sector's trade).",
    "high": "Significant effect on the general population: restrictions on widely used "
    "commodities, major exports, or the transportation or financial sectors that affect the "
    "whole economy.",
}
EFFECTIVENESS = {
    "high": "The sanctions were effective for the episode's purposes overall.",
    "mixed": "Effective for some purposes and not for others, or only in part.",
    "low": "The sanctions were not effective for the episode's purposes overall.",
}
RESOLUTION_ROLES = {
    "opens": "The resolution opens the episode (it changes the type, target or purpose of the "
    "sanctions).",
    "modifies": "The resolution changes the episode's measures without opening a new episode.",
    "renews": "The resolution renews measures or mandates (a committee, a panel of experts).",
}
MEASURE_CATEGORIES = {
    "travel": "Bans on the entry into or transit through states' territory of designated "
    "individuals.",
    "asset_freeze": "Freezing of the funds and economic resources of designated individuals and "
    "entities.",
    "diplomatic": "Restrictions on diplomatic relations, missions and staff.",
    "arms": "Embargoes on the supply, sale or transfer of arms and related materiel, training "
    "and assistance.",
    "proscribed_activities": "Bans on activities such as nuclear, ballistic missile or other "
    "WMD programmes, scientific cooperation or overseas work.",
    "commodity": "Bans or caps on trade in commodities (petroleum, coal, minerals, diamonds, "
    "timber, luxury goods…).",
    "transportation": "Restrictions on aviation, shipping and vessels.",
    "financial_sector": "Restrictions on banking, financial services, investment and joint "
    "ventures.",
}
APPLICATIONS = {
    "mandatory": "Member states must apply the measure.",
    "conditional": "The measure applies when a condition is met (for example to vessels "
    "suspected of violations), or authorises states to act.",
    "recommended": "Member states are called upon, not obliged, to apply the measure.",
}
DOCUMENT_KINDS = {
    "panel_reports": "Reports of the regime's panel of experts or monitoring team.",
    "implementation_notice": "The committee's implementation assistance notices.",
    "press_release": "A UN press release (SC/…), for example announcing designations.",
    "exemption": "A page on exemptions from a measure, or on requesting them.",
    "designation_list": "The committee's list of designees.",
    "resolution": "The text of a resolution.",
    "other": "Any other document or link.",
}
POLARITIES = {
    "positive": "A consequence that strengthens international capacity or norms.",
    "negative": "A harmful consequence.",
}
DESIGNATION_KINDS = {
    "individual": "A person (UN reference numbers such as KPi.033).",
    "entity": "A company, organisation or group (UN reference numbers such as KPe.020).",
    "vessel": "A ship, identified by its IMO number.",
}
ALIAS_QUALITIES = {
    "good": "A good-quality alias: sufficient to identify the person or entity.",
    "low": "A low-quality alias: too common or vague to identify on its own.",
    "aka": "Also known as.",
    "fka": "Formerly known as.",
}
BIRTH_DATE_KINDS = {
    "exact": "An exact date (`date`).",
    "year": "A year only (`year`).",
    "approximate": "About a year (`year`).",
    "between": "Between two years (`from_year`, `to_year`).",
}
LISTING_EVENTS = {
    "listed": "The date the Security Council or its committee listed the designation.",
    "amended": "A date its entry was amended.",
    "delisted": "The first day it no longer applies.",
}

_APPROVED_AT = "The date and time (UTC) a reviewer approved this version."
_VERSION = "The public version number: 1 for the first approval, one more for each change."
_URL = (
    "The address of the record: its page on this site (downloads and data package) or its "
    "resource in the API (API lists)."
)
_ID = "An identifier of the row within this document and its versions."
_LABEL = "The label of the value, as configured when this version was approved."

# (path, type, description, flags…): "nullable", and the name of the allowed values (codebook.VALUES).
VARIABLES = [
    # --- episode ---
    ("episode.slug", "string", "The episode's permanent public identifier, e.g. dprk-ep-8."),
    ("episode.title", "string", "The episode's name, e.g. DPRK - EP 8."),
    ("episode.number", "integer", "The order of the episode within its regime."),
    ("episode.regime", "string", "The code of the episode's regime (see the regime document)."),
    (
        "episode.summary",
        "string",
        "One sentence telling the episode apart from the regime's others.",
    ),
    (
        "episode.start_date",
        "date",
        "The first day of the episode, usually the adoption of its opening resolution.",
    ),
    (
        "episode.end_date",
        "date",
        "The last day of the episode; null while it is ongoing.",
        "nullable",
    ),
    ("episode.ongoing", "boolean", "Whether the episode is ongoing (it has no end date)."),
    (
        "episode.resolutions",
        "list",
        "The Security Council resolutions that open, modify or renew the episode, by adoption date.",
    ),
    ("episode.resolutions[].symbol", "string", "The resolution's symbol, e.g. S/RES/2397 (2017)."),
    ("episode.resolutions[].number", "integer", "The resolution's number, e.g. 2397."),
    ("episode.resolutions[].year", "integer", "The resolution's year, e.g. 2017."),
    ("episode.resolutions[].adopted_on", "date", "The day the resolution was adopted.", "nullable"),
    (
        "episode.resolutions[].role",
        "code",
        "What the resolution does for the episode.",
        "resolution_role",
    ),
    ("episode.resolutions[].role_label", "string", "The label of the role."),
    (
        "episode.resolutions[].vote",
        "string",
        "The vote, e.g. 15-0-0 (in favour, against, abstaining).",
    ),
    ("episode.resolutions[].description", "string", "What the resolution did for this episode."),
    ("episode.resolutions[].url", "url", "A link to the resolution's text."),
    ("episode.primary_purpose", "code", "The episode's primary purpose.", "nullable", "purpose"),
    (
        "episode.purposes",
        "list",
        "The purposes of the sanctions in this episode (Targeted Sanctions Consortium typology), each with its objectives.",
    ),
    ("episode.purposes[].purpose", "code", "The purpose.", "purpose"),
    ("episode.purposes[].label", "string", "The purpose's label."),
    (
        "episode.purposes[].objective",
        "markdown",
        "What the Security Council sought to achieve under this purpose, in words.",
    ),
    (
        "episode.purposes[].objectives",
        "list",
        "The objectives coded under this purpose, from the configurable list of objectives.",
    ),
    (
        "episode.purposes[].objectives[].code",
        "code",
        "The objective (each belongs to one purpose or to all).",
        "objective",
    ),
    ("episode.purposes[].objectives[].label", "string", _LABEL),
    (
        "episode.purposes[].objectives[].note",
        "markdown",
        "How the objective reads in this episode.",
    ),
    (
        "episode.purposes[].is_primary",
        "boolean",
        "Whether this is the episode's primary purpose (exactly one is).",
    ),
    (
        "episode.conflict_types",
        "list",
        "The types of conflict or issue areas the sanctions address.",
    ),
    (
        "episode.conflict_types[].code",
        "code",
        "The type of conflict or issue area.",
        "conflict_type",
    ),
    ("episode.conflict_types[].label", "string", _LABEL),
    ("episode.targets", "list", "Whom the sanctions target."),
    ("episode.targets[].code", "code", "The kind of target.", "target"),
    ("episode.targets[].label", "string", _LABEL),
    ("episode.narrative", "markdown", "What happened during the episode, in several paragraphs."),
    ("episode.measures", "list", "The sanctions measures in force during the episode."),
    ("episode.measures[].id", "integer", _ID),
    ("episode.measures[].category", "code", "The category of the measure.", "measure_category"),
    ("episode.measures[].category_label", "string", "The label of the category."),
    (
        "episode.measures[].subtype",
        "code",
        "The subtype of the measure (configurable list).",
        "nullable",
        "measure_subtype",
    ),
    ("episode.measures[].subtype_label", "string", "The label of the subtype.", "nullable"),
    ("episode.measures[].title", "string", "The measure's short name."),
    (
        "episode.measures[].secondary_sanctions",
        "boolean",
        "Whether the measure also targets third parties that deal with the target.",
    ),
    ("episode.measures[].application", "code", "How binding the measure is.", "application"),
    ("episode.measures[].application_label", "string", "The label of the application."),
    (
        "episode.measures[].population_impact",
        "code",
        "The measure's potential impact on the general population; empty when not coded.",
        "nullable",
        "level",
    ),
    (
        "episode.measures[].population_impact_label",
        "string",
        "The label of the impact; empty when not coded.",
    ),
    (
        "episode.measures[].resolution_paragraph",
        "string",
        "Where the measure is imposed, e.g. 2397 OP4.",
    ),
    ("episode.measures[].description", "markdown", "The measure in words."),
    (
        "episode.measures[].exemptions",
        "string",
        "The exemptions from the measure, in words (their pages are among the documents).",
    ),
    (
        "episode.instruments",
        "list",
        "Policy instruments other than UN sanctions in use during the episode, each with a note.",
    ),
    ("episode.instruments[].code", "code", "The instrument.", "instrument"),
    ("episode.instruments[].label", "string", _LABEL),
    (
        "episode.instruments[].note",
        "markdown",
        "Who used the instrument, when, and how it bore on the episode.",
    ),
    ("episode.humanitarian_carve_out", "object", "A standing exemption for humanitarian actors."),
    (
        "episode.humanitarian_carve_out.applies",
        "boolean",
        "Whether a humanitarian carve-out applies, e.g. under UNSCR 2664 (2022).",
    ),
    (
        "episode.humanitarian_carve_out.text",
        "markdown",
        "What the carve-out covers and where it is specified.",
    ),
    (
        "episode.designees",
        "object",
        "The numbers of designees as coded by the researcher (the atlas also computes them from the designations: see the rules).",
    ),
    ("episode.designees.individuals", "object", "Designated individuals."),
    (
        "episode.designees.individuals.current",
        "integer",
        "Designated at the end of the episode (or today, if ongoing).",
        "nullable",
    ),
    (
        "episode.designees.individuals.maximum",
        "integer",
        "The most designated at any time during the episode.",
        "nullable",
    ),
    ("episode.designees.entities", "object", "Designated entities."),
    (
        "episode.designees.entities.current",
        "integer",
        "Designated at the end of the episode (or today, if ongoing).",
        "nullable",
    ),
    (
        "episode.designees.entities.maximum",
        "integer",
        "The most designated at any time during the episode.",
        "nullable",
    ),
    ("episode.designees.vessels", "object", "Designated vessels."),
    (
        "episode.designees.vessels.current",
        "integer",
        "Designated at the end of the episode (or today, if ongoing).",
        "nullable",
    ),
    (
        "episode.designees.vessels.maximum",
        "integer",
        "The most designated at any time during the episode.",
        "nullable",
    ),
    ("episode.designees.note", "markdown", "What a reader needs to interpret the counts."),
    (
        "episode.population_impact",
        "object",
        "The likely impact of the sanctions on the general population; null when not coded.",
        "nullable",
    ),
    (
        "episode.population_impact.level",
        "code",
        "The level of impact; empty when only the text is given.",
        "nullable",
        "level",
    ),
    ("episode.population_impact.label", "string", "The label of the level."),
    (
        "episode.population_impact.text",
        "markdown",
        "Why the sanctions are likely to have this impact.",
    ),
    ("episode.institutions", "object", "The institutions of the regime during the episode."),
    ("episode.institutions.sanctions_committee", "boolean", "A sanctions committee is in place."),
    (
        "episode.institutions.panel_of_experts",
        "boolean",
        "A panel of experts or monitoring team is in place.",
    ),
    ("episode.institutions.designation_criteria", "boolean", "Designation criteria are specified."),
    (
        "episode.institutions.targets_designated",
        "boolean",
        "Targets were designated under those criteria.",
    ),
    (
        "episode.institutions.enforcement_authorities",
        "boolean",
        "Enforcement authorities are specified.",
    ),
    ("episode.institutions.text", "markdown", "The institutions in words."),
    (
        "episode.documents",
        "list",
        "Documents and links: panel reports, notices, press releases, exemption pages…",
    ),
    ("episode.documents[].id", "integer", _ID),
    ("episode.documents[].kind", "code", "The kind of document.", "document_kind"),
    ("episode.documents[].kind_label", "string", "The label of the kind."),
    ("episode.documents[].title", "string", "The document's title."),
    ("episode.documents[].url", "url", "The link; empty when there is none."),
    ("episode.documents[].reference", "string", "The UN document symbol, e.g. SC/13149."),
    ("episode.documents[].issued_on", "date", "The day the document was issued.", "nullable"),
    (
        "episode.documents[].measure",
        "integer",
        "The `id` of the measure an exemption page belongs to.",
        "nullable",
    ),
    ("episode.documents[].note", "string", "A note on the document."),
    (
        "episode.unintended_consequences",
        "list",
        "Unintended consequences observed during the episode.",
    ),
    (
        "episode.unintended_consequences[].slug",
        "code",
        "The consequence (configurable list).",
        "consequence",
    ),
    ("episode.unintended_consequences[].name", "string", "The consequence's name."),
    (
        "episode.unintended_consequences[].polarity",
        "code",
        "Whether the consequence is positive or negative.",
        "polarity",
    ),
    (
        "episode.unintended_consequences[].is_other",
        "boolean",
        "Whether this is the “other” consequence, described in `other_text`.",
    ),
    (
        "episode.unintended_consequences[].other_text",
        "string",
        "The description of an “other” consequence.",
    ),
    ("episode.unintended_consequences[].note", "markdown", "Evidence or explanation."),
    (
        "episode.overall_effectiveness",
        "object",
        "The researcher's overall judgement across the episode's purposes; null when not coded.",
        "nullable",
    ),
    ("episode.overall_effectiveness.level", "code", "The overall effectiveness.", "effectiveness"),
    ("episode.overall_effectiveness.label", "string", "The label of the level."),
    (
        "episode.assessments",
        "list",
        "In the API only: the episode's published assessments, one per purpose (see the assessment document).",
    ),
    ("episode.url", "url", _URL),
    ("episode.version", "integer", _VERSION),
    ("episode.approved_at", "datetime", _APPROVED_AT),
    # --- regime ---
    (
        "regime.code",
        "string",
        "The regime's public identifier: the prefix of its UN reference numbers (KP), or, where "
        "the UN list has none, the number of its establishing resolution (232).",
    ),
    (
        "regime.un_prefix",
        "string",
        "The prefix of the regime's UN reference numbers (KP for KPi.033); empty where the UN "
        "list has none.",
        "nullable",
    ),
    (
        "regime.terminated_by",
        "string",
        "The resolution that ended the regime; empty while it is in force, or where its measures "
        "lapsed without one.",
        "nullable",
    ),
    ("regime.target", "string", "What the regime targets: a country, or a theme.", "nullable"),
    (
        "regime.target_countries",
        "list",
        "ISO 3166-1 alpha-3 codes of the countries the regime concerns (today's borders); empty "
        "for a thematic regime.",
        "nullable",
    ),
    ("regime.thematic", "boolean", "Whether the regime is thematic (not about one country)."),
    (
        "regime.sources",
        "string",
        "The resolutions the regime's facts in this atlas come from.",
        "nullable",
    ),
    ("regime.short_name", "string", "The name used in episode titles, e.g. DPRK."),
    ("regime.name", "string", "The full name, e.g. Democratic People's Republic of Korea."),
    ("regime.committee", "string", "The Security Council committee overseeing the regime."),
    ("regime.established_by", "string", "The resolution that established the regime."),
    ("regime.established_on", "date", "The day the regime was established.", "nullable"),
    (
        "regime.terminated_on",
        "date",
        "The day the regime ended; null while it is in force.",
        "nullable",
    ),
    ("regime.description", "markdown", "A short introduction to the regime."),
    ("regime.url", "url", _URL),
    ("regime.version", "integer", _VERSION),
    ("regime.approved_at", "datetime", _APPROVED_AT),
    # --- assessment ---
    ("assessment.episode", "string", "The slug of the assessed episode."),
    ("assessment.regime", "string", "The code of the episode's regime."),
    ("assessment.purpose", "code", "The assessed purpose of the episode.", "purpose"),
    ("assessment.purpose_label", "string", "The purpose's label."),
    ("assessment.policy_outcome", "object", "How far the purpose's objectives were achieved."),
    (
        "assessment.policy_outcome.score",
        "integer",
        "The policy outcome, 1 to 5 (see the scale).",
        "policy_outcome",
    ),
    (
        "assessment.policy_outcome.label",
        "string",
        "The label of the score, as configured when this version was approved.",
    ),
    (
        "assessment.policy_outcome.narrative",
        "markdown",
        "What happened with respect to the objectives.",
    ),
    (
        "assessment.sanctions_contribution",
        "object",
        "How much the sanctions contributed to that outcome.",
    ),
    (
        "assessment.sanctions_contribution.score",
        "integer",
        "The sanctions' contribution, 1 to 5 (see the scale).",
        "sanctions_contribution",
    ),
    (
        "assessment.sanctions_contribution.label",
        "string",
        "The label of the score, as configured when this version was approved.",
    ),
    (
        "assessment.sanctions_contribution.narrative",
        "markdown",
        "Why the sanctions did or did not contribute, and what else did.",
    ),
    ("assessment.coding", "object", "Who coded this assessment, and how far the coders agreed."),
    (
        "assessment.coding.agreement",
        "object",
        "Inter-coder agreement of the coding round this assessment is the consensus of.",
    ),
    (
        "assessment.coding.agreement.percent_agreement",
        "object",
        "Per variable: the share of coder pairs that agree, in percent (null with fewer than two coders).",
    ),
    (
        "assessment.coding.agreement.units",
        "object",
        "Per variable: the number of units coded by at least two coders.",
    ),
    (
        "assessment.coding.coders",
        "integer",
        "How many experts coded this assessment independently (1: written by one researcher).",
    ),
    (
        "assessment.coding.agreement.policy_outcome",
        "number",
        "Krippendorff's alpha (ordinal) of the coders' policy outcome scores; null with fewer than two coders or without variation.",
        "nullable",
    ),
    (
        "assessment.coding.agreement.sanctions_contribution",
        "number",
        "Krippendorff's alpha (ordinal) of the coders' sanctions contribution scores.",
        "nullable",
    ),
    (
        "assessment.coding.agreement.consequences",
        "number",
        "Krippendorff's alpha (nominal) of the unintended consequences, each present or absent per coder.",
        "nullable",
    ),
    (
        "assessment.coding.agreement.percent_agreement.policy_outcome",
        "number",
        "Share of coder pairs that gave the same policy outcome score, in percent.",
        "nullable",
    ),
    (
        "assessment.coding.agreement.percent_agreement.sanctions_contribution",
        "number",
        "Share of coder pairs that gave the same sanctions contribution score, in percent.",
        "nullable",
    ),
    (
        "assessment.coding.agreement.percent_agreement.consequences",
        "number",
        "Share of coder pairs that agree on each unintended consequence, in percent.",
        "nullable",
    ),
    (
        "assessment.coding.agreement.units.policy_outcome",
        "integer",
        "Units of the policy outcome coded by at least two coders.",
    ),
    (
        "assessment.coding.agreement.units.sanctions_contribution",
        "integer",
        "Units of the sanctions contribution coded by at least two coders.",
    ),
    (
        "assessment.coding.agreement.units.consequences",
        "integer",
        "Unintended-consequence units coded by at least two coders.",
    ),
    (
        "assessment.effective",
        "boolean",
        "Whether the purpose counts as effective, by the rule in force when this version was approved (see the rules).",
    ),
    (
        "assessment.url",
        "url",
        "The address of the assessment: its section of the episode page (downloads and data "
        "package; the API's assessment list gives `episode_url`, the episode in the API).",
    ),
    ("assessment.episode_url", "url", "The assessed episode in the API."),
    ("assessment.version", "integer", _VERSION),
    ("assessment.approved_at", "datetime", _APPROVED_AT),
    # --- coding (the individual codings of the data package) ---
    ("coding.episode", "string", "The slug of the coded episode."),
    ("coding.purpose", "code", "The coded purpose.", "purpose"),
    (
        "coding.round",
        "integer",
        "The number of the coding round within the table (not an identifier of the atlas).",
    ),
    (
        "coding.coder",
        "string",
        "A pseudonymous coder id, the same for one coder in every round and download; never a "
        "name, and not reversible to an account (a keyed hash).",
    ),
    (
        "coding.policy_outcome_score",
        "integer",
        "The coder's policy outcome, 1 to 5.",
        "policy_outcome",
    ),
    (
        "coding.sanctions_contribution_score",
        "integer",
        "The coder's sanctions contribution, 1 to 5.",
        "sanctions_contribution",
    ),
    (
        "coding.consequences",
        "string",
        "The slugs of the unintended consequences the coder found, separated by |.",
    ),
    # --- designation ---
    (
        "designation.key",
        "string",
        "The public identifier: the UN reference number, or the IMO number for vessels.",
    ),
    ("designation.kind", "code", "What is designated.", "designation_kind"),
    ("designation.kind_label", "string", "The label of the kind."),
    ("designation.regime", "string", "The code of the regime it is designated under."),
    (
        "designation.reference_number",
        "string",
        "The UN reference number, e.g. KPi.033; null for vessels.",
        "nullable",
    ),
    (
        "designation.dataid",
        "integer",
        "The UN's stable identifier of the entry in the consolidated list.",
        "nullable",
    ),
    ("designation.name", "string", "The full name, as displayed and cited."),
    (
        "designation.matched",
        "string",
        "In a search (q), what of the designation matched, e.g. “alias: Kim Cho’ng-sik” or "
        "“reference: KPi.033”; the API's list rows only, null without q.",
        "nullable",
    ),
    (
        "designation.first_name",
        "string",
        "The first part of an individual's name, as the UN list gives it.",
    ),
    ("designation.second_name", "string", "The second part of the name."),
    ("designation.third_name", "string", "The third part of the name."),
    ("designation.fourth_name", "string", "The fourth part of the name."),
    ("designation.name_original_script", "string", "The name in its original script."),
    ("designation.gender", "string", "As the UN list gives it."),
    ("designation.titles", "list", "Titles (strings)."),
    ("designation.positions", "list", "Functions held (the UN's “designation”), as strings."),
    ("designation.nationalities", "list", "Nationalities (strings)."),
    ("designation.listed_on", "date", "The day the Security Council or its committee listed it."),
    ("designation.amended_on", "list", "The days its entry was amended (dates)."),
    (
        "designation.delisted_on",
        "date",
        "The first day it no longer applies; null while in force.",
        "nullable",
    ),
    ("designation.in_force", "boolean", "Whether it is in force (see the rules)."),
    ("designation.listing_history", "list", "Listing, amendments and delisting in date order."),
    ("designation.listing_history[].date", "date", "The day of the event."),
    ("designation.listing_history[].event", "code", "What happened.", "listing_event"),
    ("designation.narrative", "markdown", "The UN's reasons for listing and other information."),
    ("designation.aliases", "list", "Other names."),
    ("designation.aliases[].id", "integer", _ID),
    ("designation.aliases[].quality", "code", "The quality of the alias.", "alias_quality"),
    ("designation.aliases[].quality_label", "string", "The label of the quality."),
    ("designation.aliases[].name", "string", "The alias."),
    (
        "designation.aliases[].date_of_birth",
        "string",
        "A date of birth given with the alias, as written.",
    ),
    ("designation.aliases[].city_of_birth", "string", "A city of birth given with the alias."),
    (
        "designation.aliases[].country_of_birth",
        "string",
        "A country of birth given with the alias.",
    ),
    ("designation.aliases[].note", "string", "A note."),
    ("designation.addresses", "list", "Addresses."),
    ("designation.addresses[].id", "integer", _ID),
    ("designation.addresses[].street", "string", "Street."),
    ("designation.addresses[].city", "string", "City."),
    ("designation.addresses[].state_province", "string", "State or province."),
    ("designation.addresses[].zip_code", "string", "Postal code."),
    ("designation.addresses[].country", "string", "Country."),
    ("designation.addresses[].note", "string", "A note."),
    ("designation.birth_dates", "list", "Dates of birth as the UN gave them."),
    ("designation.birth_dates[].id", "integer", _ID),
    ("designation.birth_dates[].kind", "code", "How precise the date is.", "birth_date_kind"),
    (
        "designation.birth_dates[].as_given",
        "string",
        "The date as given: 1960, about 1958, between 1950 and 1955, or a full date.",
    ),
    ("designation.birth_dates[].date", "date", "The exact date.", "nullable"),
    ("designation.birth_dates[].year", "integer", "The year, exact or approximate.", "nullable"),
    ("designation.birth_dates[].from_year", "integer", "The first year of a range.", "nullable"),
    ("designation.birth_dates[].to_year", "integer", "The last year of a range.", "nullable"),
    ("designation.birth_dates[].note", "string", "A note."),
    ("designation.birth_places", "list", "Places of birth."),
    ("designation.birth_places[].id", "integer", _ID),
    ("designation.birth_places[].city", "string", "City."),
    ("designation.birth_places[].state_province", "string", "State or province."),
    ("designation.birth_places[].country", "string", "Country."),
    ("designation.birth_places[].note", "string", "A note."),
    ("designation.documents", "list", "Identity documents."),
    ("designation.documents[].id", "integer", _ID),
    ("designation.documents[].document_type", "string", "The type as given, e.g. Passport."),
    ("designation.documents[].document_type2", "string", "A further type, as given."),
    ("designation.documents[].number", "string", "The document's number."),
    ("designation.documents[].issuing_country", "string", "The issuing country."),
    ("designation.documents[].date_of_issue", "date", "The day of issue.", "nullable"),
    ("designation.documents[].city_of_issue", "string", "The city of issue."),
    ("designation.documents[].note", "string", "A note."),
    (
        "designation.vessel",
        "object",
        "For vessels: the details from the 1718 Committee's vessel list; null otherwise.",
        "nullable",
    ),
    ("designation.vessel.imo_number", "string", "The seven-digit IMO number."),
    ("designation.vessel.mmsi", "string", "The MMSI (Maritime Mobile Service Identity)."),
    ("designation.vessel.flag", "string", "The flag state."),
    ("designation.vessel.call_sign", "string", "The call sign."),
    ("designation.vessel.vessel_type", "string", "The type of vessel."),
    (
        "designation.vessel.owner",
        "object",
        "The designated entity that owns or operates the vessel, if any.",
        "nullable",
    ),
    ("designation.vessel.owner.key", "string", "The owner's reference number."),
    ("designation.vessel.owner.name", "string", "The owner's name."),
    ("designation.vessel.owner_name", "string", "The owner as named in the vessel list."),
    ("designation.vessel.applicable_measures", "string", "The measures that apply to the vessel."),
    ("designation.url", "url", _URL),
    ("designation.version", "integer", _VERSION),
    ("designation.approved_at", "datetime", _APPROVED_AT),
]
