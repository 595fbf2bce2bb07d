#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""

import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    if not any(arg.startswith("--settings") for arg in sys.argv[1:]):
        try:
            settings.INSTALLED_APPS  # noqa: B018 - loads the settings, which check the environment
        except ImproperlyConfigured as error:
            # A bad environment variable: its message names it and says what to do; a traceback
            # through the settings module would only bury that line.
            sys.exit(f"ImproperlyConfigured: {error}")
    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
