"""Idélabbet's background work (django-tasks), split by what it touches.

- ``tasks.emails``: the outbox's sending and its sweep. ``services.emails``
  enqueues ``outgoing_email_send`` in the caller's transaction, so this module
  depends on no service that writes cases (which queue email themselves):
  the split is what keeps the import graph free of cycles.
- ``tasks.cases``: reminders, anonymisation and re-granting, which call the
  case services.

Nothing is re-exported here: importing the package must not import either.
"""
