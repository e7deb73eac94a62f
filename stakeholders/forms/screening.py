"""Forms for screening. They parse input; the rules live in stakeholders.services.screening."""

from dataclasses import dataclass
from datetime import date

from django import forms

from stakeholders.models import FindingRating, RiskLevel, ScreeningDecision, ScreeningFinding
from stakeholders.services.screening import FindingInput

RENEWAL_WINDOWS = [(30, "30 days"), (60, "60 days"), (90, "90 days")]
RENEWAL_WINDOW_DEFAULT = 60


class CriterionForm(forms.Form):
    name = forms.CharField(label="Name", max_length=200)
    description = forms.CharField(
        label="Description",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What the screener looks at, in a sentence or two.",
    )
    position = forms.IntegerField(
        label="Position",
        min_value=0,
        max_value=32767,
        required=False,
        help_text="Criteria are listed by position, lowest first. Leave empty to add at the end.",
    )
    is_active = forms.BooleanField(
        label="Published: used in new screenings",
        required=False,
        initial=True,
        help_text="Untick to retire the criterion. Screenings that used it keep their findings.",
    )


@dataclass
class FindingRow:
    finding: ScreeningFinding
    rating: forms.BoundField
    text: forms.BoundField


class ScreeningForm(forms.Form):
    """One rating and finding per criterion of the screening, then the decision.

    Finding fields are named by the finding's public id, so a criterion renamed or moved
    between showing the form and sending it still gets its own rating."""

    risk_level = forms.ChoiceField(
        label="Risk level",
        choices=[("", "Not set yet"), *RiskLevel.choices],
        required=False,
    )
    decision = forms.ChoiceField(
        label="Decision",
        choices=ScreeningDecision.choices,
        widget=forms.RadioSelect,
        help_text="Keep “Pending” to save your progress. Any other decision closes the screening.",
    )
    conditions = forms.CharField(
        label="Conditions",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Required for “Cleared with conditions”.",
    )
    summary = forms.CharField(
        label="Summary",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="The reasoning behind the decision. Required to decline: give the reason.",
    )
    renew_by = forms.DateField(
        label="Renew by",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="For a clearance: when the organisation must be screened again (after today).",
    )

    def __init__(self, *args, findings: list[ScreeningFinding], suggested_renew_by: date, **kwargs):
        super().__init__(*args, **kwargs)
        self.findings = findings
        for finding in findings:
            key = finding.public_id.hex
            self.fields[f"rating_{key}"] = forms.ChoiceField(
                label=f"Rating for {finding.criterion.name}",
                choices=FindingRating.choices,
                initial=finding.rating,
                widget=forms.RadioSelect,
            )
            self.fields[f"finding_{key}"] = forms.CharField(
                label=f"Finding for {finding.criterion.name}",
                required=False,
                initial=finding.finding,
                widget=forms.Textarea(attrs={"rows": 3}),
            )
        if not self.is_bound:
            self.initial.setdefault("renew_by", suggested_renew_by)

    def finding_rows(self) -> list[FindingRow]:
        return [
            FindingRow(
                finding=f,
                rating=self[f"rating_{f.public_id.hex}"],
                text=self[f"finding_{f.public_id.hex}"],
            )
            for f in self.findings
        ]

    def decision_fields(self) -> list[forms.BoundField]:
        return [
            self[name] for name in ("decision", "risk_level", "conditions", "summary", "renew_by")
        ]

    def finding_inputs(self) -> dict[int, FindingInput]:
        data = self.cleaned_data
        return {
            f.pk: FindingInput(
                rating=data[f"rating_{f.public_id.hex}"], finding=data[f"finding_{f.public_id.hex}"]
            )
            for f in self.findings
        }


class RenewalWindowForm(forms.Form):
    days = forms.TypedChoiceField(
        label="Due within",
        choices=RENEWAL_WINDOWS,
        coerce=int,
        initial=RENEWAL_WINDOW_DEFAULT,
        required=False,
    )

    def window(self) -> int:
        if self.is_valid() and self.cleaned_data["days"]:
            return self.cleaned_data["days"]
        return RENEWAL_WINDOW_DEFAULT
