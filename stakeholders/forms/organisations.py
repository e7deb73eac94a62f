"""Forms of the organisation registry. They parse input; the rules (a sub-type fits its
sector, a website is a URL) live in stakeholders.services.organisations."""

from django import forms
from django_countries import countries

from platforms.forms import ListFilterForm
from stakeholders.csvio import THEME_SEPARATOR
from stakeholders.models import (
    NOT_SCREENED,
    SUB_TYPE_SECTOR,
    ScreeningDecision,
    Sector,
    SubType,
)
from stakeholders.selectors.organisations import EXPIRED
from stakeholders.services.organisations import ORGANISATION_FIELDS, themes_clean

THEMES_LIST_ID = "theme-suggestions"


def sub_type_choices() -> list:
    """Sub-types grouped under their sector, so the select shows which fits which."""
    groups: dict[str, list[tuple[str, str]]] = {}
    for value, label in SubType.choices:
        sector = Sector(SUB_TYPE_SECTOR[value]).label
        groups.setdefault(str(sector), []).append((value, label))
    return [("", "None")] + list(groups.items())


def country_choices(codes=None) -> list[tuple[str, str]]:
    """Every country (or only ``codes``), by name."""
    if codes is None:
        return list(countries)
    wanted = set(codes)
    return [(code, name) for code, name in countries if code in wanted]


class OrganisationForm(forms.Form):
    name = forms.CharField(max_length=200, error_messages={"required": "Give the name."})
    acronym = forms.CharField(max_length=30, required=False)
    sector = forms.ChoiceField(
        choices=[("", "Choose a sector"), *Sector.choices],
        error_messages={
            "required": "Choose the sector.",
            "invalid_choice": "Choose one of the eight sectors.",
        },
    )
    sub_type = forms.ChoiceField(
        label="Sub-type",
        required=False,
        choices=sub_type_choices,
        help_text="Optional. A sub-type refines its own sector only.",
        error_messages={"invalid_choice": "Choose one of the listed sub-types."},
    )
    country = forms.ChoiceField(
        required=False,
        choices=lambda: [("", "Not known"), *country_choices()],
        error_messages={"invalid_choice": "Choose a country from the list."},
    )
    website = forms.URLField(
        required=False,
        max_length=200,
        assume_scheme="https",
        widget=forms.URLInput(attrs={"placeholder": "https://"}),
        error_messages={"invalid": "Enter the full address, for example https://example.org."},
    )
    mandate = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What the organisation exists to do.",
    )
    constituencies = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=(
            "Whom the organisation represents and answers to. Needed for downward "
            "accountability: the platform reports back to these people."
        ),
    )
    themes = forms.CharField(
        required=False,
        max_length=2000,
        widget=forms.TextInput(attrs={"list": THEMES_LIST_ID, "autocomplete": "off"}),
        help_text=(
            f"Separate themes with semicolons ({THEME_SEPARATOR}), e.g. “Food security; "
            "Water, sanitation and hygiene”: a comma stays inside its theme."
        ),
    )
    # Shown only once the name or acronym matched another organisation of the platform.
    save_anyway = forms.BooleanField(
        required=False,
        label="Save anyway: this is a different organisation",
        widget=forms.HiddenInput,
    )

    def __init__(self, *args, existing_themes: list[str] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.existing_themes = existing_themes or []

    def clean_themes(self) -> list[str]:
        return themes_clean(self.cleaned_data.get("themes") or "")

    def clean(self):
        data = super().clean()
        if data.get("save_anyway"):
            self.ask_to_confirm()  # keep the tick once given, even if another field is wrong
        return data

    def ask_to_confirm(self) -> None:
        self.fields["save_anyway"].widget = forms.CheckboxInput()

    def duplicates_confirmed(self, duplicates: list) -> bool:
        """Whether to save: nothing looks like a duplicate, or the person ticked “… anyway”.
        Otherwise the tick box shows, for the next try."""
        if duplicates and not self.cleaned_data["save_anyway"]:
            self.ask_to_confirm()
            return False
        return True

    @staticmethod
    def initial_from(organisation) -> dict:
        initial = {name: getattr(organisation, name) for name in ORGANISATION_FIELDS}
        initial["country"] = organisation.country.code or ""
        initial["themes"] = f"{THEME_SEPARATOR} ".join(organisation.themes)
        return initial

    def service_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in ORGANISATION_FIELDS}


class OrganisationCreateForm(OrganisationForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["save_anyway"].label = "Create anyway: this is a different organisation"


class ContactForm(forms.Form):
    name = forms.CharField(max_length=200, error_messages={"required": "Give the name."})
    role = forms.CharField(max_length=200, required=False, help_text="Their job or role.")
    email = forms.EmailField(
        required=False,
        max_length=254,
        help_text="Needed to invite them as the organisation's partner representative.",
        error_messages={"invalid": "Enter a valid email address, for example name@example.org."},
    )
    phone = forms.CharField(max_length=40, required=False)


SCREENING_CHOICES = [
    ("", "Any status"),
    (NOT_SCREENED, "Not screened"),
    *ScreeningDecision.choices,
    (EXPIRED, "Screening expired"),
]
SORT_CHOICES = [
    ("", "Best match, else name"),
    ("name", "Name"),
    ("sector", "Sector"),
    ("country", "Country"),
    ("updated", "Recently updated"),
]


class OrganisationFilterForm(ListFilterForm):
    q = forms.CharField(
        label="Search",
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    sector = forms.ChoiceField(required=False, choices=[("", "Any sector"), *Sector.choices])
    sub_type = forms.ChoiceField(
        label="Sub-type", required=False, choices=[("", "Any sub-type"), *SubType.choices]
    )
    country = forms.ChoiceField(required=False)
    theme = forms.ChoiceField(required=False)
    screening = forms.ChoiceField(label="Screening", required=False, choices=SCREENING_CHOICES)
    archived = forms.BooleanField(label="Include archived", required=False)
    sort = forms.ChoiceField(label="Sort by", required=False, choices=SORT_CHOICES)

    def __init__(self, *args, themes: list[str], countries_used: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        theme_field = self.fields["theme"]
        assert isinstance(theme_field, forms.ChoiceField)
        theme_field.choices = [("", "Any theme"), *((t, t) for t in themes)]
        country_field = self.fields["country"]
        assert isinstance(country_field, forms.ChoiceField)
        country_field.choices = [("", "Any country"), *country_choices(countries_used)]
