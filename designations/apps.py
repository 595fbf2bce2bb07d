from django.apps import AppConfig


class DesignationsConfig(AppConfig):
    name = "designations"
    verbose_name = "Designations"

    def ready(self):
        # Registers the designations aggregates with the editorial workflow.
        from designations import documents  # noqa: F401
