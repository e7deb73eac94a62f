"""Forms for stakeholder maps. They parse input; the rules live in stakeholders.services.maps."""

from django import forms

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
    """Picks two snapshots; the choices are the platform's maps (given by the view)."""

    def __init__(self, *args, maps=(), **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", "Choose a snapshot")] + [
            (str(m.public_id), f"{m.issue}: {m.title} ({m.as_of:%d %b %Y})") for m in maps
        ]
        self.fields["from"] = forms.ChoiceField(label="One snapshot", choices=choices)
        self.fields["to"] = forms.ChoiceField(
            label="Another snapshot",
            choices=choices,
            help_text="They are compared from the earlier to the later, whichever you pick first.",
        )


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
