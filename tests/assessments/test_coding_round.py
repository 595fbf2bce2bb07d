"""A coding round played through, as its people would in the admin and on the review page.

Two researchers code one episode purpose blind, their agreement matches the krippendorff package,
a third researcher reconciles the consensus, the coders and the reconciler cannot approve it, a
reviewer does, and the published assessment says how many coded it and how far they agreed.
"""

import csv
import io
import re
import zipfile

import krippendorff
import numpy as np
import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from assessments import agreement
from assessments.models import CodingRound, EffectivenessAssessment, PublishedAssessment
from editorial.models import ChangeRequest
from tests.api.conftest import get_json
from tests.assessments.conftest import change_url, client_for, code_in_admin, coding_of, present
from tests.assessments.test_blindness import assert_blind, public_text
from tests.forms import form_data

pytestmark = pytest.mark.django_db

RITA_SAYS = "Rita reads it so: the freeze bit in 2018"
OSCAR_SAYS = "Oscar reads it so: the talks did it"
CONSENSUS = "Agreed reading: the talks mattered more than the freeze"


def decide(user, change_request, decision="approve"):
    client = client_for(user)
    response = client.post(
        reverse("editorial:decide", args=[change_request.pk]),
        {"decision": decision, "comment": ""},
        follow=True,
    )
    return [str(m) for m in response.context["messages"]]


