from django.apps import AppConfig


class EditorialConfig(AppConfig):
    name = "editorial"
    verbose_name = "Editorial workflow"

    def ready(self):
        from django.contrib import admin

        # The admin index opens with what waits for the person looking at it.
        admin.site.index_template = "editorial/admin/index.html"
