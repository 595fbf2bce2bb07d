"""Who gets what at every URL: one table, every URL of the resolver, five roles, five methods.

The URLs come from ``django.urls.get_resolver()``: a URL added later without a row in ``EXPECTED``
fails ``test_every_url_has_a_row`` (and a row whose URL went away fails it too). Each URL is then
requested as each role with GET and each write method, filled with real objects (the demo plus
factories), and every answer that differs from its cell is reported, all at once.

Writes are sent with the test client's defaults, that is without CSRF enforcement, so that each
cell says what the view itself does with a write that got past CSRF. A cross-site write from a
browser never gets that far: Django's CSRF middleware answers 403 first on every staff page, the
public pages answer 405 before it (public.http), and the API's views are CSRF-exempt because
they authenticate nobody and accept no write at all
(``test_a_cross_site_write_is_stopped_before_the_view`` shows both).
"""

import datetime
import os
import re
from dataclasses import dataclass

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.contrib.messages import get_messages
from django.core.management import call_command
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.resolvers import RoutePattern
from django.utils import timezone
from reversion.models import Version

from assessments import coding
from assessments.models import ScoreLabel, UnintendedConsequence
from designations.models import Designation, ImportRun
from editorial import services
from editorial.models import AuditEvent, ChangeRequest, PublicationRecord
from episodes.models import (
    ConflictType,
    Episode,
    MeasureSubtype,
    Objective,
    PolicyInstrument,
    TargetType,
)
from tests import workflow
from tests.factories import AssessmentFactory, DesignationFactory, EpisodeFactory, RegimeFactory

CODED_LOOKUPS = (ConflictType, TargetType, Objective, PolicyInstrument)

ROLES = ("anon", "inactive", "researcher", "reviewer", "admin")
METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")

