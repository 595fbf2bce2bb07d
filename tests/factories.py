"""factory_boy factories. ``published=True`` sends the object through the real workflow."""

import datetime

import factory
from factory.django import DjangoModelFactory

from assessments.models import EffectivenessAssessment, EpisodeConsequence, UnintendedConsequence
from designations.models import Alias, BirthDate, Designation, IdentityDocument
from episodes.models import (
    ConflictType,
    Episode,
    EpisodeConflictType,
    EpisodeDocument,
    EpisodeInstrument,
    EpisodePurpose,
    EpisodeTarget,
    MeasureSubtype,
    Objective,
    PolicyInstrument,
    PurposeObjective,
    Regime,
    Resolution,
    SanctionMeasure,
    TargetType,
)
from tests import workflow


class PublishedTrait:
    """Mixin: ``published=True`` publishes the object after its children exist."""

    @factory.post_generation
    def published(obj, create, extracted, **kwargs):
        if create and extracted:
            workflow.publish(obj)


class RegimeFactory(DjangoModelFactory):
    class Meta:
        model = Regime
        django_get_or_create = ["code"]
        skip_postgeneration_save = True

    code = "KP"
    short_name = factory.LazyAttribute(lambda o: o.code)
    name = factory.LazyAttribute(lambda o: f"Regime {o.code}")
    committee = "Test Committee"

    @factory.post_generation
    def published(obj, create, extracted, **kwargs):
        if create and extracted:
            workflow.publish(obj)


class EpisodeFactory(DjangoModelFactory):
    class Meta:
        model = Episode
        skip_postgeneration_save = True

    regime = factory.SubFactory(RegimeFactory)
    number = factory.Sequence(lambda n: 100 + n)
    title = factory.LazyAttribute(lambda o: f"{o.regime.short_name} - EP {o.number}")
    slug = factory.LazyAttribute(lambda o: f"{o.regime.code.lower()}-ep-{o.number}")
    summary = "A test episode."
    start_date = datetime.date(2017, 12, 22)
    narrative = "The original narrative of this episode."
    population_impact = "medium"
    overall_effectiveness = "mixed"

    primary = factory.RelatedFactory(
        "tests.factories.PurposeFactory",
        factory_related_name="episode",
        purpose="coerce",
        is_primary=True,
    )
    measure = factory.RelatedFactory(
        "tests.factories.MeasureFactory", factory_related_name="episode"
    )

    @factory.post_generation
    def published(obj, create, extracted, **kwargs):
        if create and extracted:
            workflow.publish(obj)


class PurposeFactory(DjangoModelFactory):
    class Meta:
        model = EpisodePurpose

    episode = factory.SubFactory(EpisodeFactory, primary=None)
    purpose = "constrain"
    objective = factory.LazyAttribute(lambda o: f"Objective to {o.purpose}.")
    is_primary = False


class ResolutionFactory(DjangoModelFactory):
    class Meta:
        model = Resolution

    episode = factory.SubFactory(EpisodeFactory)
    number = factory.Sequence(lambda n: 3000 + n)
    year = 2017
    adopted_on = datetime.date(2017, 12, 22)
    role = "opens"


class MeasureFactory(DjangoModelFactory):
    class Meta:
        model = SanctionMeasure

    episode = factory.SubFactory(EpisodeFactory, measure=None)
    category = "commodity"
    subtype = factory.LazyFunction(lambda: MeasureSubtype.objects.get(slug="coal"))
    title = factory.Sequence(lambda n: f"Measure {n}")
    application = "mandatory"


class DocumentFactory(DjangoModelFactory):
    class Meta:
        model = EpisodeDocument

    episode = factory.SubFactory(EpisodeFactory)
    kind = "panel_reports"
    title = factory.Sequence(lambda n: f"Document {n}")
    url = "https://www.un.org/securitycouncil/sanctions/1718/panel_experts/reports"


def _coded(model, code):
    return factory.LazyFunction(lambda: model.objects.get(code=code))


