"""Absorb issue 3's SharedMessage: each becomes a note shared with the citizen.

The notes get their object permissions when the ideas index is next published
or ``manage.py idelabbet_arenden --behorigheter`` runs (the role groups are
named on the index only after this release).
"""

from django.db import migrations
from django.utils.html import escape, linebreaks


def forwards(apps, schema_editor):
    SharedMessage = apps.get_model("idelabbet", "SharedMessage")
    Case = apps.get_model("idelabbet", "Case")
    Note = apps.get_model("idelabbet", "Note")
    NoteRevision = apps.get_model("idelabbet", "NoteRevision")
    OutgoingEmail = apps.get_model("idelabbet", "OutgoingEmail")
    for message in SharedMessage.objects.all():
        case = Case.objects.filter(submission_id=message.submission_id).first()
        if case is None:
            continue
        body = linebreaks(escape(message.body))
        note = Note.objects.create(
            case=case,
            author_id=message.author_id,
            body=body,
            visibility="idebarare",
            created_at=message.created_at,
            changed_at=message.created_at,
            shared_at=message.created_at,
        )
        NoteRevision.objects.create(
            note=note,
            body=body,
            visibility="idebarare",
            user_id=message.author_id,
            at=message.created_at,
        )
        OutgoingEmail.objects.filter(shared_message=message).update(note=note, kind="anteckning")


class Migration(migrations.Migration):
    dependencies = [("idelabbet", "0003_cases_for_existing_ideas")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
