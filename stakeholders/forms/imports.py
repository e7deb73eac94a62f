"""Forms of the CSV import. They parse input; the rules live in stakeholders.services.imports."""

from django import forms

from stakeholders.models import DuplicateChoice


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label="CSV file",
        # The service says what is wrong with a missing or empty file, like the rest.
        required=False,
        allow_empty_file=True,
        help_text="A .csv file saved as UTF-8, at most 5 MB and 20,000 rows.",
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )


class ImportConfirmForm(forms.Form):
    duplicates = forms.ChoiceField(
        label="Organisations already in the registry",
        choices=DuplicateChoice.choices,
        required=False,  # required by the service only when the file has duplicates
        widget=forms.RadioSelect,
    )
