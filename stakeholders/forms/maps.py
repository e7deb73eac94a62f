"""Forms for stakeholder maps. They parse input; the rules live in stakeholders.services.maps."""

from django import forms
from django.utils.choices import CallableChoiceIterator

from stakeholders.models import SCORE_MAX, SCORE_MIN, Attitude, Position


def score_field(label: str, help_text: str) -> forms.IntegerField:
    message = f"{label} is a whole number from {SCORE_MIN} to {SCORE_MAX}."
    return forms.IntegerField(
        label=label,
        min_value=SCORE_MIN,
        max_value=SCORE_MAX,
        help_text=help_text,
        error_messages={
            "required": message,
            "invalid": message,
            "min_value": message,
            "max_value": message,
        },
        widget=forms.NumberInput(attrs={"step": 1, "inputmode": "numeric"}),
    )


class MapForm(forms.Form):
    title = forms.CharField(
        max_length=200,
        help_text="For example “Food security stakeholders, 2026 baseline”.",
        error_messages={"required": "Give the map a title."},
    )
    issue = forms.CharField(
        max_length=200,
        help_text="What the map is about. Snapshots of the same issue can be compared.",
        error_messages={"required": "Name the issue the map is about."},
        widget=forms.TextInput(attrs={"list": "issue-names", "autocomplete": "off"}),
    )
    as_of = forms.DateField(
        label="As of",
        help_text="The date this snapshot describes.",
        error_messages={
            "required": "Give the date this snapshot describes.",
            "invalid": "Enter a date such as 2026-03-31.",
        },
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    description = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 4}))


class MapCopyForm(forms.Form):
    title = MapForm.base_fields["title"]
    as_of = MapForm.base_fields["as_of"]


class CompareForm(forms.Form):
    """Picks two different snapshots; the choices are the platform's maps (given by the
    view). An id that is well formed but not one of the platform's is the view's 404."""

    def __init__(self, *args, maps=(), **kwargs):
        super().__init__(*args, **kwargs)
        # Lazy: the maps are only read when the picker is shown, not for a comparison.
        choices = CallableChoiceIterator(
            lambda: (
                [("", "Choose a snapshot")]
                + [(str(m.public_id), f"{m.issue}: {m.title} ({m.as_of:%d %b %Y})") for m in maps]
            )
        )
        messages = {
            "required": "Choose a snapshot.",
            "invalid": "Choose a snapshot from the list.",
        }
        self.fields["from"] = forms.UUIDField(
            label="One snapshot", widget=forms.Select(choices=choices), error_messages=messages
        )
        self.fields["to"] = forms.UUIDField(
            label="Another snapshot",
            widget=forms.Select(choices=choices),
            error_messages=messages,
            help_text="They are compared from the earlier to the later, whichever you pick first.",
        )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("from") and cleaned.get("from") == cleaned.get("to"):
            self.add_error("to", "Choose two different snapshots.")
        return cleaned


SCORE_HELP = {
    "interest": "0 = no interest in the issue, 10 = it is central to them. 5 and above is high.",
    "influence": "0 = no influence over it, 10 = decisive. 5 and above is high.",
}


class OrganisationChoiceField(forms.ModelChoiceField):
    """Picks by public id; a malformed id gets the same answer as an unknown one."""

    def to_python(self, value):
        try:
            return super().to_python(value)
        except forms.ValidationError:
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            ) from None


class PositionForm(forms.Form):
    """One stakeholder on a map: an organisation from the registry, or a typed name."""

    organisation = OrganisationChoiceField(
        queryset=None,  # set per map by the view: the registry minus who is already on it
        required=False,
        to_field_name="public_id",
        empty_label="Choose an organisation (or type a name below)",
        help_text="Organisations already on this map and archived ones are not listed.",
        error_messages={
            "invalid_choice": "Choose an organisation of this platform's registry that is "
            "not on the map yet."
        },
    )
    label = forms.CharField(
        label="Or a stakeholder that is not an organisation",
        max_length=200,
        required=False,
        help_text="For people who are not organised, for example “smallholder rice farmers”.",
    )
    interest = score_field("Interest", SCORE_HELP["interest"])
    influence = score_field("Influence", SCORE_HELP["influence"])
    attitude = forms.ChoiceField(choices=Attitude.choices, initial=Attitude.NEUTRAL)
    is_primary = forms.BooleanField(
        label="Primary stakeholder",
        required=False,
        help_text="Directly affected by the issue: users, target populations.",
    )
    note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, organisations=None, editing: Position | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if editing is not None:
            # Who the position is about stays; a typed name can be corrected.
            del self.fields["organisation"]
            if editing.organisation_id:
                del self.fields["label"]
            else:
                self.fields["label"].label = "Name"
                self.fields["label"].required = True
        else:
            field = self.fields["organisation"]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = organisations

    def offer(self, organisations) -> None:
        """Offer only these organisations, as radio buttons (the result of a search),
        instead of a <select> of the whole registry. Any organisation of the queryset is
        still accepted, so a choice made before another search stays valid."""
        field = self.fields["organisation"]
        field.widget = forms.RadioSelect(
            choices=[(str(o.public_id), _organisation_label(o)) for o in organisations]
        )
        field.label = "Organisation"
        field.help_text = (
            "Choose one of those found, or find another above, or type a name below."
            if organisations
            else "Find the organisation above first, or type a name below."
        )


def _organisation_label(organisation) -> str:
    # Name (and acronym), and the country: two organisations may share a name.
    country = organisation.country.name if organisation.country else ""
    return f"{organisation}, {country}" if country else str(organisation)


class PositionRowForm(forms.ModelForm):
    """One row of the table that edits every position of a map at once."""

    interest = score_field("Interest", "")
    influence = score_field("Influence", "")

    class Meta:
        model = Position
        fields = ["interest", "influence", "attitude", "is_primary", "note"]
        widgets = {"note": forms.TextInput()}
        labels = {"is_primary": "Primary"}


PositionTableFormSet = forms.modelformset_factory(
    Position, form=PositionRowForm, extra=0, can_delete=True, edit_only=True
)
