"""The public pages, read as a reader would: what each shows, and how it helps when something is wrong."""

import datetime

import lxml.html
import pytest
import reversion
from django.urls import reverse
from django.utils import timezone

from editorial import services
from episodes.models import Episode, PublishedEpisode
from tests.factories import (
    AliasFactory,
    BirthDateFactory,
    DesignationFactory,
    EpisodeFactory,
    RegimeFactory,
)
from tests.workflow import edit, publish

pytestmark = pytest.mark.django_db


def page(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    return response, lxml.html.fromstring(response.content)


def find(tree, xpath):
    return tree.xpath(xpath)


def cls(name: str) -> str:
    """XPath test for an element with the CSS class ``name``."""
    return f"contains(concat(' ', normalize-space(@class), ' '), ' {name} ')"


def text(tree, xpath) -> str:
    return " ".join(" ".join(node.text_content().split()) for node in tree.xpath(xpath))


# --- the episode page ---------------------------------------------------------------------------

SEED_SECTIONS = [
    # (section id, heading, phrases from the seed text that must be on the page, in that section)
    ("facts", "Summary", ["S/RES/2397 (2017)", "22 December 2017", "ongoing", "Coerce", "Low"]),
    ("narrative", "Narrative", ["intercontinental ballistic missile", "Kim-Moon summit", "2020"]),
    (
        "objectives",
        "Objectives by purpose",
        ["Coerce the DPRK to stop nuclear tests", "Constrain the DPRK", "Signal support for"],
    ),
    (
        "measures",
        "Measures and exemptions",
        ["Travel ban", "Asset freeze", "Arms embargo", "Refined petroleum products"],
    ),
    (
        "carve-out",
        "Humanitarian carve-out",
        ["UNSCR 2664 (2022)", "Humanitarian exemption requests"],
    ),
    ("designees", "Designees", ["80", "75", "59", "Individuals", "Entities", "Vessels"]),
    (
        "population",
        "Likely impact on the general population",
        ["High", "widely used commodities such as oil"],
    ),
    (
        "institutions",
        "Institutions",
        ["Sanctions committee in place: Yes", "Panel of Experts", "Enforcement authorities"],
    ),
    (
        "documents",
        "Documents and links",
        [
            "Implementation assistance notices",
            "Panel of Experts reports",
            "Current list of sanctions designees",
            "SC/13149",
        ],
    ),
    (
        "effectiveness",
        "Effectiveness",
        [
            "Policy outcome: 2 of 5",
            "Sanctions contribution: 2 of 5",
            "Sanctions contribution: 3 of 5",
            "complete denuclearization",
            "primary instruments of constraint",
            "signalling the non-proliferation norm",
            "Does not count as effective",
        ],
    ),
    (
        "consequences",
        "Unintended consequences",
        [
            "Increase in corruption and criminality",
            "Strengthening of authoritarian rule",
            "Increase in human rights violations",
            "Increase in international regulatory capacity",
            "Increase in international enforcement capacity",
            "Resource diversion",
            "Significant burden on implementing states",
            "Humanitarian consequences",
            "Widespread harmful economic consequences",
            "Impact on humanitarian aid, international organizations and foreign diplomatic",
        ],
    ),
]

SEED_LINKS = [
    "https://www.un.org/securitycouncil/sanctions/1718/exemptions-measures/travel-ban",
    "https://www.un.org/securitycouncil/sanctions/1718/exemptions-measures/assets-freeze",
    "https://www.un.org/securitycouncil/content/correspondent-account-approvals",
    "https://www.un.org/securitycouncil/sanctions/1718/exemptions-measures/arms-embargo",
    "https://www.un.org/securitycouncil/sanctions/1718/panel_experts/reports",
]


def test_the_episode_page_carries_every_section_of_the_seed_text_in_order(anonymous_client, demo):
    _, tree = page(anonymous_client, "/episodes/dprk-ep-8/")

    assert text(tree, "//h1") == "DPRK - EP 8"
    ids = [section.get("id") for section in find(tree, f"//article[{cls('episode')}]/section")]
    # Then the similar episodes, the page as data, and the citation last.
    assert ids == [section for section, _, _ in SEED_SECTIONS] + ["similar", "as-data", None]
    for section, heading, phrases in SEED_SECTIONS:
        assert text(tree, f"//*[@id='{section}']/h2") == heading
        content = text(tree, f"//*[@id='{section}']")
        for phrase in phrases:
            assert phrase in content, f"{phrase!r} missing from section {heading!r}"
    links = [a.get("href") for a in find(tree, "//a")]
    for url in SEED_LINKS:
        assert url in links


def test_exemption_pages_are_linked_from_their_measure(anonymous_client, demo):
    _, tree = page(anonymous_client, "/episodes/dprk-ep-8/")
    asset_freeze = next(
        m
        for m in find(tree, f"//article[{cls('measure')}]")
        if "Asset freeze on" in text(m, ".//h3")
    )
    hrefs = [a.get("href") for a in find(asset_freeze, ".//a")]
    assert hrefs == [
        "https://www.un.org/securitycouncil/sanctions/1718/exemptions-measures/assets-freeze",
        "https://www.un.org/securitycouncil/content/correspondent-account-approvals",
    ]


def test_designees_show_coded_counts_beside_counts_of_designations_in_force(anonymous_client, demo):
    regime = demo.regime
    # Delisted before the episode began: not in force during it.
    gone = DesignationFactory(
        regime=regime,
        name="GONE BEFORE",
        listed_on=datetime.date(2010, 1, 1),
        delisted_on=datetime.date(2015, 1, 1),
    )
    # Delisted during the episode: in force during it, not today.
    later = DesignationFactory(
        regime=regime,
        name="DELISTED LATER",
        listed_on=datetime.date(2016, 1, 1),
        delisted_on=datetime.date(2019, 1, 1),
    )
    publish(gone, later)

    _, tree = page(anonymous_client, "/episodes/dprk-ep-8/")
    rows = {
        row.xpath("th")[0].text_content().strip(): [
            " ".join(td.text_content().split()) for td in row.xpath("td")
        ]
        for row in find(tree, "//*[@id='designees']//tbody/tr")
    }
    # coded current, coded maximum, in force today, in force during the episode
    # The demo's real list gives the coded 80 individuals and 75 entities; the two added here
    # are not in force today, and one of them was during the episode.
    assert rows["Individuals"][:3] == ["80", "80", "80"]
    assert rows["Individuals"][3].startswith("81")
    assert rows["Entities"][:3] == ["75", "75", "75"]
    assert rows["Vessels"][:3] == ["59", "59", "1"]

    link = find(tree, "//*[@id='designees']//tbody/tr//a")[0].get("href")
    assert link.startswith("/designations/?")
    _, listed = page(anonymous_client, link)
    names = text(listed, f"//table[{cls('data')}]/tbody")
    assert "DELISTED LATER" in names
    assert "GONE BEFORE" not in names


def test_the_episode_page_cites_its_approved_version_with_a_stable_link(anonymous_client, demo):
    _, tree = page(anonymous_client, "/episodes/dprk-ep-8/")
    citation = text(tree, f"//*[{cls('citation')}]")
    today = timezone.localdate()
    assert f"approved {today.day} {today:%B %Y}" in citation
    assert "version 1" in citation
    assert "http://testserver/episodes/dprk-ep-8/versions/1/" in citation
    assert find(tree, f"//*[{cls('citation')}]//a[@href='/episodes/dprk-ep-8/history/']")
    assert "Last approved" in text(tree, "//*[@id='facts']")


def test_an_approved_version_stays_readable_after_a_new_one(
    anonymous_client, researcher, reviewer, demo
):
    edit(demo, by=researcher, narrative="A rewritten narrative, approved later.")
    services.approve(services.submit_for_review([demo], by=researcher), by=reviewer)

    _, current = page(anonymous_client, "/episodes/dprk-ep-8/")
    assert "A rewritten narrative" in text(current, "//*[@id='narrative']")
    assert "version 2" in text(current, f"//*[{cls('citation')}]")

    _, first = page(anonymous_client, "/episodes/dprk-ep-8/versions/1/")
    assert "Kim-Moon summit" in text(first, "//*[@id='narrative']")
    assert "A rewritten narrative" not in text(first, "//main")
    assert "version 1" in text(first, f"//*[{cls('notice')}]")
    assert find(first, f"//*[{cls('notice')}]//a[@href='/episodes/dprk-ep-8/']")
    # The assessments as they stood then are part of that version.
    assert "Policy outcome: 2 of 5" in text(first, "//*[@id='effectiveness']")

    _, history = page(anonymous_client, "/episodes/dprk-ep-8/history/")
    entries = text(history, f"//ol[{cls('history')}]")
    assert "version 2" in entries
    assert "Narrative revised" in entries
    assert "version 1" in entries
    assert "First publication" in entries
    hrefs = [a.get("href") for a in find(history, f"//ol[{cls('history')}]//a")]
    assert hrefs == ["/episodes/dprk-ep-8/versions/2/", "/episodes/dprk-ep-8/versions/1/"]

    page(anonymous_client, "/episodes/dprk-ep-8/versions/3/", status=404)


def test_a_published_address_never_changes(anonymous_client, researcher, reviewer, demo):
    """A slug people cite cannot be renamed by approval: the old address keeps answering."""
    demo.slug = "dprk-ep-8-renamed"
    with reversion.create_revision():
        reversion.set_user(researcher)
        demo.save()
    with pytest.raises(services.WorkflowError, match="public identifier"):
        services.approve(services.submit_for_review([demo], by=researcher), by=reviewer)

    assert anonymous_client.get("/episodes/dprk-ep-8/").status_code == 200
    assert anonymous_client.get("/episodes/dprk-ep-8-renamed/").status_code == 404
    page(anonymous_client, "/episodes/dprk-ep-8/versions/1/")


def test_a_withdrawn_episode_says_so_and_shows_nothing_of_it(
    anonymous_client, researcher, reviewer, demo
):
    request = services.submit_for_review([demo], by=researcher, action="unpublish")
    services.approve(request, by=reviewer)

    _, gone = page(anonymous_client, "/episodes/dprk-ep-8/", status=410)
    assert "withdrawn" in text(gone, "//h1")
    assert "Kim-Moon" not in gone.text_content()
    _, old = page(anonymous_client, "/episodes/dprk-ep-8/versions/1/", status=410)
    assert "Kim-Moon" not in old.text_content()
    _, history = page(anonymous_client, "/episodes/dprk-ep-8/history/")
    assert "Withdrawn from public view" in text(history, f"//ol[{cls('history')}]")
    assert not find(history, f"//ol[{cls('history')}]//a")


def test_narratives_are_rendered_from_markdown_and_sanitised(anonymous_client, db):
    EpisodeFactory(
        slug="kp-ep-md",
        narrative=(
            "First paragraph with *emphasis* and a [source](https://example.org/report).\n\n"
            "# A heading\n\n"
            '<script>alert("x")</script><a href="javascript:alert(1)">bad link</a>'
            '<img src="x" onerror="alert(1)"><p onclick="alert(1)">clicked</p>'
        ),
        published=True,
    )
    response, tree = page(anonymous_client, "/episodes/kp-ep-md/")
    narrative = find(tree, f"//*[@id='narrative']//*[{cls('prose')}]")[0]
    assert narrative.xpath(".//em")[0].text == "emphasis"
    assert narrative.xpath(".//a[@href='https://example.org/report']")
    # The narrative's own heading sits below the section's h2.
    assert narrative.xpath(".//h3")[0].text == "A heading"
    html = response.content.decode()
    assert "<script>" not in html
    assert "javascript:" not in html
    assert "onerror" not in html
    assert "onclick" not in html
    assert "<img" not in html


# --- other pages --------------------------------------------------------------------------------


def test_the_home_page_explains_and_shows_the_regimes_latest_changes_and_figures(
    anonymous_client, demo
):
    _, tree = page(anonymous_client, "/")
    assert text(tree, "//h1") == "Sanctions Atlas"
    assert "episodes" in text(tree, f"//*[{cls('lead')}]")
    assert find(tree, "//a[@href='/episodes/dprk-ep-8/']")
    assert find(tree, "//*[local-name()='svg' and contains(@class, 'timeline')]")
    figures = text(tree, "//*[@id='figures']/following-sibling::ul[1]")
    assert "8 episodes" in figures
    # The UN list of 27 March 2023 and the hand-typed vessel.
    assert "701 individuals" in figures and "254 entities" in figures and "1 vessel" in figures
    assert "1 vessels" not in figures
    shares = text(tree, "//*[@id='figures']/following-sibling::h3[1]/following-sibling::ul[1]")
    # Episode 8 is assessed (not effective); episodes 1 to 7 are not.
    assert "0% coerce effective in 0 of 1 assessed episode; 7 episodes not assessed" in shares
    assert "First publication" in text(tree, f"//ol[{cls('changes')}]")
    assert find(tree, "//form[@action='/designations/']//input[@name='q']")


def test_the_regime_page_lists_its_episodes_and_designations(anonymous_client, demo):
    _, tree = page(anonymous_client, "/regimes/KP/")
    assert "Democratic People's Republic of Korea" in text(tree, "//h1")
    assert find(tree, "//table//a[@href='/episodes/dprk-ep-8/']")
    assert "80 individuals" in text(tree, f"//*[{cls('figures')}]")
    assert find(tree, "//a[@href='/designations/?regime=KP&kind=individual']")
    assert find(tree, "//a[@href='/designations/8705539/']")
    response = anonymous_client.get("/regimes/kp/")
    assert response.status_code == 301 and response["Location"] == "/regimes/KP/"


def test_the_episode_list_filters_sorts_and_paginates(anonymous_client, demo):
    regime = RegimeFactory(code="ZZ", short_name="Testland", published=True)
    for number in range(1, 30):
        EpisodeFactory(regime=regime, number=number, start_date=datetime.date(1990 + number, 1, 1))
    publish(*regime.episodes.all())

    _, tree = page(anonymous_client, "/episodes/?regime=ZZ&ordering=-start")
    assert "29 episodes match these filters" in text(tree, f"//*[{cls('list-summary')}]")
    titles = [a.text for a in find(tree, "//tbody/tr/th/a")]
    assert titles[0] == "Testland - EP 29"
    assert len(titles) == 25
    assert find(tree, "//a[@rel='next']")
    _, second = page(anonymous_client, "/episodes/?regime=ZZ&ordering=-start&page=2")
    assert [a.text for a in find(second, "//tbody/tr/th/a")][-1] == "Testland - EP 1"

    _, dprk = page(anonymous_client, "/episodes/?purpose=signal&ongoing=true&category=commodity")
    assert [a.text for a in find(dprk, "//tbody/tr/th/a")] == ["DPRK - EP 8"]
    # The filter form keeps what was asked, so the address can be shared and refined.
    assert find(dprk, "//select[@name='purpose']/option[@value='signal'][@selected]")


@pytest.mark.parametrize(
    ("url", "parameter"),
    [
        ("/episodes/?regime=K1", "regime"),
        ("/episodes/?purpose=bribe", "purpose"),
        ("/episodes/?ongoing=maybe", "ongoing"),
        ("/episodes/?active_from=2017-13-45", "active_from"),
        ("/episodes/?ordering=-colour", "ordering"),
        ("/episodes/?colour=red", "colour"),
        ("/episodes/?format=xml", "format"),
        ("/designations/?kind=ship", "kind"),
        ("/designations/?listed_after=yesterday", "listed_after"),
        ("/designations/?in_force=perhaps", "in_force"),
        ("/assessments/?min_policy_outcome=9", "min_policy_outcome"),
        ("/assessments/?effective=sometimes", "effective"),
    ],
)
def test_a_bad_filter_value_gives_the_page_with_a_clear_message(
    anonymous_client, db, url, parameter
):
    _, tree = page(anonymous_client, url, status=400)
    summary = text(tree, f"//*[{cls('error-summary')}]")
    assert parameter in summary
    assert "could not be applied" in summary
    assert not find(tree, f"//table[{cls('data')}]/tbody/tr")  # nothing listed under a wrong filter


def test_a_bad_filter_on_a_download_is_a_plain_400(anonymous_client, db):
    response = anonymous_client.get("/episodes/?format=csv&regime=K1")
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/plain")
    assert "regime" in response.content.decode()


def test_unknown_episode_gives_a_helpful_404(anonymous_client, demo):
    _, tree = page(anonymous_client, "/episodes/dprk-ep-9/", status=404)
    assert "dprk-ep-9" in text(tree, "//h1")
    assert find(tree, "//*[@id='closest']/following-sibling::ul//a[@href='/episodes/dprk-ep-8/']")
    assert find(tree, "//form[@role='search']//input[@name='q']")


def test_unknown_designation_gives_a_helpful_404(anonymous_client, demo):
    # The real list's DPRK individuals end at KPi.080.
    _, tree = page(anonymous_client, "/designations/KPi.081/", status=404)
    suggestions = [a.get("href") for a in find(tree, "//*[@id='closest']/following-sibling::ul//a")]
    assert "/designations/KPi.080/" in suggestions
    assert find(tree, "//input[@name='q'][@value='KPi.081']")


def test_unknown_address_uses_the_site_404_page_with_debug_off(anonymous_client, settings, db):
    settings.DEBUG = False
    _, tree = page(anonymous_client, "/no/such/page/", status=404)
    assert "This page does not exist" in text(tree, "//h1")
    assert find(tree, "//form[@role='search']")


def test_the_designation_page_shows_everything_known(anonymous_client, demo):
    _, tree = page(anonymous_client, "/designations/KPe.020/")
    assert text(tree, "//h1") == "OCEAN MARITIME MANAGEMENT COMPANY, LIMITED (OMM)"
    assert "6908046" in text(tree, f"//dl[{cls('facts')}]")
    assert (
        text(tree, "//*[@id='aliases-title']/following-sibling::h3[1]") == "Also known as (a.k.a.)"
    )
    assert "Korea Mirae Shipping Co. Ltd" in text(tree, "//section")
    listing = text(tree, f"//*[{cls('listing-history')}]")
    assert "28 July 2014: listed" in listing and "26 July 2022: entry amended" in listing
    assert "Chong Chon Gang" in text(tree, f"//*[{cls('narrative')}]")
    assert "PO Box 120" in text(tree, "//main")
    assert find(tree, "//a[@href='/episodes/dprk-ep-8/']")
    assert "version 1" in text(tree, f"//*[{cls('citation')}]")

    _, vessel = page(anonymous_client, "/designations/8705539/")
    assert "SC/13542" in text(vessel, "//main")
    assert "Tanker" in text(vessel, "//main")


def test_a_vessel_links_to_its_designated_owner(anonymous_client, demo):
    owner = DesignationFactory(entity=True, reference_number="KPe.951", name="OWNER SHIPPING CO")
    vessel = DesignationFactory(vessel=True, imo_number="9114555", name="OWNED VESSEL", owner=owner)
    publish(owner, vessel)
    _, tree = page(anonymous_client, "/designations/9114555/")
    assert find(tree, "//main//a[@href='/designations/KPe.951/']")


def test_partial_dates_of_birth_are_shown_as_given(anonymous_client, demo):
    person = DesignationFactory(name="PARTIAL DATES", reference_number="KPi.950")
    BirthDateFactory(designation=person, kind="year", date=None, year=1960)
    BirthDateFactory(designation=person, kind="approximate", date=None, year=1958)
    BirthDateFactory(designation=person, kind="between", date=None, from_year=1957, to_year=1959)
    AliasFactory(designation=person, quality="low", name="LOW QUALITY NAME")
    AliasFactory(designation=person, quality="good", name="GOOD QUALITY NAME")
    publish(person)

    _, tree = page(anonymous_client, "/designations/KPi.950/")
    births = text(tree, f"//dl[{cls('facts')}]")
    assert "1960" in births and "about 1958" in births and "between 1957 and 1959" in births
    groups = [
        h.text_content() for h in find(tree, "//*[@id='aliases-title']/following-sibling::h3")
    ]
    assert groups == ["Good quality", "Low quality"]

    _, demo_person = page(anonymous_client, "/designations/KPi.066/")
    assert "between 1967 and 1969" in text(demo_person, f"//dl[{cls('facts')}]")


def test_the_comparison_highlights_differences(anonymous_client, demo):
    other = Episode.objects.get(slug="dprk-ep-7")  # the demo's, not assessed

    _, tree = page(anonymous_client, f"/compare/?episodes=dprk-ep-8,{other.slug}")
    headers = [
        th.text_content().strip() for th in find(tree, f"//table[{cls('compare')}]/thead//th")
    ]
    assert headers == ["Aspect", "DPRK - EP 8", "DPRK - EP 7"]
    rows = {
        " ".join(tr.xpath("th")[0].text_content().split()): tr
        for tr in find(tree, f"//table[{cls('compare')}]/tbody/tr[not({cls('group')})]")
    }
    assert "differs" in rows["≠ Overall (differs)"].get("class")
    assert rows["Regime"].get("class") is None
    assert "Outcome 2 (No progress)" in rows["≠ Coerce (differs)"].text_content()
    assert "Not assessed" in rows["≠ Coerce (differs)"].text_content()
    assert "Not assessed" in rows["≠ Constrain (differs)"].text_content()
    # Episode 7 records no carve-out and no consequence: "not coded", never a "No" it never said.
    cells = [
        td.text_content().strip() for td in rows["≠ Humanitarian carve-out (differs)"].xpath("td")
    ]
    assert cells == ["Yes", "not coded"]
    consequence_rows = [label for label in rows if "Humanitarian consequences" in label]
    assert consequence_rows
    for label in consequence_rows:
        cells = [td.text_content().strip() for td in rows[label].xpath("td")]
        assert cells == ["Yes", "not coded"], label
    # The chooser keeps the choice.
    assert find(tree, "//input[@value='dprk-ep-7'][@checked]")


def test_the_comparison_explains_what_it_cannot_compare(anonymous_client, demo):
    _, one = page(anonymous_client, "/compare/?episodes=dprk-ep-8", status=400)
    assert "at least two" in text(one, f"//*[{cls('error-summary')}]")
    _, unknown = page(anonymous_client, "/compare/?episodes=dprk-ep-8,dprk-ep-99", status=400)
    assert "dprk-ep-99" in text(unknown, f"//*[{cls('error-summary')}]")
    _, many = page(anonymous_client, "/compare/?episodes=a,b,c,d,e", status=400)
    assert "at most 4" in text(many, f"//*[{cls('error-summary')}]")
    _, empty = page(anonymous_client, "/compare/")
    assert find(empty, "//input[@type='checkbox'][@value='dprk-ep-8']")
    # The chooser's one-parameter-per-box submission becomes the shareable address.
    response = anonymous_client.get("/compare/?episodes=dprk-ep-8&episodes=dprk-ep-7")
    assert response.status_code == 302
    assert response["Location"] == "/compare/?episodes=dprk-ep-8,dprk-ep-7"


def test_statistics_draw_each_chart_with_its_numbers_in_a_table(anonymous_client, demo):
    _, tree = page(anonymous_client, "/statistics/")
    captions = [c.text_content() for c in find(tree, "//figure/figcaption")]
    assert len(captions) == 5
    for figure in find(tree, f"//figure[{cls('chart')}]"):
        assert figure.xpath(".//*[local-name()='svg']"), figure.xpath("figcaption")[
            0
        ].text_content()
        assert figure.xpath(f".//*[{cls('visually-hidden')}]/table/tbody/tr")
    consequences = find(tree, "//*[@id='s-consequences']/following-sibling::figure//tbody/tr")
    counts = {
        tr.xpath("th")[0].text_content(): tr.xpath("td")[-1].text_content() for tr in consequences
    }
    assert counts["Resource diversion"] == "1"
    assert len(counts) == 10
    measures = {
        tr.xpath("th")[0].text_content(): tr.xpath("td")[-1].text_content()
        for tr in find(tree, "//*[@id='s-measures']/following-sibling::figure//tbody/tr")
    }
    documents = PublishedEpisode.objects.values_list("document", flat=True)
    commodity = [m for d in documents for m in d["measures"] if m["category"] == "commodity"]
    assert measures["Commodity"] == str(len(commodity)) == "20"
    years = {
        tr.xpath("th")[0].text_content(): tr.xpath("td")[-1].text_content()
        for tr in find(tree, "//*[@id='s-designations']/following-sibling::figure//tbody/tr")
    }
    # Listings by year in the UN list of 27 March 2023 (and the vessel KUM UN SAN 3, 2018).
    assert (years["2001"], years["2017"], years["2018"]) == ("143", "69", "55")


def test_the_downloads_page_documents_every_column(anonymous_client, demo):
    from public.exports.tables import TABLES

    _, tree = page(anonymous_client, reverse("episodes:downloads"))
    for table in TABLES.values():
        documented = [
            code.text
            for code in find(
                tree, f"//*[@id='table-{table.name}']/following-sibling::details//tbody//th/code"
            )
        ]
        assert documented == table.column_names
    assert find(tree, "//a[@href='/downloads/sanctions-atlas.zip']")


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/regimes/",
        "/episodes/",
        "/designations/",
        "/assessments/",
        "/compare/",
        "/statistics/",
        "/downloads/",
    ],
)
def test_every_page_reads_well_before_anything_is_published(anonymous_client, db, url):
    _, tree = page(anonymous_client, url)
    assert len(find(tree, "//h1")) == 1


def test_the_cached_home_page_shows_a_new_approval_at_once(anonymous_client, demo):
    first = anonymous_client.get("/").content.decode()
    assert "CACHED PAGE TEST EPISODE" not in first
    EpisodeFactory(title="CACHED PAGE TEST EPISODE", published=True)
    assert "CACHED PAGE TEST EPISODE" in anonymous_client.get("/").content.decode()
    assert "CACHED PAGE TEST EPISODE" in anonymous_client.get("/statistics/").content.decode()
