from django.apps import AppConfig


class PublicConfig(AppConfig):
    """The read side: everything the public sees (site, API, exports). It only reads."""

    name = "public"
    verbose_name = "Public site and API"