# One row per URL pattern (its "namespace:name", or "namespace:[route]" when it has no name), one
# cell per role in the order of ROLES:
#   anon        no session
#   inactive    a reviewer whose account was deactivated while their session lived on
#   researcher  group Researchers (staff)
#   reviewer    group Reviewers (staff); the open requests below are theirs or a researcher's
#   admin       a superuser, who took part in none of the open requests
# A cell gives the answer to GET, POST, PUT, PATCH and DELETE:
#   "A"            the same answer to all five
#   "A/B"          GET answers A, every write B
#   "A/B/C"        GET A, POST B, PUT, PATCH and DELETE C
#   "A B C D E"    each method in turn
# An answer is a status code; "login" (302 to the admin login page, next= the URL); "302" (any
# other redirect); for the decisions of the review queue, "refused" (302 back, the request as it
# was, and an error message saying why) or "approved" (the request approved by that POST).
#
# The Django admin renders a page for PUT, PATCH and DELETE as it does for GET (only POST
# changes anything); writes to read-only records are 403; deleting a public record redirects
# back with a refusal ("Request deletion" goes through review instead).
# fmt: off
EXPECTED: dict[str, tuple[str, str, str, str, str]] = {
    # --- the public site: read-only for everybody
    "episodes:home":                ("200/405", "200/405", "200/405", "200/405", "200/405"),
    "episodes:regimes":             ("200/405", "200/405", "200/405", "200/405", "200/405"),
    "episodes:regime":              ("200/405", "200/405", "200/405", "200/405", "200/405"),
    "episodes:list":                ("200/405", "200/405", "200/405", "200/405", "200/405"),
    "episodes:detail":              ("200/405", "200/405", "200/405", "200/405", "200/405"),
    "episodes:history":             ("200/405", "200/405", "200/405", "200/405", "200/405"),
    "episodes:episode_csv":         ("200/405", "200/405", "200/405", "200/405", "200/405"),
    "episodes:episode_csv_excel":   ("200/405", "200/405", "200/405", "200/405", "200/405"),
    "episodes:version":             ("200/405", "200/405", "200/405", "200/405", "200/405"),
    "episodes:assessments":         ("200/405", "200/405", "200/405", "200/405", "200/405"),
    "episodes:compare":             ("200/405", "200/405", "200/405", "200/405", "200/405"),
    "episodes:statistics":          ("200/405", "200/405", "200/405", "200/405", "200/405"),
    "episodes:downloads":           ("200/405", "200/405", "200/405", "200/405", "200/405"),
    "episodes:datapackage":         ("200/405", "200/405", "200/405", "200/405", "200/405"),
    "episodes:table_download":      ("200/405", "200/405", "200/405", "200/405", "200/405"),
    "episodes:table_download_excel": ("200/405", "200/405", "200/405", "200/405", "200/405"),
    "episodes:codebook":            ("200/405", "200/405", "200/405", "200/405", "200/405"),
    "episodes:codebook_json":       ("200/405", "200/405", "200/405", "200/405", "200/405"),
    "episodes:codebook_markdown":   ("200/405", "200/405", "200/405", "200/405", "200/405"),
    "episodes:analogies":           ("200/405", "200/405", "200/405", "200/405", "200/405"),
    "episodes:citation":            ("200/405", "200/405", "200/405", "200/405", "200/405"),
    "episodes:feed":                ("200/405", "200/405", "200/405", "200/405", "200/405"),
    "episodes:regime_feed":         ("200/405", "200/405", "200/405", "200/405", "200/405"),
    "episodes:episode_feed":        ("200/405", "200/405", "200/405", "200/405", "200/405"),
    "designations:list":            ("200/405", "200/405", "200/405", "200/405", "200/405"),
    "designations:detail":          ("200/405", "200/405", "200/405", "200/405", "200/405"),
    "designations:history":         ("200/405", "200/405", "200/405", "200/405", "200/405"),
    "designations:version":         ("200/405", "200/405", "200/405", "200/405", "200/405"),
    "designations:citation":        ("200/405", "200/405", "200/405", "200/405", "200/405"),
    "healthz":                      ("200/405", "200/405", "200/405", "200/405", "200/405"),
    "favicon":                      ("302/405", "302/405", "302/405", "302/405", "302/405"),
    # --- the public API: read-only for everybody, the same for everybody (no sessions)
    "api:api-root":                 ("200/405", "200/405", "200/405", "200/405", "200/405"),
    "api:schema":                   ("200/405", "200/405", "200/405", "200/405", "200/405"),
    "api:docs":                     ("200/405", "200/405", "200/405", "200/405", "200/405"),
    "api:regime-list":              ("200/405", "200/405", "200/405", "200/405", "200/405"),
    "api:regime-detail":            ("200/405", "200/405", "200/405", "200/405", "200/405"),
    "api:episode-list":             ("200/405", "200/405", "200/405", "200/405", "200/405"),
    "api:episode-detail":           ("200/405", "200/405", "200/405", "200/405", "200/405"),
    "api:episode-versions":         ("200/405", "200/405", "200/405", "200/405", "200/405"),
    "api:episode-version":          ("200/405", "200/405", "200/405", "200/405", "200/405"),
    "api:designation-list":         ("200/405", "200/405", "200/405", "200/405", "200/405"),
    "api:designation-detail":       ("200/405", "200/405", "200/405", "200/405", "200/405"),
    "api:designation-versions":     ("200/405", "200/405", "200/405", "200/405", "200/405"),
    "api:designation-version":      ("200/405", "200/405", "200/405", "200/405", "200/405"),
    "api:assessment-list":          ("200/405", "200/405", "200/405", "200/405", "200/405"),
    "api:analogies":                ("200/405", "200/405", "200/405", "200/405", "200/405"),
    "api:episode-citation":         ("200/405", "200/405", "200/405", "200/405", "200/405"),
    "api:episode-version-citation": ("200/405", "200/405", "200/405", "200/405", "200/405"),
    "api:designation-citation":     ("200/405", "200/405", "200/405", "200/405", "200/405"),
    "api:designation-version-citation":("200/405", "200/405", "200/405", "200/405", "200/405"),
    "api:[api/]":                   ("404", "404", "404", "404", "404"),  # any other /api/ path
    # --- the review queue: staff only; decisions for reviewers, never on their own work
    "editorial:queue":              ("login", "login", "200", "200", "200"),
    "editorial:request":            ("login", "login", "200", "200", "200"),
    # The reviewer submitted this one: the researcher may not decide, the reviewer may not
    # approve their own work, the superuser may.
    "editorial:decide":             ("login", "login", "405/refused/405", "405/refused/405", "405/approved/405"),
    # A researcher's request: the reviewer approves it; the superuser comes after, too late.
    "editorial:bulk_approve":       ("login", "login", "405/refused/405", "405/approved/405", "405/refused/405"),
    # Posted empty: a comment is asked for, no request to submit again (nothing is stale).
    "editorial:comment":            ("login", "login", "405/302/405", "405/302/405", "405/302/405"),
    "editorial:resubmit":           ("login", "login", "405/302/405", "405/302/405", "405/302/405"),
    "editorial:notifications":      ("login", "login", "200", "200", "200"),
    # --- the admin site
    "admin:login":                  ("200 200 200 405 405", "200 200 200 405 405", "302 200 200 405 405", "302 200 200 405 405", "302 200 200 405 405"),
    "admin:logout":                 ("302", "302", "405/200/405", "405/200/405", "405/200/405"),
    "admin:password_change":        ("login", "login", "200 200 200 405 405", "200 200 200 405 405", "200 200 200 405 405"),
    "admin:password_change_done":   ("login", "login", "200/405", "200/405", "200/405"),
    "admin:index":                  ("login", "login", "200", "200", "200"),
    "admin:app_list":               ("login", "login", "200", "200", "200"),
    "admin:autocomplete":           ("login", "login", "200/405", "200/405", "200/405"),
    "admin:jsi18n":                 ("login", "login", "200/405", "200/405", "200/405"),
    "admin:view_on_site":           ("login", "login", "302", "302", "302"),
    "admin:[admin/(?P<url>.*)$]":   ("login", "login", "404", "404", "404"),
    # users and groups: administrators only
    "admin:auth_user_changelist":                       ("login", "login", "403", "403", "200"),
    "admin:auth_user_add":                              ("login", "login", "403", "403", "200"),
    "admin:auth_user_change":                           ("login", "login", "403", "403", "200"),
    "admin:auth_user_history":                          ("login", "login", "403", "403", "200"),
    "admin:auth_user_delete":                           ("login", "login", "403", "403", "200"),
    "admin:auth_user_password_change":                  ("login", "login", "403", "403", "200"),
    "admin:[admin/auth/user/<path:object_id>/]":        ("login", "login", "302", "302", "302"),
    "admin:auth_group_changelist":                      ("login", "login", "403", "403", "200"),
    "admin:auth_group_add":                             ("login", "login", "403", "403", "200"),
    "admin:auth_group_change":                          ("login", "login", "403", "403", "200"),
    "admin:auth_group_history":                         ("login", "login", "403", "403", "200"),
    "admin:auth_group_delete":                          ("login", "login", "403", "403", "200"),
    "admin:[admin/auth/group/<path:object_id>/]":       ("login", "login", "302", "302", "302"),
    # the workflow's own records: read-only for everybody, the superuser included
    "admin:editorial_changerequest_changelist":         ("login", "login", "200", "200", "200"),
    "admin:editorial_changerequest_add":                ("login", "login", "403", "403", "403"),
    "admin:editorial_changerequest_change":             ("login", "login", "200/403/200", "200/403/200", "200/403/200"),
    "admin:editorial_changerequest_history":            ("login", "login", "200", "200", "200"),
    "admin:editorial_changerequest_delete":             ("login", "login", "403", "403", "403"),
    "admin:[admin/editorial/changerequest/<path:object_id>/]":     ("login", "login", "302", "302", "302"),
    "admin:editorial_auditevent_changelist":            ("login", "login", "200", "200", "200"),
    "admin:editorial_auditevent_add":                   ("login", "login", "403", "403", "403"),
    "admin:editorial_auditevent_change":                ("login", "login", "200/403/200", "200/403/200", "200/403/200"),
    "admin:editorial_auditevent_history":               ("login", "login", "200", "200", "200"),
    "admin:editorial_auditevent_delete":                ("login", "login", "403", "403", "403"),
    "admin:[admin/editorial/auditevent/<path:object_id>/]":        ("login", "login", "302", "302", "302"),
    "admin:editorial_publicationrecord_changelist":     ("login", "login", "200", "200", "200"),
    "admin:editorial_publicationrecord_add":            ("login", "login", "403", "403", "403"),
    "admin:editorial_publicationrecord_change":         ("login", "login", "200/403/200", "200/403/200", "200/403/200"),
    "admin:editorial_publicationrecord_history":        ("login", "login", "200", "200", "200"),
    "admin:editorial_publicationrecord_delete":         ("login", "login", "403", "403", "403"),
    "admin:[admin/editorial/publicationrecord/<path:object_id>/]": ("login", "login", "302", "302", "302"),
    "admin:designations_importrun_changelist":          ("login", "login", "200", "200", "200"),
    "admin:designations_importrun_add":                 ("login", "login", "403", "403", "403"),
    "admin:designations_importrun_change":              ("login", "login", "200/403/200", "200/403/200", "200/403/200"),
    "admin:designations_importrun_history":             ("login", "login", "200", "200", "200"),
    "admin:designations_importrun_delete":              ("login", "login", "403", "403", "403"),
    "admin:[admin/designations/importrun/<path:object_id>/]":      ("login", "login", "302", "302", "302"),
    # the configurable lists: reviewers add and change, researchers read; a published value is
    # deleted only through review, like any record (lookup edits go to review)
    "admin:episodes_measuresubtype_changelist":         ("login", "login", "200", "200", "200"),
    "admin:episodes_measuresubtype_add":                ("login", "login", "403", "200", "200"),
    "admin:episodes_measuresubtype_change":             ("login", "login", "200/403/200", "200", "200"),
    "admin:episodes_measuresubtype_history":            ("login", "login", "200", "200", "200"),
    "admin:episodes_measuresubtype_delete":             ("login", "login", "302", "302", "302"),
    "admin:episodes_measuresubtype_revision":           ("login", "login", "200/403/200", "200", "200"),
    "admin:episodes_measuresubtype_recoverlist":        ("login", "login", "403", "200", "200"),
    "admin:episodes_measuresubtype_recover":            ("login", "login", "403", "200", "200"),
    "admin:episodes_measuresubtype_request":            ("login", "login", "200", "200", "200"),
    "admin:[admin/episodes/measuresubtype/<path:object_id>/]":     ("login", "login", "302", "302", "302"),
    "admin:episodes_conflicttype_changelist":           ("login", "login", "200", "200", "200"),
    "admin:episodes_conflicttype_add":                  ("login", "login", "403", "200", "200"),
    "admin:episodes_conflicttype_change":               ("login", "login", "200/403/200", "200", "200"),
    "admin:episodes_conflicttype_history":              ("login", "login", "200", "200", "200"),
    "admin:episodes_conflicttype_delete":               ("login", "login", "302", "302", "302"),
    "admin:episodes_conflicttype_revision":             ("login", "login", "200/403/200", "200", "200"),
    "admin:episodes_conflicttype_recoverlist":          ("login", "login", "403", "200", "200"),
    "admin:episodes_conflicttype_recover":              ("login", "login", "403", "200", "200"),
    "admin:episodes_conflicttype_request":              ("login", "login", "200", "200", "200"),
    "admin:[admin/episodes/conflicttype/<path:object_id>/]": ("login", "login", "302", "302", "302"),
    "admin:episodes_targettype_changelist":             ("login", "login", "200", "200", "200"),
    "admin:episodes_targettype_add":                    ("login", "login", "403", "200", "200"),
    "admin:episodes_targettype_change":                 ("login", "login", "200/403/200", "200", "200"),
    "admin:episodes_targettype_history":                ("login", "login", "200", "200", "200"),
    "admin:episodes_targettype_delete":                 ("login", "login", "302", "302", "302"),
    "admin:episodes_targettype_revision":               ("login", "login", "200/403/200", "200", "200"),
    "admin:episodes_targettype_recoverlist":            ("login", "login", "403", "200", "200"),
    "admin:episodes_targettype_recover":                ("login", "login", "403", "200", "200"),
    "admin:episodes_targettype_request":                ("login", "login", "200", "200", "200"),
    "admin:[admin/episodes/targettype/<path:object_id>/]": ("login", "login", "302", "302", "302"),
    "admin:episodes_objective_changelist":              ("login", "login", "200", "200", "200"),
    "admin:episodes_objective_add":                     ("login", "login", "403", "200", "200"),
    "admin:episodes_objective_change":                  ("login", "login", "200/403/200", "200", "200"),
    "admin:episodes_objective_history":                 ("login", "login", "200", "200", "200"),
    "admin:episodes_objective_delete":                  ("login", "login", "302", "302", "302"),
    "admin:episodes_objective_revision":                ("login", "login", "200/403/200", "200", "200"),
    "admin:episodes_objective_recoverlist":             ("login", "login", "403", "200", "200"),
    "admin:episodes_objective_recover":                 ("login", "login", "403", "200", "200"),
    "admin:episodes_objective_request":                 ("login", "login", "200", "200", "200"),
    "admin:[admin/episodes/objective/<path:object_id>/]": ("login", "login", "302", "302", "302"),
    "admin:episodes_policyinstrument_changelist":       ("login", "login", "200", "200", "200"),
    "admin:episodes_policyinstrument_add":              ("login", "login", "403", "200", "200"),
    "admin:episodes_policyinstrument_change":           ("login", "login", "200/403/200", "200", "200"),
    "admin:episodes_policyinstrument_history":          ("login", "login", "200", "200", "200"),
    "admin:episodes_policyinstrument_delete":           ("login", "login", "302", "302", "302"),
    "admin:episodes_policyinstrument_revision":         ("login", "login", "200/403/200", "200", "200"),
    "admin:episodes_policyinstrument_recoverlist":      ("login", "login", "403", "200", "200"),
    "admin:episodes_policyinstrument_recover":          ("login", "login", "403", "200", "200"),
    "admin:episodes_policyinstrument_request":          ("login", "login", "200", "200", "200"),
    "admin:[admin/episodes/policyinstrument/<path:object_id>/]": ("login", "login", "302", "302", "302"),
    "admin:assessments_scorelabel_changelist":          ("login", "login", "200", "200", "200"),
    "admin:assessments_scorelabel_add":                 ("login", "login", "403", "200", "200"),
    "admin:assessments_scorelabel_change":              ("login", "login", "200/403/200", "200", "200"),
    "admin:assessments_scorelabel_history":             ("login", "login", "200", "200", "200"),
    "admin:assessments_scorelabel_delete":              ("login", "login", "302", "302", "302"),
    "admin:assessments_scorelabel_revision":            ("login", "login", "200/403/200", "200", "200"),
    "admin:assessments_scorelabel_recoverlist":         ("login", "login", "403", "200", "200"),
    "admin:assessments_scorelabel_recover":             ("login", "login", "403", "200", "200"),
    "admin:assessments_scorelabel_request":             ("login", "login", "200", "200", "200"),
    "admin:[admin/assessments/scorelabel/<path:object_id>/]":      ("login", "login", "302", "302", "302"),
    "admin:assessments_unintendedconsequence_changelist": ("login", "login", "200", "200", "200"),
    "admin:assessments_unintendedconsequence_add":      ("login", "login", "403", "200", "200"),
    "admin:assessments_unintendedconsequence_change":   ("login", "login", "200/403/200", "200", "200"),
    "admin:assessments_unintendedconsequence_history":  ("login", "login", "200", "200", "200"),
    "admin:assessments_unintendedconsequence_delete":   ("login", "login", "302", "302", "302"),
    "admin:assessments_unintendedconsequence_revision": ("login", "login", "200/403/200", "200", "200"),
    "admin:assessments_unintendedconsequence_recoverlist": ("login", "login", "403", "200", "200"),
    "admin:assessments_unintendedconsequence_recover":  ("login", "login", "403", "200", "200"),
    "admin:assessments_unintendedconsequence_request":  ("login", "login", "200", "200", "200"),
    "admin:[admin/assessments/unintendedconsequence/<path:object_id>/]": ("login", "login", "302", "302", "302"),
    # the working copy: every staff role edits (a published record is deleted only through review)
    "admin:episodes_regime_changelist":                 ("login", "login", "200", "200", "200"),
    "admin:episodes_regime_add":                        ("login", "login", "200", "200", "200"),
    "admin:episodes_regime_change":                     ("login", "login", "200", "200", "200"),
    "admin:episodes_regime_history":                    ("login", "login", "200", "200", "200"),
    "admin:episodes_regime_revision":                   ("login", "login", "200", "200", "200"),
    "admin:episodes_regime_recoverlist":                ("login", "login", "200", "200", "200"),
    "admin:episodes_regime_recover":                    ("login", "login", "200", "200", "200"),
    "admin:episodes_regime_request":                    ("login", "login", "200", "200", "200"),
    "admin:episodes_regime_delete":                     ("login", "login", "302", "302", "302"),
    "admin:[admin/episodes/regime/<path:object_id>/]":  ("login", "login", "302", "302", "302"),
    "admin:episodes_episode_changelist":                ("login", "login", "200", "200", "200"),
    # The Markdown preview beside a text box: POST only (the text to render).
    "admin:episodes_episode_markdown_preview":          ("login", "login", "405/200/405", "405/200/405", "405/200/405"),
    "admin:episodes_episode_add":                       ("login", "login", "200", "200", "200"),
    "admin:episodes_episode_change":                    ("login", "login", "200", "200", "200"),
    "admin:episodes_episode_history":                   ("login", "login", "200", "200", "200"),
    "admin:episodes_episode_revision":                  ("login", "login", "200", "200", "200"),
    "admin:episodes_episode_recoverlist":               ("login", "login", "200", "200", "200"),
    "admin:episodes_episode_recover":                   ("login", "login", "200", "200", "200"),
    "admin:episodes_episode_request":                   ("login", "login", "200", "200", "200"),
    "admin:episodes_episode_delete":                    ("login", "login", "302", "302", "302"),
    "admin:[admin/episodes/episode/<path:object_id>/]": ("login", "login", "302", "302", "302"),
    "admin:designations_designation_changelist":        ("login", "login", "200", "200", "200"),
    "admin:designations_designation_add":               ("login", "login", "200", "200", "200"),
    "admin:designations_designation_change":            ("login", "login", "200", "200", "200"),
    "admin:designations_designation_history":           ("login", "login", "200", "200", "200"),
    "admin:designations_designation_revision":          ("login", "login", "200", "200", "200"),
    "admin:designations_designation_recoverlist":       ("login", "login", "200", "200", "200"),
    "admin:designations_designation_recover":           ("login", "login", "200", "200", "200"),
    "admin:designations_designation_request":           ("login", "login", "200", "200", "200"),
    "admin:designations_designation_delete":            ("login", "login", "302", "302", "302"),
    "admin:[admin/designations/designation/<path:object_id>/]":    ("login", "login", "302", "302", "302"),
    "admin:assessments_effectivenessassessment_changelist":  ("login", "login", "200", "200", "200"),
    "admin:assessments_effectivenessassessment_add":         ("login", "login", "200", "200", "200"),
    "admin:assessments_effectivenessassessment_change":      ("login", "login", "200", "200", "200"),
    "admin:assessments_effectivenessassessment_history":     ("login", "login", "200", "200", "200"),
    "admin:assessments_effectivenessassessment_revision":    ("login", "login", "200", "200", "200"),
    "admin:assessments_effectivenessassessment_recoverlist": ("login", "login", "200", "200", "200"),
    "admin:assessments_effectivenessassessment_recover":     ("login", "login", "200", "200", "200"),
    "admin:assessments_effectivenessassessment_request":     ("login", "login", "200", "200", "200"),
    "admin:assessments_effectivenessassessment_delete":      ("login", "login", "302", "302", "302"),
    "admin:[admin/assessments/effectivenessassessment/<path:object_id>/]": ("login", "login", "302", "302", "302"),
    # An open round; the researcher codes in it, the reviewer and the superuser do not, so they
    # are told the researcher's coding does not exist (blind coding holds for everyone).
    "admin:assessments_codinground_changelist":       ("login", "login", "200", "200", "200"),
    "admin:assessments_codinground_add":              ("login", "login", "200", "200", "200"),
    "admin:assessments_codinground_change":           ("login", "login", "200/302/200", "200/302/200", "200/302/200"),
    "admin:assessments_codinground_history":          ("login", "login", "200", "200", "200"),
    "admin:assessments_codinground_close":            ("login", "login", "200", "200", "200"),
    "admin:assessments_codinground_reconcile":        ("login", "login", "302", "302", "302"),
    "admin:assessments_codinground_delete":           ("login", "login", "403", "403", "403"),
    "admin:[admin/assessments/codinground/<path:object_id>/]": ("login", "login", "302", "302", "302"),
    "admin:assessments_independentcoding_changelist": ("login", "login", "200", "200", "200"),
    "admin:assessments_independentcoding_add":        ("login", "login", "403", "403", "403"),
    "admin:assessments_independentcoding_change":     ("login", "login", "200", "302", "302"),
    "admin:assessments_independentcoding_history":    ("login", "login", "200", "404", "404"),
    "admin:assessments_independentcoding_revision":   ("login", "login", "200", "404", "404"),
    "admin:assessments_independentcoding_recoverlist": ("login", "login", "403", "403", "403"),
    "admin:assessments_independentcoding_recover":    ("login", "login", "403", "403", "403"),
    "admin:assessments_independentcoding_delete":     ("login", "login", "403", "403", "403"),
    "admin:[admin/assessments/independentcoding/<path:object_id>/]": ("login", "login", "302", "302", "302"),
}
# fmt: on


