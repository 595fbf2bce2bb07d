from django.apps import AppConfig


class EpisodesConfig(AppConfig):
    name = "episodes"
    verbose_name = "Episodes"

    def ready(self):
        # Registers the episodes aggregates with the editorial workflow.
        from episodes import documents  # noqa: F401
