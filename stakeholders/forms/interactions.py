"""Forms of the engagement log. They parse input; the rules live in
stakeholders.services.interactions."""

from datetime import date

from django import forms
from django.http import Http404

from platforms.forms import FILTER_FIRST_DAY, FILTER_LAST_DAY
from platforms.models import Platform
from stakeholders.models import InteractionKind, Organisation
from stakeholders.selectors.interactions import FOLLOW_UPS_DUE, FOLLOW_UPS_OPEN
from stakeholders.selectors.organisations import organisation_get

KINDS_IN_WORDS = ", ".join(str(k.label).lower() for k in InteractionKind)
DATE_FORMAT_MESSAGE = "Enter the date as YYYY-MM-DD."
UNKNOWN_ORGANISATION = (
    "That organisation is not in this platform's registry: clear the filters to see the whole log."
)


def _date_input(**attrs) -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date", **attrs}, format="%Y-%m-%d")


class InteractionForm(forms.Form):
    kind = forms.ChoiceField(
        label="Kind",
        choices=InteractionKind.choices,
        error_messages={
            "required": "Choose the kind of interaction.",
            "invalid_choice": f"Choose one of: {KINDS_IN_WORDS}.",
        },
    )
    occurred_on = forms.DateField(
        label="Date",
        widget=_date_input(),
        help_text="When it happened, on the platform's calendar. Log it once it has happened.",
        error_messages={
            "required": "Enter the date of the interaction.",
            "invalid": DATE_FORMAT_MESSAGE,
        },
    )
    subject = forms.CharField(
        label="Subject",
        max_length=200,
        error_messages={
            "required": "Give the interaction a subject, for example “Planning workshop”."
        },
    )
    participants = forms.CharField(
        label="Participants",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Who took part, on both sides.",
    )
    notes = forms.CharField(label="Notes", required=False, widget=forms.Textarea(attrs={"rows": 6}))
    follow_up_on = forms.DateField(
        label="Follow-up date",
        required=False,
        widget=_date_input(),
        help_text="Optional. When to get back to them, on or after the interaction's date. "
        "Follow-ups that are due show on the platform's home page.",
        error_messages={"invalid": DATE_FORMAT_MESSAGE},
    )

    def __init__(self, *args, today: date, **kwargs):
        super().__init__(*args, **kwargs)
        # Browsers offer no later day; the service refuses one anyway.
        self.fields["occurred_on"].widget.attrs["max"] = today.isoformat()
        if not self.is_bound and "occurred_on" not in self.initial:
            self.initial["occurred_on"] = today


def _filter_day(label: str) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=False,
        widget=_date_input(min=FILTER_FIRST_DAY.isoformat(), max=FILTER_LAST_DAY.isoformat()),
        error_messages={"invalid": DATE_FORMAT_MESSAGE},
    )


class InteractionFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label="Kind",
        required=False,
        choices=[("", "Any kind"), *InteractionKind.choices],
        error_messages={"invalid_choice": f"Choose one of: {KINDS_IN_WORDS}."},
    )
    organisation_name = forms.CharField(
        label="Organisation",
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search"}),
        help_text="Part of its name or acronym.",
    )
    # One organisation, by its id: set by the links of an organisation's page; the list
    # names it above the table, with a link that widens to every organisation.
    organisation = forms.UUIDField(
        required=False, widget=forms.HiddenInput, error_messages={"invalid": UNKNOWN_ORGANISATION}
    )
    date_from = _filter_day("From")
    date_to = _filter_day("To")
    follow_ups = forms.ChoiceField(
        label="Follow-ups",
        required=False,
        choices=[
            ("", "Any"),
            (FOLLOW_UPS_DUE, "Due (today or earlier)"),
            (FOLLOW_UPS_OPEN, "Open (not done)"),
        ],
    )

    def __init__(self, *args, platform: Platform, **kwargs):
        super().__init__(*args, **kwargs)
        self.platform = platform

    def clean_organisation(self) -> Organisation | None:
        public_id = self.cleaned_data.get("organisation")
        if public_id is None:
            return None
        try:
            return organisation_get(platform=self.platform, public_id=public_id)
        except Http404:
            raise forms.ValidationError(UNKNOWN_ORGANISATION) from None

    def clean(self):
        data = super().clean()
        if "organisation" in self.errors:
            # A hidden field shows no error of its own: say it above the fields.
            self.add_error(None, self.errors.pop("organisation"))
        for name in ("date_from", "date_to"):
            day = data.get(name)
            if day and not FILTER_FIRST_DAY <= day <= FILTER_LAST_DAY:
                self.add_error(
                    name,
                    f"Enter a date between {FILTER_FIRST_DAY.year} and {FILTER_LAST_DAY.year}.",
                )
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", "The end date is before the start date.")
        return data

    def filters(self) -> dict:
        """The cleaned values in the shape selectors.interactions.interaction_list takes."""
        data = self.cleaned_data
        return {name: data.get(name) for name in self.fields}