# --- the URLs of the resolver ------------------------------------------------------------------


@dataclass(frozen=True)
class Url:
    key: str  # "namespace:name", or "namespace:[route]" for a pattern without a name
    route: str  # the full route, prefixes included
    pattern: URLPattern


def resolver_urls() -> list[Url]:
    found = []

    def walk(patterns, prefix, namespace):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                inner = namespace
                if entry.namespace:
                    inner = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
                walk(entry.url_patterns, prefix + str(entry.pattern), inner)
            else:
                route = prefix + str(entry.pattern)
                name = entry.name or f"[{route}]"
                found.append(Url(f"{namespace}:{name}" if namespace else name, route, entry))

    walk(get_resolver().url_patterns, "", "")
    return found


def test_every_url_has_a_row():
    keys = [url.key for url in resolver_urls()]
    duplicates = sorted({key for key in keys if keys.count(key) > 1})
    assert duplicates == [], f"URL patterns that share a key: {duplicates}"
    missing = sorted(set(keys) - set(EXPECTED))
    stale = sorted(set(EXPECTED) - set(keys))
    assert missing == [], f"URLs without a row in EXPECTED: {missing}"
    assert stale == [], f"rows of EXPECTED without a URL: {stale}"


# --- the world the URLs are filled from ------------------------------------------------------------


