"""Writes of the case pipeline, one module per subdomain.

- ``transitions``: opening a case and the engine that moves it (the workflow's effects);
- ``permissions``: the django-guardian rows of cases and notes, from the workflow's maps;
- ``deadlines``: first contact, Snabb slant decision and the coaches' follow-up dates;
- ``team``: assigning coaches.

Erasure and anonymisation live in ``services.erasure``.
"""

from .deadlines import (
    case_deadline_refresh,
    case_decision_deadline_start,
    case_follow_up_add,
    case_follow_up_done,
    deadlines_stop,
)
from .permissions import (
    case_permissions_sync,
    cases_permissions_resync,
    notes_permissions_sync,
    permissions_insert,
)
from .team import case_coaches_set
from .transitions import CaseChanged, case_open, case_transition, case_withdraw_by_citizen

__all__ = [
    "CaseChanged",
    "case_coaches_set",
    "case_deadline_refresh",
    "case_decision_deadline_start",
    "case_follow_up_add",
    "case_follow_up_done",
    "case_open",
    "case_permissions_sync",
    "case_transition",
    "case_withdraw_by_citizen",
    "cases_permissions_resync",
    "deadlines_stop",
    "notes_permissions_sync",
    "permissions_insert",
]
