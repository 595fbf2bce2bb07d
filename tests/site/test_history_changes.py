"""The public history shows what changed between two approved versions, never what was withdrawn."""

import pytest

from editorial import services
from tests.factories import EpisodeFactory, RegimeFactory
from tests.workflow import edit, factory_researcher, factory_reviewer, publish

pytestmark = pytest.mark.django_db


def _history(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_each_version_says_what_changed_since_the_one_before(anonymous_client, researcher):
    regime = RegimeFactory(code="ZZ")
    episode = EpisodeFactory(regime=regime, number=3, slug="zz-ep-3", summary="A first summary.")
    publish(regime, episode)
    edit(episode, by=researcher, summary="A better summary.", overall_effectiveness="low")
    publish(episode)

    page = _history(anonymous_client, "/episodes/zz-ep-3/history/")

    assert page.count("What changed since version") == 1
    changes = page.split("What changed since version 1</summary>")[1].split("</details>")[0]
    assert '<th scope="col">Version 1</th><th scope="col">Version 2</th>' in changes
    assert "Summary" in changes and "<del>A first summary.</del>" in changes
    assert "<ins>A better summary.</ins>" in changes
    assert "Overall effectiveness" in changes


def test_no_version_is_compared_with_a_withdrawn_one(anonymous_client, researcher):
    regime = RegimeFactory(code="ZZ")
    episode = EpisodeFactory(regime=regime, number=3, slug="zz-ep-3", summary="SECRET BEFORE.")
    publish(regime, episode)
    withdrawal = services.submit_for_review([episode], by=factory_researcher(), action="unpublish")
    services.approve(withdrawal, by=factory_reviewer())
    edit(episode, by=researcher, summary="Back, rewritten.")
    publish(episode)

    page = _history(anonymous_client, "/episodes/zz-ep-3/history/")

    assert "What changed since version" not in page
    assert "SECRET BEFORE." not in page


def test_each_version_gives_the_researcher_s_reason_and_a_withdrawal_none(
    anonymous_client, researcher
):
    regime = RegimeFactory(code="ZZ")
    episode = EpisodeFactory(regime=regime, number=3, slug="zz-ep-3", summary="A first summary.")
    publish(regime, episode)
    edit(
        episode,
        by=researcher,
        comment="Corrected from the 2018 panel report (S/2018/171).",
        summary="A better summary.",
    )
    publish(episode)
    page = _history(anonymous_client, "/episodes/zz-ep-3/history/")
    assert "Reason given: Corrected from the 2018 panel report (S/2018/171)." in page

    edit(episode, by=researcher, comment="WITHDRAWN BECAUSE OF A SECRET.", summary="Gone.")
    withdrawal = services.submit_for_review([episode], by=factory_researcher(), action="unpublish")
    services.approve(withdrawal, by=factory_reviewer())
    page = _history(anonymous_client, "/episodes/zz-ep-3/history/")
    assert "WITHDRAWN BECAUSE OF A SECRET" not in page
