"""Forms of the governance pages: a body, and its members as seats per active partner.
They parse input; the rules live in partnerships.services.governance."""

from collections.abc import Sequence

from django import forms

from partnerships.models import BodyType, DecisionRule, DecisionScope, Partner
from partnerships.services.governance import SEATS_MAX

UNKNOWN_PARTNER = (
    "Seats were sent for an organisation that is not an active partner of this "
    "partnership. Nothing was saved: reload the page and try again."
)


def _words(choices) -> str:
    return ", ".join(str(c.label).lower() for c in choices)


class BodyForm(forms.Form):
    name = forms.CharField(
        label="Name",
        max_length=200,
        error_messages={
            "required": "Give the body a name, for example “Steering committee”.",
            "max_length": "Keep the name to 200 characters or fewer.",
        },
    )
    type = forms.ChoiceField(
        label="Kind of body",
        choices=BodyType.choices,
        error_messages={
            "required": "Choose the kind of body.",
            "invalid_choice": f"Choose the kind of body: {_words(BodyType)}.",
        },
    )
    decision_rule = forms.ChoiceField(
        label="Decision rule",
        choices=[("", "Not agreed yet"), *DecisionRule.choices],
        required=False,
        help_text="How it decides. The journey's structure stage needs a body with a rule.",
        error_messages={
            "invalid_choice": (
                f"Choose a decision rule ({_words(DecisionRule)}), or leave it as not agreed yet."
            )
        },
    )
    scope = forms.ChoiceField(
        label="Scope of its decisions",
        choices=[("", "Not set"), *DecisionScope.choices],
        required=False,
        error_messages={
            "invalid_choice": f"Choose what it decides ({_words(DecisionScope)}), or leave it unset."
        },
    )
    remit = forms.CharField(
        label="Remit",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What it decides, in words.",
    )


class SeatsForm(forms.Form):
    """One whole number of seats per active partner, keyed by the partner's public id
    (``seats-<uuid>``); blank or 0 means not a member."""

    prefix = "seats"

    def __init__(self, *args, partners: Sequence[Partner], **kwargs):
        super().__init__(*args, **kwargs)
        self.partners = list(partners)
        for partner in self.partners:
            name = partner.organisation.name
            message = f"Seats for {name}: enter a whole number from 0 to {SEATS_MAX}."
            self.fields[str(partner.public_id)] = forms.IntegerField(
                label=f"Seats for {name}",
                required=False,
                min_value=0,
                max_value=SEATS_MAX,
                widget=forms.NumberInput(attrs={"step": 1, "inputmode": "numeric"}),
                error_messages={
                    "invalid": message,
                    "min_value": message,
                    "max_value": message,
                    "max_digits": message,
                },
            )

    def rows(self):
        """(partner, bound field) pairs, for the members table."""
        return [(p, self[str(p.public_id)]) for p in self.partners]

    def clean(self):
        cleaned = super().clean()
        known = {f"{self.prefix}-{p.public_id}" for p in self.partners}
        sent = {key for key in (self.data or {}) if key.startswith(f"{self.prefix}-")}
        if sent - known:
            raise forms.ValidationError(UNKNOWN_PARTNER)
        return cleaned

    def seats(self) -> dict[Partner, int]:
        """Seats by partner, every active partner included (0 = not a member)."""
        return {p: self.cleaned_data.get(str(p.public_id)) or 0 for p in self.partners}
