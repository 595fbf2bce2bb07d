"""The list's dates: the quick path for plain ``YYYY-MM-DD`` reads exactly what the full rule
reads, for any text."""

import datetime

from hypothesis import example, given
from hypothesis import strategies as st

from designations.importing.text import _iso_date_by_the_rule, iso_date


def test_the_list_s_forms_of_a_date():
    assert iso_date("2015-04-14") == datetime.date(2015, 4, 14)
    assert iso_date(" 2015-04-14-04:00 ") == datetime.date(2015, 4, 14)
    assert iso_date("2015-02-30") is None
    assert iso_date("2015-W01-1") is None  # an ISO week date, which date.fromisoformat reads
    assert iso_date("20150414") is None  # ISO's basic form, which it reads too


@given(
    st.one_of(
        st.text(max_size=16),
        st.dates().map(datetime.date.isoformat),
        st.from_regex(r"\A[0-9٠-٩０-９W+-]{4}-[0-9٠-٩W-]{2}-[0-9٠-٩-]{2}\Z"),
    )
)
@example("２０１５-04-14")
@example("2015-04-1 ")
def test_the_quick_path_reads_what_the_rule_reads(text):
    assert iso_date(text) == _iso_date_by_the_rule(text)
