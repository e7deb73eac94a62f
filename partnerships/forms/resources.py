"""The form of a resource a partner contributes; the rules live in
partnerships.services.resources."""

from django import forms

from partnerships.forms.workplan import date_field, partner_field
from partnerships.models import Partner, ResourceType


class ResourceForm(forms.Form):
    type = forms.ChoiceField(
        label="Type",
        choices=ResourceType.choices,
        error_messages={"required": "Choose the type of resource."},
    )
    description = forms.CharField(
        label="Description",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": "Describe the resource, for example “Two field staff for a year”."
        },
    )
    value = forms.DecimalField(
        label="Estimated value",
        required=False,
        min_value=0,
        max_digits=14,
        decimal_places=2,
        help_text="Optional. In the currency below; never converted.",
        error_messages={
            "invalid": "Enter the estimated value as a number, for example 25000 or 1200.50.",
            "min_value": "The estimated value cannot be negative: enter 0 or more.",
            "max_decimal_places": "Give the value with at most two decimals, for example 1200.50.",
            "max_digits": "That value is too large: enter at most 999,999,999,999.99.",
            "max_whole_digits": "That value is too large: enter at most 999,999,999,999.99.",
        },
    )
    currency = forms.CharField(
        label="Currency",
        required=False,
        max_length=8,
        help_text="The three-letter ISO 4217 code, for example USD, EUR or LKR. "
        "Needed when a value is given.",
        widget=forms.TextInput(attrs={"size": 4, "autocapitalize": "characters"}),
    )
    period_start = date_field("Period starts on")
    period_end = date_field("Period ends on")

    def __init__(self, *args, partners: list[Partner], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner"] = partner_field(
            partners,
            label="Partner",
            empty=None,
            help_text="The active partner that contributes it.",
            error_messages={"required": "Choose the partner that contributes the resource."},
        )
        self.order_fields(["partner"])
