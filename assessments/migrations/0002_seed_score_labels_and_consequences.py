"""Seed the configurable score labels and the list of unintended consequences.

Both lists are configurable: the exact wording of the original codebook could not be confirmed,
so reviewers can edit the rows without a code change.
"""

from django.db import migrations

LABELS = {
    "policy_outcome": [
        (1, "Negative outcome", "The situation moved away from the objective."),
        (2, "No progress", "No discernible change towards the objective."),
        (3, "Minor progress", "Some movement towards the objective, limited or reversible."),
        (4, "Modest progress", "Clear, if partial, progress towards the objective."),
        (5, "Significant progress", "The objective was largely achieved."),
    ],
    "sanctions_contribution": [
        (1, "Negative contribution", "The sanctions worked against the objective."),
        (2, "No contribution", "The outcome owes nothing discernible to the sanctions."),
        (3, "Minor contribution", "The sanctions were one factor among several stronger ones."),
        (4, "Modest contribution", "The sanctions were an important factor."),
        (5, "Significant contribution", "The sanctions were the decisive factor."),
    ],
}

CONSEQUENCES = [
    # (slug, name, polarity, is_other)
    ("corruption-criminality", "Increase in corruption and criminality", "negative", False),
    ("authoritarian-rule", "Strengthening of authoritarian rule", "negative", False),
    ("human-rights-violations", "Increase in human rights violations", "negative", False),
    ("regulatory-capacity", "Increase in international regulatory capacity", "positive", False),
    ("enforcement-capacity", "Increase in international enforcement capacity", "positive", False),
    ("resource-diversion", "Resource diversion", "negative", False),
    ("burden-implementing-states", "Significant burden on implementing states", "negative", False),
    ("humanitarian-consequences", "Humanitarian consequences", "negative", False),
    ("harmful-economic-consequences", "Widespread harmful economic consequences", "negative", False),
    ("security-council-legitimacy",
     "Decline in the credibility or legitimacy of the Security Council", "negative", False),
    ("stature-of-targets", "Enhanced stature of targeted individuals", "negative", False),
    ("other", "Other", "negative", True),
]


def seed(apps, schema_editor):
    ScoreLabel = apps.get_model("assessments", "ScoreLabel")
    UnintendedConsequence = apps.get_model("assessments", "UnintendedConsequence")
    for scale, rows in LABELS.items():
        for score, label, description in rows:
            ScoreLabel.objects.update_or_create(
                scale=scale, score=score, defaults={"label": label, "description": description}
            )
    for position, (slug, name, polarity, is_other) in enumerate(CONSEQUENCES, start=1):
        UnintendedConsequence.objects.update_or_create(
            slug=slug,
            defaults={"name": name, "polarity": polarity, "is_other": is_other, "position": position},
        )


class Migration(migrations.Migration):
    dependencies = [("assessments", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
