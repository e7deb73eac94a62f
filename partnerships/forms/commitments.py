"""The commitment form and the commitments page's filters; the rules live in
partnerships.services.commitments."""

from django import forms

from partnerships.forms.workplan import date_field, partner_field
from partnerships.models import CommitmentKind, CommitmentStatus, Partner


class CommitmentForm(forms.Form):
    kind = forms.ChoiceField(
        label="Kind",
        choices=CommitmentKind.choices,
        widget=forms.RadioSelect,
        initial=CommitmentKind.SPECIFIC,
        error_messages={"required": "Choose whether the commitment is common or specific."},
    )
    what = forms.CharField(
        label="What is committed",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": "Say what is committed, for example “Share the monitoring data”."
        },
    )
    due_on = date_field("Due on")
    status = forms.ChoiceField(label="Status", choices=CommitmentStatus.choices)
    evidence = forms.CharField(
        label="Evidence",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What shows progress or completion: a report, a link, a document. "
        "Needed to mark the commitment done.",
    )

    def __init__(self, *args, partners: list[Partner], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner"] = partner_field(
            partners,
            label="Partner",
            empty="None: a common commitment",
            help_text="For a specific commitment, the active partner that owns it.",
        )
        self.order_fields(["kind", "partner"])

    def clean(self):
        data = super().clean()
        # The partner menu keeps its value when the kind is switched to common; a common
        # commitment has none, so drop it rather than refuse a choice the reader cannot see.
        if data.get("kind") == CommitmentKind.COMMON:
            data["partner"] = None
        return data


class CommitmentFilterForm(forms.Form):
    status = forms.ChoiceField(
        label="Status", required=False, choices=[("", "Any status"), *CommitmentStatus.choices]
    )
    overdue = forms.BooleanField(label="Overdue only", required=False)

    def __init__(self, *args, partners: list[Partner], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner"] = partner_field(partners, label="Partner", empty="Any partner")
        self.order_fields(["status", "partner", "overdue"])

    def filters(self) -> dict:
        partner = self.cleaned_data.get("partner")
        return {
            "status": self.cleaned_data.get("status") or "",
            "partner_id": partner.pk if partner else None,
            "overdue": bool(self.cleaned_data.get("overdue")),
        }
