"""Forms of the register of agreements: its GET filters, and the selection a POST sends
for a zip. They parse input; which ids may be taken is the service's rule."""

import uuid

from django import forms
from django.core.exceptions import ValidationError

from partnerships.models import Stage
from partnerships.selectors.agreement_register import FORM_SHORT, RegisterStatus
from partnerships.services.agreement_zips import NOT_FOUND
from platforms.forms import ListFilterForm

SORT_CHOICES = [
    ("", "Title"),
    ("changed", "Last change"),
    ("executed", "Executed, newest first"),
]
DATE = forms.DateInput(attrs={"type": "date"})
DATE_INVALID = {"invalid": "Enter a date, for example 2026-03-31."}


class RegisterFilterForm(ListFilterForm):
    q = forms.CharField(
        label="Search",
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search"}),
        help_text="Words in the agreement's or the partnership's title.",
    )
    status = forms.ChoiceField(
        required=False, choices=[("", "Any status"), *RegisterStatus.choices]
    )
    form = forms.ChoiceField(
        label="Form", required=False, choices=[("", "Any form"), *FORM_SHORT.items()]
    )
    stage = forms.TypedChoiceField(
        label="Partnership stage",
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "Any stage"), *Stage.choices],
    )
    partnership = forms.TypedChoiceField(
        required=False,
        coerce=uuid.UUID,
        empty_value=None,
        error_messages={"invalid_choice": "Choose a partnership that has agreements."},
    )
    executed_from = forms.DateField(
        label="Executed from", required=False, widget=DATE, error_messages=DATE_INVALID
    )
    executed_to = forms.DateField(
        label="Executed until", required=False, widget=DATE, error_messages=DATE_INVALID
    )
    sort = forms.ChoiceField(label="Sort by", required=False, choices=SORT_CHOICES)

    def __init__(self, *args, partnerships: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["partnership"]
        assert isinstance(field, forms.ChoiceField)  # noqa: S101 - narrows the type
        field.choices = [("", "Any partnership"), *partnerships]

    def clean(self):
        data = super().clean()
        start, end = data.get("executed_from"), data.get("executed_to")
        if start and end and start > end:
            self.add_error("executed_to", "The end of the period comes before its start.")
        return data


class IdListField(forms.Field):
    """Ticked checkboxes: a list of UUIDs. Anything that is not one is refused the way an
    unknown id is, saying nothing about which."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value) -> list[uuid.UUID]:
        if not value:
            return []
        if not isinstance(value, list | tuple):
            raise ValidationError(NOT_FOUND)
        try:
            return list(dict.fromkeys(uuid.UUID(str(item)) for item in value))
        except ValueError as error:
            raise ValidationError(NOT_FOUND) from error


class RegisterSelectionForm(forms.Form):
    selected = IdListField(required=False)
    # The register's query string, to go back to the same filters and page.
    back = forms.CharField(required=False, max_length=2000)