@dataclass
class World:
    users: dict  # role → user (None for anon)
    objects: dict  # model label → an existing object of it
    deleted_versions: dict  # model label → the version of a deleted object of it
    requests: dict  # URL key → the open change request its POST decides
    params: dict  # URL parameter name → value


def build_world() -> World:
    """The demo, the cast, and the records every URL parameter needs, as real rows."""
    call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    researcher = workflow.staff_user("rita", "Researchers")
    reviewer = workflow.staff_user("victor", "Reviewers")
    inactive = workflow.staff_user("ines", "Reviewers")
    inactive.is_active = False
    inactive.save(update_fields=["is_active"])
    superuser = get_user_model().objects.create_superuser("ada", password="a long admin password")
    users = {
        "anon": None,
        "inactive": inactive,
        "researcher": researcher,
        "reviewer": reviewer,
        "admin": superuser,
    }

    demo = Episode.objects.get(slug="dprk-ep-8")
    # The request the decision page is asked to approve: submitted (and authored) by the reviewer.
    own = EpisodeFactory(regime=demo.regime)
    workflow.edit(own, by=reviewer, summary="The reviewer's own change.")
    reviewers_own = services.submit_for_review([own], by=reviewer)
    # The request bulk approval is asked to approve: a researcher's.
    theirs = DesignationFactory(regime=demo.regime)
    workflow.edit(theirs, by=researcher, narrative="A researcher's change.")
    researchers_request = services.submit_for_review([theirs], by=researcher)

    # A deleted record of each versioned model, for the recover pages.
    deleted_versions = {}
    for factory, kwargs in (
        (RegimeFactory, {"code": "ZZ"}),
        (EpisodeFactory, {"regime": demo.regime}),
        (DesignationFactory, {"regime": demo.regime}),
        (AssessmentFactory, {"episode": own, "purpose": "signal"}),
    ):
        obj = factory(**kwargs)
        workflow.edit(obj, by=researcher, comment="Created to be deleted")
        deleted_versions[obj._meta.label_lower] = Version.objects.get_for_object(obj).first()
        obj.delete()
    # A deleted value of each configurable list (versioned and reviewed like any record); the
    # score labels are all taken (two scales of five), so one of the seeded ones goes.
    deleted_lookups = [
        ScoreLabel.objects.order_by("-pk").first(),
        UnintendedConsequence.objects.create(slug="gone", name="Gone", polarity="negative"),
        MeasureSubtype.objects.create(slug="gone", name="Gone"),
        *(model.objects.create(code="gone", label="Gone") for model in CODED_LOOKUPS),
    ]
    for obj in deleted_lookups:
        workflow.edit(obj, by=reviewer, comment="Edited before it goes")
        deleted_versions[obj._meta.label_lower] = Version.objects.get_for_object(obj).first()
        obj.delete()

    import_run = ImportRun.objects.create(
        source="un_list",
        location="https://scsanctions.un.org/resources/xml/en/consolidated.xml",
        list_date=datetime.date(2023, 3, 27),
        sha256="0" * 64,
        size_bytes=1_609_238,
        archive_path="un_list/2023-03-27.xml",
        entries=955,
        created_by=researcher,
        created_at=timezone.now(),
    )
    designation = Designation.objects.get(reference_number="KPi.033")
    objects = {
        # A small published episode: the demo's change form, with every inline, costs ten times
        # as much to render and proves nothing more.
        "episodes.episode": EpisodeFactory(regime=demo.regime, published=True),
        "episodes.regime": demo.regime,
        "episodes.measuresubtype": MeasureSubtype.objects.get(slug="coal"),
        "episodes.conflicttype": ConflictType.objects.get(code="terrorism"),
        "episodes.targettype": TargetType.objects.get(code="government"),
        "episodes.objective": Objective.objects.get(code="cease-hostilities"),
        "episodes.policyinstrument": PolicyInstrument.objects.get(code="peace-operation"),
        "designations.designation": designation,
        "designations.importrun": import_run,
        "assessments.effectivenessassessment": demo.assessments.order_by("pk").first(),
        "assessments.scorelabel": ScoreLabel.objects.order_by("pk").first(),
        "assessments.unintendedconsequence": UnintendedConsequence.objects.order_by("pk").first(),
        "editorial.changerequest": reviewers_own,
        "editorial.auditevent": AuditEvent.objects.order_by("pk").first(),
        "editorial.publicationrecord": PublicationRecord.objects.order_by("pk").first(),
        "auth.group": Group.objects.get(name="Researchers"),
        "auth.user": researcher,
    }
    # An open coding round in which the researcher codes (with a revision of the coding) and the
    # reviewer does too; the superuser does not.
    coding_round = coding.open_round(
        episode=objects["episodes.episode"],
        purpose="coerce",
        coders=[researcher, reviewer],
        by=reviewer,
    )
    objects["assessments.codinground"] = coding_round
    objects["assessments.independentcoding"] = coding_round.codings.get(coder=researcher)
    workflow.edit(
        objects["assessments.independentcoding"], by=researcher, policy_outcome="A draft."
    )
    # Codings are never deleted: any version stands for the recover page, which refuses them all.
    deleted_versions["assessments.independentcoding"] = Version.objects.get_for_object(
        objects["assessments.independentcoding"]
    ).first()
    # A revision of its own for each record the restore pages replay (the demo's first revision
    # holds the whole demo).
    for label in ("episodes.regime", "designations.designation"):
        workflow.edit(objects[label], by=researcher, comment="A revision of its own")
    workflow.edit(
        objects["assessments.effectivenessassessment"], by=researcher, comment="Its own revision"
    )
    params = {
        "code": demo.regime.code,
        "slug": demo.slug,
        "number": 1,
        "key": designation.reference_number,
        "pk": reviewers_own.pk,
        "name": "episodes",
        "fmt": "json",  # a table download's and a citation's
        "app_label": "episodes",
        "action": "publish",
        "id": researcher.pk,
        "content_type_id": ContentType.objects.get_for_model(Episode).pk,
        "url": "no-such-page/",
    }
    requests = {"editorial:decide": reviewers_own, "editorial:bulk_approve": researchers_request}
    return World(users, objects, deleted_versions, requests, params)


