from django.apps import AppConfig


class DesignationsConfig(AppConfig):
    name = "designations"
    verbose_name = "Designations"

    def ready(self):
        # Registers the designations aggregates with the editorial workflow.
        from designations import documents  # noqa: F401
        from designations.statistics import analyse_after_large_approval
        from editorial.signals import published

        published.connect(analyse_after_large_approval, dispatch_uid="designations-analyse")
