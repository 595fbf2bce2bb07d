"""Published data for the public-site tests, built through the real workflow."""

import datetime

import pytest

from tests import workflow
from tests.factories import (
    AliasFactory,
    AssessmentFactory,
    BirthDateFactory,
    ConsequenceFactory,
    DesignationFactory,
    DocumentFactory,
    EpisodeFactory,
    RegimeFactory,
    ResolutionFactory,
)


def publish_world(*, episodes: int, designations: int, regime_code: str = "KP"):
    """A published regime with ``episodes`` full episodes (each assessed for two purposes, with a
    resolution, a document and a consequence) and ``designations`` designations of every kind."""
    regime = RegimeFactory(code=regime_code)
    created = []
    for index in range(episodes):
        episode = EpisodeFactory(
            regime=regime,
            start_date=datetime.date(2000 + index % 20, 1 + index % 12, 1),
            end_date=None if index % 3 == 0 else datetime.date(2021, 1, 1),
        )
        ResolutionFactory(episode=episode)
        DocumentFactory(episode=episode)
        ConsequenceFactory(episode=episode)
        created.append(episode)
    assessments = [
        AssessmentFactory(episode=episode, purpose=purpose)
        for episode in created
        for purpose in ("coerce", "constrain")
    ]
    people = []
    for index in range(designations):
        kind = ("individual", "entity", "vessel")[index % 3]
        designation = DesignationFactory(
            regime=regime,
            listed_on=datetime.date(2006 + index % 15, 6, 1),
            **(
                {"entity": True}
                if kind == "entity"
                else {"vessel": True}
                if kind == "vessel"
                else {}
            ),
        )
        if kind == "individual":
            AliasFactory(designation=designation)
            BirthDateFactory(designation=designation)
        people.append(designation)
    workflow.publish(regime, *created, *assessments, *people)
    return {"regime": regime, "episodes": created, "designations": people}


@pytest.fixture
def many(db):
    """Enough published rows that an N+1 query would show (more than a page would need: the
    growth test in test_queries.py compares two sizes): 6 episodes, 12 designations."""
    return publish_world(episodes=6, designations=12)