def test_a_coding_round_from_opening_to_the_published_agreement(
    episode,
    researcher,
    other_researcher,
    third_researcher,
    reviewer,
    anonymous_client,
):
    # Researchers who also review: only the four-eyes rule keeps them from approving.
    for user in (researcher, other_researcher, third_researcher):
        user.groups.add(Group.objects.get(name="Reviewers"))

    # A reviewer opens the round for the episode's coerce purpose, with two coders.
    page = client_for(reviewer).get(reverse("admin:assessments_codinground_add"))
    data = form_data(page, "codinground_form")
    data.update(
        episode=str(episode.pk),
        purpose="coerce",
        coders=[str(researcher.pk), str(other_researcher.pk)],
    )
    assert (
        client_for(reviewer).post(reverse("admin:assessments_codinground_add"), data).status_code
        == 302
    )
    coding_round = CodingRound.objects.get(episode=episode, purpose="coerce")
    rita, oscar = coding_of(coding_round, researcher), coding_of(coding_round, other_researcher)

    # Each codes alone; neither can open the other's coding while the round is open.
    code_in_admin(
        client_for(researcher),
        rita,
        policy_outcome_score=2,
        policy_outcome=RITA_SAYS,
        sanctions_contribution_score=3,
        sanctions_contribution=RITA_SAYS,
        consequences=["resource-diversion", "humanitarian-consequences"],
    )
    assert client_for(other_researcher).get(change_url(rita)).status_code == 302
    assert (
        RITA_SAYS
        not in client_for(other_researcher)
        .get(
            reverse("admin:assessments_codinground_reconcile", args=[coding_round.pk]), follow=True
        )
        .content.decode()
    )
    code_in_admin(
        client_for(other_researcher),
        oscar,
        submit=False,  # a draft first: both have coded, neither may see the other's coding
        policy_outcome_score=3,
        policy_outcome=OSCAR_SAYS,
        sanctions_contribution_score=3,
        sanctions_contribution=OSCAR_SAYS,
        consequences=["resource-diversion"],
    )
    # At every staff URL (lists, change pages, history, diffs, recovery, reconciliation, the
    # review queue) and every public one (pages, API, CSV, data package, codebook).
    assert_blind(researcher, oscar, coding_round, OSCAR_SAYS)
    assert_blind(other_researcher, rita, coding_round, RITA_SAYS)
    public = public_text(anonymous_client, episode.slug)
    assert RITA_SAYS not in public and OSCAR_SAYS not in public
    code_in_admin(client_for(other_researcher), oscar, policy_outcome=OSCAR_SAYS)
    coding_round.refresh_from_db()
    assert coding_round.status == CodingRound.Status.CLOSED

    # Their agreement is the krippendorff package's on the same data.
    expected = {
        "policy_outcome": krippendorff.alpha(
            reliability_data=np.array([[2.0], [3.0]]),
            level_of_measurement="ordinal",
            value_domain=[1, 2, 3, 4, 5],
        ),
        "consequences": krippendorff.alpha(
            reliability_data=np.array(
                [
                    present(["resource-diversion", "humanitarian-consequences"]),
                    present(["resource-diversion"]),
                ],
                dtype=float,
            ),
            level_of_measurement="nominal",
        ),
    }
    summary = coding_round.summary
    assert summary["coders"] == 2
    for variable, alpha in expected.items():
        assert summary["agreement"][variable] == pytest.approx(alpha, abs=5e-5), variable
    assert summary["agreement"]["sanctions_contribution"] is None  # both said 3: no variation

    # A third researcher reconciles on the side-by-side page, prefilled from the codings.
    reconcile_url = reverse("admin:assessments_codinground_reconcile", args=[coding_round.pk])
    page = client_for(third_researcher).get(reconcile_url)
    text = page.content.decode()
    assert RITA_SAYS in text and OSCAR_SAYS in text
    data = form_data(page)
    assert data["policy_outcome_score"] == "2"  # the lower median of 2 and 3
    data.update(policy_outcome=CONSENSUS, sanctions_contribution=CONSENSUS, comment="Consensus")
    response = client_for(third_researcher).post(reconcile_url, data)
    assert response.status_code == 302
    assessment = EffectivenessAssessment.objects.get(episode=episode, purpose="coerce")
    assert assessment.coding_round == coding_round
    coding_round.refresh_from_db()
    assert coding_round.reconciled_by == third_researcher
    change_request = ChangeRequest.objects.get(submitted_by=third_researcher)
    assert change_request.items.get().object_repr == str(assessment)

    # Nobody who coded or reconciled approves it.
    for coder in (researcher, other_researcher):
        assert any("coding round you coded in" in m for m in decide(coder, change_request)), coder
    assert any("four-eyes" in m for m in decide(third_researcher, change_request))
    change_request.refresh_from_db()
    assert change_request.status == ChangeRequest.Status.SUBMITTED

    # A reviewer who took no part approves; the public document shows coders and agreement.
    decide(reviewer, change_request)
    change_request.refresh_from_db()
    assert change_request.status == ChangeRequest.Status.APPROVED
    published = PublishedAssessment.objects.get(object_id=assessment.pk)
    assert published.document["coding"] == summary
    assert published.coding_round_id == coding_round.pk
    body = get_json(anonymous_client, f"/api/episodes/{episode.slug}/")
    (coerce,) = [a for a in body["assessments"] if a["purpose"] == "coerce"]
    assert coerce["coding"]["coders"] == 2
    assert coerce["coding"]["agreement"]["policy_outcome"] == pytest.approx(
        expected["policy_outcome"], abs=5e-5
    )
    assert coerce["policy_outcome"]["narrative"] == CONSENSUS
    public = get_json(anonymous_client, f"/api/episodes/{episode.slug}/")
    assert RITA_SAYS not in str(public) and OSCAR_SAYS not in str(public)

    # For the statistics page and the data package: dataset-wide alpha and pseudonymous rows.
    dataset = agreement.dataset_agreement()
    assert dataset["policy_outcome"]["units"] == 1
    assert dataset["policy_outcome"]["alpha"] == pytest.approx(expected["policy_outcome"])
    rows = {row["coder"]: row for row in agreement.published_coding_rows()}
    assert set(rows) == {
        agreement.pseudonym(researcher.pk),
        agreement.pseudonym(other_researcher.pk),
    }
    ritas = rows[agreement.pseudonym(researcher.pk)]
    assert ritas["consequences"] == "resource-diversion|humanitarian-consequences"
    assert ritas["episode"] == episode.slug and ritas["policy_outcome_score"] == 2
    assert "rita" not in str(rows).lower() and "oscar" not in str(rows).lower()

    # The public side shows the same, read from the published state only.
    alpha = f"{expected['policy_outcome']:.2f}"
    page = anonymous_client.get(f"/episodes/{episode.slug}/").content.decode()
    section = page.split('id="effectiveness-coerce"', 1)[1].split("</section>", 1)[0]
    assert "Coded independently by 2 experts" in section
    assert f"Policy outcome: α = {alpha}; 0% agreement; 1 unit" in section
    assert "Sanctions contribution: α = undefined (no variation); 100% agreement" in section
    assert RITA_SAYS not in page and OSCAR_SAYS not in page
    listed = anonymous_client.get("/assessments/").content.decode()
    assert f"2 experts: policy outcome α {alpha} (0%, 1 unit)" in listed
    row = get_json(anonymous_client, "/api/assessments/")["results"][0]
    assert row["coders"] == 2 and row["policy_outcome_units"] == 1
    assert row["policy_outcome_alpha"] == pytest.approx(expected["policy_outcome"], abs=5e-5)
    assert row["sanctions_contribution_alpha"] is None
    assert row["sanctions_contribution_percent_agreement"] == 100.0
    api_csv = b"".join(
        anonymous_client.get("/api/assessments/", {"format": "csv"}).streaming_content
    ).decode()
    (csv_row,) = csv.DictReader(io.StringIO(api_csv))
    assert csv_row["coders"] == "2" and csv_row["sanctions_contribution_alpha"] == ""
    statistics = anonymous_client.get("/statistics/").content.decode()
    table = statistics.split('id="agreement-caption"', 1)[1].split("</table>", 1)[0]
    assert f"<td>{expected['policy_outcome']:.3f}</td>" in table
    assert f"<td>{expected['consequences']:.3f}</td>" in table

    archive = zipfile.ZipFile(
        io.BytesIO(anonymous_client.get("/downloads/sanctions-atlas.zip").content)
    )
    (folder,) = {name.split("/", 1)[0] for name in archive.namelist()}  # one top folder
    codings = list(csv.DictReader(io.StringIO(archive.read(f"{folder}/data/codings.csv").decode())))
    assert {(r["coder"], r["policy_outcome_score"]) for r in codings} == {
        (agreement.pseudonym(researcher.pk), "2"),
        (agreement.pseudonym(other_researcher.pk), "3"),
    }
    everything = "".join(archive.read(name).decode() for name in archive.namelist())
    for user in (researcher, other_researcher, third_researcher):
        for name in filter(None, (user.username, user.first_name, user.get_full_name())):
            assert not re.search(rf"\b{re.escape(name)}\b", everything, re.IGNORECASE), name
        assert f"coder-{user.pk}," not in everything
    assert RITA_SAYS not in everything and OSCAR_SAYS not in everything
    (assessed,) = csv.DictReader(
        io.StringIO(archive.read(f"{folder}/data/assessments.csv").decode())
    )
    assert assessed["coders"] == "2" and assessed["policy_outcome_units"] == "1"
