"""Agreement is Krippendorff's alpha from the krippendorff package, laid out as the codebook says."""

import krippendorff
import numpy as np
import pytest

from assessments import agreement, coding
from assessments.models import CodingRound
from tests.assessments.conftest import change_url, client_for, coding_of, fill, present
from tests.factories import EpisodeFactory

pytestmark = pytest.mark.django_db


def test_a_round_of_two_coders_matches_the_krippendorff_package(
    coding_round, researcher, other_researcher
):
    fill(
        coding_of(coding_round, researcher),
        policy_outcome_score=2,
        sanctions_contribution_score=3,
        consequences=["resource-diversion", "humanitarian-consequences"],
    )
    fill(
        coding_of(coding_round, other_researcher),
        policy_outcome_score=3,
        sanctions_contribution_score=3,
        consequences=["resource-diversion"],
    )
    coding_round.refresh_from_db()

    summary = coding_round.summary
    assert coding_round.status == CodingRound.Status.CLOSED  # the last submission closed it
    assert summary["coders"] == 2
    expected_consequences = krippendorff.alpha(
        reliability_data=np.array(
            [
                present(["resource-diversion", "humanitarian-consequences"]),
                present(["resource-diversion"]),
            ],
            dtype=float,
        ),
        level_of_measurement="nominal",
    )
    expected_outcome = krippendorff.alpha(
        reliability_data=np.array([[2.0], [3.0]]),
        level_of_measurement="ordinal",
        value_domain=[1, 2, 3, 4, 5],
    )
    assert summary["agreement"]["consequences"] == pytest.approx(expected_consequences, abs=5e-5)
    assert summary["agreement"]["policy_outcome"] == pytest.approx(expected_outcome, abs=5e-5)
    # The same score from both: no variation, so alpha is undefined (null), agreement complete.
    assert summary["agreement"]["sanctions_contribution"] is None
    # By hand: 11 of the 12 consequences agree; the outcome scores differ; the contributions agree.
    assert summary["agreement"]["percent_agreement"] == {
        "policy_outcome": 0.0,
        "sanctions_contribution": 100.0,
        "consequences": round(100 * 11 / 12, 1),
    }
    assert summary["agreement"]["units"] == {
        "policy_outcome": 1,
        "sanctions_contribution": 1,
        "consequences": 12,
    }


def test_percent_agreement_counts_agreeing_pairs_of_coders():
    # Three coders on one unit (2, 2, 3): of the 3 pairs one agrees. A second unit has only one
    # coder, so it is not pairable and does not count.
    result = agreement.measure([[2, 4], [2, None], [3, None]], "policy_outcome")

    assert result.percent_agreement == pytest.approx(100 / 3)
    assert result.units == 1
    assert result.alpha == pytest.approx(
        krippendorff.alpha(
            reliability_data=np.array([[2, 4], [2, np.nan], [3, np.nan]], dtype=float),
            level_of_measurement="ordinal",
            value_domain=[1, 2, 3, 4, 5],
        )
    )


def test_a_round_with_one_coder_says_it_needs_two(coding_round, researcher, reviewer):
    fill(
        coding_of(coding_round, researcher), policy_outcome_score=2, sanctions_contribution_score=3
    )
    coding.close_round(coding_round, by=reviewer)
    coding_round.refresh_from_db()

    assert coding_round.summary["coders"] == 1
    assert coding_round.summary["agreement"]["policy_outcome"] is None
    assert coding_round.summary["agreement"]["consequences"] is None
    assert coding_round.summary["agreement"]["percent_agreement"]["policy_outcome"] is None
    assert coding_round.summary["agreement"]["units"]["policy_outcome"] == 0
    page = client_for(reviewer).get(change_url(coding_round))
    assert agreement.NEEDS_TWO in page.content.decode()


def test_the_dataset_wide_alpha_takes_every_closed_round_as_a_unit(
    researcher, other_researcher, third_researcher, reviewer
):
    scores = {  # round -> coder -> (policy outcome, sanctions contribution, consequences)
        0: {researcher: (2, 3, ["resource-diversion"]), other_researcher: (2, 4, [])},
        1: {researcher: (4, 4, []), third_researcher: (5, 4, [])},
        2: {other_researcher: (1, 2, ["other"]), third_researcher: (2, 1, ["other"])},
    }
    for coded in scores.values():
        episode = EpisodeFactory()
        coding_round = coding.open_round(
            episode=episode, purpose="coerce", coders=list(coded), by=reviewer
        )
        for user, (outcome, contribution, consequences) in coded.items():
            codings = coding_of(coding_round, user)
            fill(
                codings,
                policy_outcome_score=outcome,
                sanctions_contribution_score=contribution,
                consequences=consequences,
            )
    # An open round does not count.
    coding.open_round(
        episode=EpisodeFactory(),
        purpose="coerce",
        coders=[researcher, other_researcher],
        by=reviewer,
    )

    result = agreement.dataset_agreement(CodingRound.objects.all())

    coders = [researcher, other_researcher, third_researcher]

    def matrix(position):
        return np.array(
            [
                [
                    scores[index][user][position] if user in scores[index] else np.nan
                    for index in scores
                ]
                for user in coders
            ],
            dtype=float,
        )

    for position, variable in enumerate(("policy_outcome", "sanctions_contribution")):
        expected = krippendorff.alpha(
            reliability_data=matrix(position),
            level_of_measurement="ordinal",
            value_domain=[1, 2, 3, 4, 5],
        )
        assert result[variable]["alpha"] == pytest.approx(expected), variable
        assert result[variable]["units"] == 3
    # Policy outcome by hand: round 0 agrees (2, 2); rounds 1 and 2 do not.
    assert result["policy_outcome"]["percent_agreement"] == pytest.approx(100 / 3)

    consequence_rows = np.array(
        [
            sum(
                (
                    present(scores[index][user][2]) if user in scores[index] else [np.nan] * 12
                    for index in scores
                ),
                [],
            )
            for user in coders
        ],
        dtype=float,
    )
    assert result["consequences"]["alpha"] == pytest.approx(
        krippendorff.alpha(reliability_data=consequence_rows, level_of_measurement="nominal")
    )
    assert result["consequences"]["units"] == 36
    # By hand: every pair agrees except on resource diversion in round 0.
    assert result["consequences"]["percent_agreement"] == pytest.approx(100 * 35 / 36)


def test_pseudonyms_are_stable_keyed_and_never_names(researcher, other_researcher, settings):
    first = agreement.pseudonym(researcher.pk)

    assert first == agreement.pseudonym(researcher.pk)
    assert first.startswith("coder-") and len(first) == len("coder-") + 10
    assert first != agreement.pseudonym(other_researcher.pk)
    assert researcher.username not in first
    settings.SECRET_KEY = "another-test-only-key"
    assert agreement.pseudonym(researcher.pk) != first
