"""An assessment written by one researcher says so everywhere the public reads it: one coder,
and agreement needs two. (A round of several coders: tests/assessments/test_coding_round.py.)"""

import csv
import io

import pytest

from tests.api.conftest import get_json

pytestmark = pytest.mark.django_db


def test_one_coder_says_agreement_needs_two(anonymous_client, demo):
    page = anonymous_client.get(f"/episodes/{demo.slug}/").content.decode()
    section = page.split('id="effectiveness-coerce"', 1)[1].split("</section>", 1)[0]
    assert "Coded by one expert</strong>: agreement needs two coders." in section
    listed = anonymous_client.get("/assessments/").content.decode()
    assert "1 expert: agreement needs two coders" in listed

    rows = get_json(anonymous_client, "/api/assessments/")["results"]
    assert rows and all(row["coders"] == 1 for row in rows)
    assert all(row["policy_outcome_alpha"] is None for row in rows)
    assert all(row["consequences_units"] == 0 for row in rows)

    statistics = anonymous_client.get("/statistics/").content.decode()
    table = statistics.split('id="agreement-caption"', 1)[1].split("</table>", 1)[0]
    assert table.count("needs two coders") == 3

    codings = anonymous_client.get("/downloads/codings.csv")
    lines = list(csv.reader(io.StringIO(b"".join(codings.streaming_content).decode())))
    assert lines == [
        [
            "episode",
            "purpose",
            "round",
            "coder",
            "policy_outcome_score",
            "sanctions_contribution_score",
            "consequences",
        ]
    ]