# Patterns without a name cannot be reversed: an example path for each regular expression.
UNNAMED_REGEX_PATHS = {
    "api:[api/]": "/api/no-such-endpoint/",
    "admin:[admin/(?P<url>.*)$]": "/admin/no-such-page/",
}
# Query strings some URLs need to do their work.
QUERIES = {
    "api:analogies": "?purpose=coerce",  # without a description: 400
    "admin:autocomplete": "?app_label=assessments&model_name=effectivenessassessment"
    "&field_name=episode&term=dprk",
}
# What a write sends (anything else is sent empty: a form posted empty changes nothing).
WRITE_DATA = {
    "editorial:decide": lambda world: {"decision": "approve", "comment": "Looks right."},
    "editorial:bulk_approve": lambda world: {
        "requests": [world.requests["editorial:bulk_approve"].pk]
    },
}
_ADMIN_MODEL = re.compile(r"^admin/(\w+)/(\w+)/")
_ROUTE_PARAMETER = re.compile(r"<(?:\w+:)?(\w+)>")


def concrete_path(url: Url, world: World) -> str:
    """A path of ``url`` filled with real objects of ``world``."""
    registered = {(m._meta.app_label, m._meta.model_name): m for m in admin.site._registry}
    model_match = _ADMIN_MODEL.match(url.route)
    model = registered.get(model_match.groups()) if model_match else None
    values = dict(world.params)
    if model is not None:
        values["object_id"] = world.objects[model._meta.label_lower].pk
    elif url.key == "admin:view_on_site":
        values["object_id"] = Episode.objects.get(slug="dprk-ep-8").pk
    pattern = url.pattern.pattern
    if url.pattern.name is None:
        if isinstance(pattern, RoutePattern):
            return "/" + _ROUTE_PARAMETER.sub(lambda m: str(values[m.group(1)]), url.route)
        return UNNAMED_REGEX_PATHS[url.key]
    if isinstance(pattern, RoutePattern):
        path = reverse(url.key, kwargs={name: values[name] for name in pattern.converters})
    elif pattern.regex.groups == len(pattern.regex.groupindex):
        path = reverse(url.key, kwargs={name: values[name] for name in pattern.regex.groupindex})
    elif url.key.endswith("_revision"):  # django-reversion's pages take positional groups
        obj = world.objects[model._meta.label_lower]
        path = reverse(url.key, args=[obj.pk, Version.objects.get_for_object(obj).first().pk])
    elif url.key.endswith("_recover"):
        path = reverse(url.key, args=[world.deleted_versions[model._meta.label_lower].pk])
    else:
        raise AssertionError(f"no arguments known for {url.key} ({url.route})")
    return path + QUERIES.get(url.key, "")


