from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "assessments"
    verbose_name = "Assessments"

    def ready(self):
        # Registers the assessments aggregates with the editorial workflow.
        from assessments import documents  # noqa: F401
