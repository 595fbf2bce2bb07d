"""Every UN sanctions regime since 1966, as the migrations seed them (working copy, not public)."""

import datetime
import gzip
import re
import xml.etree.ElementTree as ET

import pytest
from django.core.exceptions import ValidationError

from episodes.models import REGIME_CODE_ANY_CASE_PATTERN, PublishedRegime, Regime
from ops.demo import episode as demo

pytestmark = pytest.mark.django_db

RESOLUTION = re.compile(r"^S/RES/(\d{1,4}) \((\d{4})\)$")
# The reference-number prefixes of the UN consolidated list of 27 March 2023.
PREFIXES_2023 = {"SO", "QD", "IQ", "CD", "SD", "KP", "LY", "TA", "GB", "CF", "YE", "SS", "HT"}
PREFIXES_2023 |= {"ML", "IR"}


def test_every_regime_since_1966_is_seeded_once():
    assert Regime.objects.count() == 32
    assert Regime.objects.order_by("established_on").first().code == "232"
    assert not PublishedRegime.objects.exists()  # public only once a reviewer approves them


def test_every_regime_has_its_establishing_resolution_date_and_sources():
    for regime in Regime.objects.all():
        match = RESOLUTION.match(regime.established_by)
        assert match, regime.code
        assert regime.established_on and regime.established_on.year == int(match[2]), regime.code
        assert regime.established_by in regime.sources, regime.code
        if regime.terminated_by:
            assert RESOLUTION.match(regime.terminated_by), regime.code
            assert regime.terminated_by in regime.sources, regime.code
            assert regime.terminated_on, regime.code
        if regime.terminated_on:
            assert regime.terminated_on >= regime.established_on, regime.code


def test_codes_are_the_un_prefix_or_the_establishing_resolution_number():
    codes = list(Regime.objects.values_list("code", flat=True))
    assert len(codes) == len(set(codes))
    for regime in Regime.objects.all():
        regime.full_clean()
        if not regime.un_prefix:
            assert regime.code == RESOLUTION.match(regime.established_by)[1]


def test_un_prefixes_are_those_of_the_2023_list():
    assert {r.un_prefix for r in Regime.objects.all()} - {""} == PREFIXES_2023
    with gzip.open(demo.UN_LIST) as stream:
        references = [e.text for e in ET.parse(stream).iter("REFERENCE_NUMBER") if e.text]
    in_the_list = {re.match(r"^([A-Z]{2,4})[ie]\.", r.strip())[1] for r in references}
    assert in_the_list <= PREFIXES_2023


def test_the_fifteen_first_regimes_are_updated_in_place():
    somalia = Regime.objects.get(code="SO")
    assert somalia.established_by == "S/RES/733 (1992)"
    assert somalia.established_on == datetime.date(1992, 1, 23)
    assert somalia.committee == "751 Committee"
    assert Regime.objects.filter(short_name="Iraq").count() == 1


def test_targets_are_countries_or_thematic():
    for regime in Regime.objects.all():
        assert regime.target, regime.code
        assert bool(regime.target_country_codes) != regime.is_thematic, regime.code
    assert list(Regime.objects.filter(is_thematic=True).values_list("code", flat=True)) == ["QD"]
    assert Regime.objects.get(code="713").target_country_codes == [
        "SVN",
        "HRV",
        "BIH",
        "SRB",
        "MNE",
        "MKD",
    ]


def test_in_force_on_a_day():
    rhodesia, dprk = Regime.objects.get(code="232"), Regime.objects.get(code="KP")
    assert rhodesia.in_force_on(datetime.date(1979, 12, 21))
    assert not rhodesia.in_force_on(datetime.date(1979, 12, 22))
    assert not dprk.in_force_on(datetime.date(2006, 10, 13))
    assert dprk.in_force_on(datetime.date(2030, 1, 1))
    in_force = {r.code for r in Regime.objects.all() if r.in_force_on(datetime.date(2023, 3, 27))}
    assert in_force == {"SO", "QD", "IQ", "CD", "SD", "1636", "KP", "LY", "TA", "GB", "CF"} | {
        "YE",
        "SS",
        "ML",
        "HT",
    }


@pytest.mark.parametrize("code", ["kp", "K1", "12345", "R232", ""])
def test_a_code_that_is_neither_a_prefix_nor_a_resolution_number_is_refused(code):
    regime = Regime(code=code, short_name="X", name="X")
    with pytest.raises(ValidationError) as error:
        regime.full_clean()
    assert "code" in error.value.message_dict


@pytest.mark.parametrize("countries", ["prk", "PRK ", "PRK;KOR", "PR", "PRK,"])
def test_target_countries_must_be_alpha_3_codes(countries):
    regime = Regime(code="99", short_name="X", name="X", target_countries=countries)
    with pytest.raises(ValidationError) as error:
        regime.full_clean()
    assert "target_countries" in error.value.message_dict


def test_public_links_and_filters_accept_every_code_in_any_case():
    pattern = re.compile(REGIME_CODE_ANY_CASE_PATTERN)
    for code in Regime.objects.values_list("code", flat=True):
        assert pattern.match(code) and pattern.match(code.lower()), code
    assert not pattern.match("K1") and not pattern.match("12345")
