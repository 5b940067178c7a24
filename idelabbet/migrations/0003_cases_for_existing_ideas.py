"""Give every idea submitted before the case pipeline a case in "received".

Permissions are not granted here: the ideas index names its role groups only
after this migration; ``cases_permissions_resync`` (run by the host when it
sets the groups) grants them.
"""

from datetime import timedelta

from django.db import migrations


def forwards(apps, schema_editor):
    Case = apps.get_model("idelabbet", "Case")
    CaseTransition = apps.get_model("idelabbet", "CaseTransition")
    IdeaSubmission = apps.get_model("idelabbet", "IdeaSubmission")
    IdeaIndexPage = apps.get_model("idelabbet", "IdeaIndexPage")
    indexes = {index.path: index for index in IdeaIndexPage.objects.all()}
    for submission in IdeaSubmission.objects.filter(case__isnull=True, idea__isnull=False).select_related(
        "idea"
    ):
        index = indexes.get(submission.idea.path[:-4])
        if index is None:
            continue
        withdrawn = submission.moderation_state == "aterkallad"
        case = Case.objects.create(
            index=index,
            submission=submission,
            opened_at=submission.submitted_at,
            state="aterkallat" if withdrawn else "inkommen",
            closed_at=submission.withdrawn_at if withdrawn else None,
            deadline_at=None
            if withdrawn
            else submission.submitted_at + timedelta(days=index.first_contact_days),
            deadline_kind="" if withdrawn else "forsta-kontakt",
        )
        CaseTransition.objects.create(
            case=case, name="oppna", to_state="inkommen", at=submission.submitted_at
        )


class Migration(migrations.Migration):
    dependencies = [("idelabbet", "0002_cases")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
