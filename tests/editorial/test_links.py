"""``editorial.links.link`` is ``reverse`` for every identifier, under any script prefix."""

import pytest
from django.urls import NoReverseMatch, clear_script_prefix, reverse, set_script_prefix
from hypothesis import given, settings
from hypothesis import strategies as st

from editorial.links import KEY, SLUG, link

VIEWS = [("episodes:detail", SLUG), ("designations:detail", KEY)]
IDENTIFIERS = st.text(alphabet="aZ09-_.~ %/:@éκ?#", min_size=0, max_size=12)


def _either(function, *args):
    try:
        return function(*args)
    except NoReverseMatch:
        return NoReverseMatch


@pytest.mark.parametrize(("view", "plain"), VIEWS)
@settings(deadline=None)  # the first call loads the URLconf
@given(identifier=IDENTIFIERS, prefix=st.sampled_from(["/", "/atlas/"]))
def test_a_link_is_what_reverse_gives(view, plain, identifier, prefix):
    set_script_prefix(prefix)
    try:
        expected = _either(lambda: reverse(view, args=[identifier]))
        assert _either(link, view, identifier, plain) == expected
    finally:
        clear_script_prefix()


def test_a_plain_identifier_is_put_in_place():
    assert link("episodes:detail", "dprk-ep-8") == "/episodes/dprk-ep-8/"
    assert link("designations:detail", "KPi.033", KEY) == "/designations/KPi.033/"
    assert link("designations:detail", "KP i.33", KEY) == "/designations/KP%20i.33/"  # reversed
    with pytest.raises(NoReverseMatch):
        link("designations:detail", "KP/33", KEY)
