"""The one place that decides whether a purpose counts as "effective" (settings.ATLAS_EFFECTIVE_RULE)."""

from django.conf import settings


def is_effective(policy_outcome_score: int, sanctions_contribution_score: int) -> bool:
    rule = settings.ATLAS_EFFECTIVE_RULE
    return (
        policy_outcome_score >= rule["policy_outcome_min"]
        and sanctions_contribution_score >= rule["sanctions_contribution_min"]
    )


def describe() -> str:
    rule = settings.ATLAS_EFFECTIVE_RULE
    return (
        f"A purpose counts as effective when its policy outcome scores at least "
        f"{rule['policy_outcome_min']} and the sanctions' contribution at least "
        f"{rule['sanctions_contribution_min']} (both on a scale of 1 to 5)."
    )
