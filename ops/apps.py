from django.apps import AppConfig


class OpsConfig(AppConfig):
    """Running the installation: backups, login security, health, the CSP, the demo."""

    name = "ops"
    verbose_name = "Operations"

    def ready(self):
        from ops import logins  # noqa: F401  (connects the log of login locks)
