"""Forms for partnerships themselves. They parse input; the rules (dates, goals and
targets, the lead organisation) live in partnerships.services.partnerships."""

import uuid

from django import forms

from partnerships.models import Level, PartnershipType, Stage
from platforms.forms import ListFilterForm
from stakeholders.csvio import THEME_SEPARATOR

# The partnership spectrum, explained (DOMAIN.md): each choice says what it means.
SPECTRUM = {
    PartnershipType.LEVERAGE: "one partner gives to another, or partners exchange "
    "resources, so each can deliver more or better.",
    PartnershipType.COMBINE: "partners combine complementary resources to deliver "
    "development impact more effectively, efficiently, innovatively or at scale.",
    PartnershipType.TRANSFORM: "many actors bring the levers needed to transform a system, "
    "which no one of them could do alone.",
}
TYPE_CHOICES = [(kind.value, f"{kind.label}: {SPECTRUM[kind]}") for kind in PartnershipType]

SERVICE_FIELDS = (
    "title",
    "description",
    "issue",
    "type",
    "level",
    "themes",
    "goals",
    "targets",
    "starts_on",
    "ends_on",
    "is_public",
)


class PartnershipForm(forms.Form):
    title = forms.CharField(max_length=200, error_messages={"required": "Give the title."})
    description = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 4}))
    issue = forms.CharField(
        max_length=200, required=False, help_text="The issue it works on, in a few words."
    )
    type = forms.ChoiceField(
        label="Type on the partnership spectrum",
        choices=TYPE_CHOICES,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose where it sits on the partnership spectrum.",
            "invalid_choice": "Choose one of the three types of the spectrum.",
        },
    )
    level = forms.ChoiceField(
        choices=[("", "Choose a level"), *Level.choices],
        error_messages={
            "required": "Choose the level.",
            "invalid_choice": "Choose local, national, regional or global.",
        },
    )
    themes = forms.CharField(
        required=False,
        max_length=2000,
        help_text=f"Separate themes with semicolons ({THEME_SEPARATOR}), e.g. “Food security; "
        "Nutrition”.",
    )
    goals = forms.TypedMultipleChoiceField(
        label="Sustainable Development Goals",
        required=False,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Choose goals from the list of 17."},
    )
    targets = forms.CharField(
        label="Targets",
        required=False,
        max_length=500,
        help_text="The targets it serves, by number, separated by commas: e.g. 2.1, 2.4, 17.17. "
        "A target's goal is ticked for you.",
    )
    lead_organisation = forms.TypedChoiceField(
        label="Lead organisation",
        required=False,
        coerce=str,
        empty_value=None,
        error_messages={"invalid_choice": "Choose an organisation of the registry."},
    )
    stakeholder_map = forms.TypedChoiceField(
        label="Stakeholder map of the issue",
        required=False,
        coerce=str,
        empty_value=None,
        help_text="The governance page compares its sectors with the seats.",
        error_messages={"invalid_choice": "Choose one of the platform's stakeholder maps."},
    )
    starts_on = forms.DateField(
        label="Starts on",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "Enter a date, for example 2026-03-31."},
    )
    ends_on = forms.DateField(
        label="Ends on",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "Enter a date, for example 2026-12-31."},
    )
    is_public = forms.BooleanField(
        label="Public",
        required=False,
        help_text="Listed in the platform's public register, if it has one.",
    )

    def __init__(self, *args, goals, organisations, maps, **kwargs):
        super().__init__(*args, **kwargs)
        self._set_choices("goals", goals)
        self._set_choices("lead_organisation", [("", "None yet"), *organisations])
        self._set_choices("stakeholder_map", [("", "None"), *maps])

    def _set_choices(self, name: str, choices) -> None:
        field = self.fields[name]
        assert isinstance(field, forms.ChoiceField)
        field.choices = choices

    @staticmethod
    def initial_from(partnership) -> dict:
        initial = {name: getattr(partnership, name) for name in SERVICE_FIELDS}
        initial["themes"] = f"{THEME_SEPARATOR} ".join(partnership.themes)
        initial["targets"] = ", ".join(partnership.targets)
        # Chosen by public id, like every reference a form posts.
        lead, chosen_map = partnership.lead_organisation, partnership.stakeholder_map
        initial["lead_organisation"] = str(lead.public_id) if lead else None
        initial["stakeholder_map"] = str(chosen_map.public_id) if chosen_map else None
        return initial

    def service_fields(self) -> dict:
        """The fields for the service, but the two references: the view looks them up."""
        return {name: self.cleaned_data[name] for name in SERVICE_FIELDS}


SORT_CHOICES = [
    ("", "Title"),
    ("stage", "Stage"),
    ("updated", "Recently updated"),
    ("newest", "Newest"),
]


class PartnershipFilterForm(ListFilterForm):
    q = forms.CharField(
        label="Search",
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search"}),
        help_text="Words in the title or the issue.",
    )
    stage = forms.TypedChoiceField(
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "Any stage"), *Stage.choices],
    )
    type = forms.ChoiceField(required=False, choices=[("", "Any type"), *PartnershipType.choices])
    level = forms.ChoiceField(required=False, choices=[("", "Any level"), *Level.choices])
    goal = forms.TypedChoiceField(required=False, coerce=int, empty_value=None)
    mine = forms.BooleanField(label="Assigned to me", required=False)
    sort = forms.ChoiceField(label="Sort by", required=False, choices=SORT_CHOICES)

    def __init__(self, *args, goals, show_mine: bool, **kwargs):
        super().__init__(*args, **kwargs)
        goal_field = self.fields["goal"]
        assert isinstance(goal_field, forms.ChoiceField)
        goal_field.choices = [("", "Any goal"), *goals]
        if not show_mine:
            del self.fields["mine"]


class BrokerForm(forms.Form):
    # The membership's public id: sequential row ids are never taken from a request.
    membership = forms.TypedChoiceField(
        label="Broker",
        coerce=uuid.UUID,
        error_messages={
            "required": "Choose a broker.",
            "invalid_choice": "Choose one of the platform's brokers or admins.",
        },
    )

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["membership"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", "Choose a broker"), *candidates]


class CommitmentsDueFilterForm(ListFilterForm):
    overdue = forms.BooleanField(label="Overdue only", required=False)
