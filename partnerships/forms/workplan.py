"""Forms of the work plan: objectives and activities. They parse input; the rules live in
partnerships.services.workplan. ``partner_field`` is shared with the resources and
commitments forms."""

from django import forms

from partnerships.models import ActivityStatus, Partner
from partnerships.services.agreed_checks import DAY_MAX, DAY_MIN, DAY_RANGE

DATE_FORMAT_MESSAGE = "Enter the date as YYYY-MM-DD."


def date_input() -> forms.DateInput:
    return forms.DateInput(
        attrs={"type": "date", "min": DAY_MIN.isoformat(), "max": DAY_MAX.isoformat()},
        format="%Y-%m-%d",
    )


def day_in_range(value) -> None:
    """A partnership's dates lie from 1900 to 2100 (the services check it too)."""
    if value is not None and not DAY_MIN <= value <= DAY_MAX:
        raise forms.ValidationError(DAY_RANGE, code="out_of_range")


def date_field(label: str, **kwargs) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=False,
        widget=date_input(),
        error_messages={"invalid": DATE_FORMAT_MESSAGE},
        validators=[day_in_range],
        **kwargs,
    )


class PartnerField(forms.ChoiceField):
    """A choice among the partnership's partners (by public id); cleans to the Partner.
    An id that is not among the choices (another partnership's partner) is refused."""

    def __init__(self, *, partners: list[Partner], empty: str | None, **kwargs):
        self.partners = {str(p.public_id): p for p in partners}
        choices = [
            (key, str(p.organisation) + ("" if p.left_on is None else " (left)"))
            for key, p in self.partners.items()
        ]
        if empty is not None:
            choices.insert(0, ("", empty))
        super().__init__(choices=choices, required=empty is None, **kwargs)
        self.error_messages["invalid_choice"] = (
            "That organisation is not a partner of this partnership: choose one from the list."
        )

    def clean(self, value):
        key = super().clean(value)
        return self.partners.get(key) if key else None


def partner_field(
    partners: list[Partner], *, label: str, empty: str | None, **kwargs
) -> PartnerField:
    return PartnerField(partners=partners, empty=empty, label=label, **kwargs)


def partner_initial(partner: Partner | None) -> str:
    return str(partner.public_id) if partner is not None else ""


class ObjectiveForm(forms.Form):
    title = forms.CharField(
        label="Objective",
        max_length=300,
        error_messages={"required": "Give the objective a title."},
        help_text="What the partnership sets out to achieve, in a sentence.",
    )
    expected_results = forms.CharField(
        label="Expected results",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What will show the objective was met: outputs, outcomes, targets.",
    )
    position = forms.IntegerField(
        label="Position",
        required=False,
        min_value=0,
        max_value=32767,
        help_text="Objectives are listed by position, 0 first. Leave empty to put it last.",
        error_messages={"invalid": "The position is a whole number from 0 (first) upwards."},
    )


class ActivityForm(forms.Form):
    title = forms.CharField(
        label="Activity",
        max_length=300,
        error_messages={"required": "Give the activity a title."},
    )
    starts_on = date_field("Starts on")
    ends_on = date_field("Ends on")
    status = forms.ChoiceField(label="Status", choices=ActivityStatus.choices)

    def __init__(self, *args, partners: list[Partner], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible"] = partner_field(
            partners,
            label="Responsible partner",
            empty="No partner yet",
            help_text="An active partner of this partnership.",
        )
        # The partner comes right after the title.
        order = ["title", "responsible", "starts_on", "ends_on", "status"]
        self.order_fields(order)