class ConflictTypeRowFactory(DjangoModelFactory):
    """A type of conflict coded on an episode (``conflict_type__code`` picks another value)."""

    class Meta:
        model = EpisodeConflictType

    episode = factory.SubFactory(EpisodeFactory)
    conflict_type = _coded(ConflictType, "non-proliferation")


class TargetRowFactory(DjangoModelFactory):
    class Meta:
        model = EpisodeTarget

    episode = factory.SubFactory(EpisodeFactory)
    target = _coded(TargetType, "government")


class ObjectiveRowFactory(DjangoModelFactory):
    """An objective under the episode's coerce purpose (EpisodeFactory's primary purpose)."""

    class Meta:
        model = PurposeObjective

    episode = factory.SubFactory(EpisodeFactory)
    purpose = "coerce"
    objective = _coded(Objective, "cease-nuclear-missile-tests")
    note = "As the resolution words it."


class InstrumentRowFactory(DjangoModelFactory):
    class Meta:
        model = EpisodeInstrument

    episode = factory.SubFactory(EpisodeFactory)
    instrument = _coded(PolicyInstrument, "negotiations")
    note = "Talks during the episode."


class ConsequenceFactory(DjangoModelFactory):
    class Meta:
        model = EpisodeConsequence

    episode = factory.SubFactory(EpisodeFactory)
    consequence = factory.LazyFunction(
        lambda: UnintendedConsequence.objects.get(slug="resource-diversion")
    )


class AssessmentFactory(DjangoModelFactory):
    class Meta:
        model = EffectivenessAssessment
        skip_postgeneration_save = True

    episode = factory.SubFactory(EpisodeFactory)
    purpose = "coerce"
    policy_outcome_score = 2
    policy_outcome = "What happened."
    sanctions_contribution_score = 3
    sanctions_contribution = "Why the sanctions mattered."

    @factory.post_generation
    def published(obj, create, extracted, **kwargs):
        if create and extracted:
            workflow.publish(obj)


class DesignationFactory(DjangoModelFactory):
    class Meta:
        model = Designation
        skip_postgeneration_save = True

    kind = "individual"
    regime = factory.SubFactory(RegimeFactory)
    reference_number = factory.Sequence(lambda n: f"KPi.{900 + n}")
    name = factory.Sequence(lambda n: f"TEST PERSON {n}")
    first_name = "TEST"
    second_name = factory.Sequence(lambda n: f"PERSON {n}")
    nationalities = factory.LazyFunction(lambda: ["Democratic People's Republic of Korea"])
    listed_on = datetime.date(2017, 12, 22)

    class Params:
        vessel = factory.Trait(
            kind="vessel",
            reference_number=None,
            imo_number=factory.Sequence(lambda n: f"{9000000 + n}"),
            name=factory.Sequence(lambda n: f"TEST VESSEL {n}"),
            first_name="",
            second_name="",
            nationalities=[],
            flag="Panama",
        )
        entity = factory.Trait(
            kind="entity",
            reference_number=factory.Sequence(lambda n: f"KPe.{900 + n}"),
            name=factory.Sequence(lambda n: f"TEST TRADING CORPORATION {n}"),
            first_name="",
            second_name="",
            nationalities=[],
        )

    @factory.post_generation
    def published(obj, create, extracted, **kwargs):
        if create and extracted:
            workflow.publish(obj)


class AliasFactory(DjangoModelFactory):
    class Meta:
        model = Alias

    designation = factory.SubFactory(DesignationFactory)
    quality = "good"
    name = factory.Sequence(lambda n: f"Alias {n}")


class BirthDateFactory(DjangoModelFactory):
    class Meta:
        model = BirthDate

    designation = factory.SubFactory(DesignationFactory)
    kind = "exact"
    date = datetime.date(1964, 7, 17)


class IdentityDocumentFactory(DjangoModelFactory):
    class Meta:
        model = IdentityDocument

    designation = factory.SubFactory(DesignationFactory)
    document_type = "Passport"
    number = factory.Sequence(lambda n: f"P{100000 + n}")
