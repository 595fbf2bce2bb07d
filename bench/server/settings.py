"""Settings of the benchmark server: the project's own, plus a baseline view (bench/server/urls.py).

Used only by bench/api.py (DJANGO_SETTINGS_MODULE=bench.server.settings); the production URL
configuration stays free of benchmark views.
"""

from config.settings import *  # noqa: F403

ROOT_URLCONF = "bench.server.urls"

# Keep database connections open between requests, as a production deployment does
# (DATABASE_URL's conn_max_age on PostgreSQL). SQLite URLs take no such option, and reopening
# the file on every request would measure the connection, not the API.
DATABASES["default"].setdefault("CONN_MAX_AGE", 60)  # noqa: F405
