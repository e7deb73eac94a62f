"""Forms for the agreement templates: a new template, and all of a version's clauses at
once (a formset) with the note saying what changed. The services check everything again."""

from django import forms

from partnerships.agreements.placeholders import PLACEHOLDERS
from partnerships.models.agreements import AgreementForm
from partnerships.services.agreement_templates import BODY_MAX, NOTE_MAX, TITLE_MAX

PLACEHOLDER_HELP = "Placeholders you can use: " + ", ".join("{" + p + "}" for p in PLACEHOLDERS)


class TemplateForm(forms.Form):
    name = forms.CharField(max_length=200)
    form = forms.ChoiceField(
        label="Form of agreement",
        choices=AgreementForm.choices,
        help_text="The template starts from this form's default clauses; edit them next.",
    )
    description = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)


class ClauseForm(forms.Form):
    title = forms.CharField(
        label="Section title",
        max_length=TITLE_MAX,
        error_messages={"required": "Give the section a title (or tick “Remove”)."},
    )
    body = forms.CharField(
        label="Text",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Paragraphs, bold, italics, lists, level 3–4 headings, quotes, tables and "
        "web or email links. " + PLACEHOLDER_HELP + ".",
    )

    def clean_body(self) -> str:
        body = self.cleaned_data.get("body") or ""
        if len(body) > BODY_MAX:
            raise forms.ValidationError(
                f"The text is {len(body):,} characters long; keep it to {BODY_MAX:,} or fewer "
                "(split it into several clauses)."
            )
        return body


class BaseClauseFormSet(forms.BaseFormSet):
    def clauses(self) -> list[dict[str, str]]:
        """The kept clauses, in the order asked for (rows left blank are skipped)."""
        return [
            {"title": f.cleaned_data["title"], "body": f.cleaned_data.get("body", "")}
            for f in self.ordered_forms
        ]


ClauseFormSet = forms.formset_factory(
    ClauseForm,
    formset=BaseClauseFormSet,
    extra=2,
    can_order=True,
    can_delete=True,
    max_num=200,
    validate_max=True,
)


class NoteForm(forms.Form):
    note = forms.CharField(
        label="What changed",
        max_length=NOTE_MAX,
        help_text="Kept with the new version, for whoever reads the history.",
        error_messages={"required": "Say in a few words what changed."},
    )