# --- asking ------------------------------------------------------------------------------------


def expand(cell: str) -> dict[str, str]:
    """A cell of EXPECTED → the answer to each method."""
    parts = cell.split(" ") if " " in cell else cell.split("/")
    if len(parts) == 1:
        parts = parts * 5
    elif len(parts) == 2:
        parts = [parts[0]] + [parts[1]] * 4
    elif len(parts) == 3:
        parts = parts[:2] + [parts[2]] * 3
    assert len(parts) == 5, f"bad cell {cell!r}"
    return dict(zip(METHODS, parts, strict=True))


def answer(response, decided: ChangeRequest | None, status_before: str | None) -> str:
    """What a response amounts to, in the notation of EXPECTED."""
    if response.status_code == 302 and response["Location"].startswith("/admin/login/?next="):
        return "login"
    if decided is not None and response.status_code == 302:
        decided.refresh_from_db()
        if decided.status != status_before:
            return "approved" if decided.status == ChangeRequest.Status.APPROVED else decided.status
        if any(m.level_tag == "error" for m in get_messages(response.wsgi_request)):
            return "refused"
    if response.status_code in (301, 302):
        return "302"
    return str(response.status_code)


def ask(world: World, urls: list[Url]) -> list[str]:
    """Every cell of ``urls``; returns the mismatches, one line each."""
    clients = {}
    for role, user in world.users.items():
        clients[role] = Client()
        if user is not None:
            clients[role].force_login(user)
    mismatches = []
    for url in urls:
        path = concrete_path(url, world)
        decided = world.requests.get(url.key)
        for role, cell in zip(ROLES, EXPECTED[url.key], strict=True):
            client = clients[role]
            for method, expected in expand(cell).items():
                status_before = None
                if decided is not None:
                    decided.refresh_from_db()
                    status_before = decided.status
                send = getattr(client, method.lower())
                if method == "GET":
                    response = send(path)
                else:
                    response = send(path, WRITE_DATA.get(url.key, lambda world: {})(world))
                got = answer(response, decided, status_before)
                if got != expected:
                    messages = [str(m) for m in get_messages(response.wsgi_request)]
                    mismatches.append(
                        f"{url.key} {method} {path} as {role}: expected {expected}, got {got}"
                        + (f" {messages}" if messages else "")
                    )
                if url.key == "admin:logout" and world.users[role] is not None:
                    client.force_login(world.users[role])
    return mismatches


