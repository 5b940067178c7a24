"""The workflow task that moderates submitted ideas.

Wagtail's ``GroupApprovalTask`` only *requests changes*, with an optional
comment. An idea that cannot be used must instead be rejected with a reason the
citizen receives (people asked for clear feedback), so this task type makes the
reason required and hands the rejection on.

Models import no services (house rule 12): the task sends
``idea_rejection_requested`` and ``signal_handlers`` (connected in
``apps.ready``) answers it with ``services.moderation.idea_reject``.
"""

from django import forms
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.db import transaction
from django.dispatch import Signal
from django.utils.translation import gettext_lazy as _
from wagtail.models import AbstractGroupApprovalTask

# Sent with ``task_state``, ``user`` and ``reason`` (validated) inside the
# action's transaction; exactly one receiver records the rejection.
idea_rejection_requested = Signal()


class RejectIdeaForm(forms.Form):
    comment = forms.CharField(
        label=_("Skäl (skickas till den som skickade in idén)"),
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Skriv varför idén inte kan publiceras.")},
    )

    def clean_comment(self):
        comment = self.cleaned_data["comment"].strip()
        if not comment:
            raise forms.ValidationError(_("Skriv varför idén inte kan publiceras."))
        return comment


class IdeaModerationTask(AbstractGroupApprovalTask):
    class Meta:
        verbose_name = _("granskning av idé")
        verbose_name_plural = _("granskningar av idéer")

    def get_actions(self, obj, user):
        if user.is_superuser or self._user_in_groups(user):
            return [
                ("reject", _("Avslå med skäl"), True),
                # Wagtail adds "och publicera" to the last task's action.
                ("approve", _("Godkänn"), False),
            ]
        return []

    def get_form_for_action(self, action):
        if action == "reject":
            return RejectIdeaForm
        return super().get_form_for_action(action)

    @transaction.atomic
    def on_action(self, task_state, user, action_name, **kwargs):
        if action_name == "reject":
            # The edit view passes data the modal validated; a hand-made POST
            # without a reason must not reject silently.
            form = RejectIdeaForm({"comment": kwargs.get("comment", "")})
            if not form.is_valid():
                raise PermissionDenied(_("Ett skäl krävs för att avslå en idé."))
            answers = idea_rejection_requested.send(
                sender=type(self),
                task_state=task_state,
                user=user,
                reason=form.cleaned_data["comment"],
            )
            if not answers:
                # Never a silent no-op: the idea would stay in moderation.
                raise ImproperlyConfigured("No receiver records an idea's rejection.")
            return None
        return super().on_action(task_state, user, action_name, **kwargs)

    @classmethod
    def get_description(cls):
        return _("Medlemmar i de valda grupperna godkänner idéer eller avslår dem med ett skäl.")
