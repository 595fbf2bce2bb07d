"""Signals of the editorial workflow.

``published`` is sent after the transaction that approved a change request commits, with
``keys`` = [(content_type_id, object_id), …]: the hook for purging public caches.
"""

from django.dispatch import Signal

published = Signal()