# The matrix in slices of similar cost, so that pytest-xdist can spread them.
_WORKING = re.compile(
    r"admin:(\[admin/)?(episodes|designations|assessments)[_/]"
    r"(episode|regime|designation|effectivenessassessment)[_/]"
)
SLICES = {
    "public site and API": lambda key: not key.startswith(("admin:", "editorial:")),
    "review queue and admin site": lambda key: (
        key.startswith("editorial:") or (key.startswith("admin:") and not _WORKING.match(key))
    ),
    "regimes and episodes in the admin": lambda key: (
        bool(_WORKING.match(key)) and "episodes" in key
    ),
    "designations and assessments in the admin": lambda key: (
        bool(_WORKING.match(key)) and "episodes" not in key
    ),
}


def test_the_slices_cover_the_table_once():
    for key in EXPECTED:
        assert sum(belongs(key) for belongs in SLICES.values()) == 1, key


@pytest.mark.django_db
@pytest.mark.parametrize("slice_name", list(SLICES))
def test_every_cell_of_the_matrix(slice_name, settings):
    settings.ATLAS_API_ANON_RATE = None  # hundreds of API requests from one address
    world = build_world()
    urls = [url for url in resolver_urls() if SLICES[slice_name](url.key) and url.key in EXPECTED]

    mismatches = ask(world, urls)

    assert mismatches == [], f"{len(mismatches)} cell(s) differ:\n" + "\n".join(mismatches)


# --- the rules the table must keep -----------------------------------------------------------


def test_the_table_keeps_the_rules():
    """Whoever edits EXPECTED later cannot loosen a rule without this test saying so."""
    broken = []
    for key, row in EXPECTED.items():
        cells = dict(zip(ROLES, (expand(cell) for cell in row), strict=True))
        if key in ("admin:login", "admin:logout"):
            continue  # the way in and out (anybody may post a login form)
        if key.startswith(("admin:", "editorial:")):
            # Anonymous never reaches a working or review page; an inactive account is out.
            for role in ("anon", "inactive"):
                if set(cells[role].values()) != {"login"}:
                    broken.append(f"{key}: {role} is not sent to the login page")
        else:
            # The public site and the API are read-only for everybody.
            for role, answers in cells.items():
                if any(answers[m] not in ("405", "404") for m in METHODS[1:]):
                    broken.append(f"{key}: {role} may write")
        # A researcher never approves; nobody approves their own work.
        if "approved" in cells["researcher"].values():
            broken.append(f"{key}: a researcher approves")
    if cells_of("editorial:decide")["reviewer"]["POST"] != "refused":
        broken.append("editorial:decide: the reviewer approves their own request")
    assert broken == []


def cells_of(key: str) -> dict[str, dict[str, str]]:
    return dict(zip(ROLES, (expand(cell) for cell in EXPECTED[key]), strict=True))


# --- CSRF --------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_cross_site_write_is_stopped_before_the_view(demo, researcher, reviewer):
    """With CSRF enforced, as in a browser: a staff page refuses the forged write (403) and does
    nothing; the public pages and the API, which take no write at all, answer 405."""
    workflow.edit(demo, by=researcher, summary="A change for review.")
    change_request = services.submit_for_review([demo], by=researcher)
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(reviewer)

    forged = browser.post(
        reverse("editorial:decide", args=[change_request.pk]), {"decision": "approve"}
    )

    assert forged.status_code == 403
    change_request.refresh_from_db()
    assert change_request.status == ChangeRequest.Status.SUBMITTED
    assert browser.post(reverse("episodes:list")).status_code == 405  # no writes at all
    assert browser.post(reverse("api:episode-list"), {}).status_code == 405
