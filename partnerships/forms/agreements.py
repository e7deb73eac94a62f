"""Forms for drafting agreements. Editing a draft's clauses uses the templates' clause
formset (forms.agreement_templates.ClauseFormSet): the same clause, the same checks."""

from django import forms

from partnerships.models import AgreementTemplate
from partnerships.services.agreements import TITLE_MAX


class AgreementCreateForm(forms.Form):
    template = forms.ModelChoiceField(
        queryset=AgreementTemplate.objects.none(),
        label="Template",
        help_text="Its newest version's clauses are filled from this partnership's records.",
        error_messages={
            "required": "Choose the template to draft from.",
            "invalid_choice": "Choose one of the platform's templates in use.",
        },
    )
    title = forms.CharField(
        max_length=TITLE_MAX, error_messages={"required": "Give the agreement a title."}
    )

    def __init__(self, *args, templates, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["template"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = templates
        field.label_from_instance = lambda t: f"{t.name} ({t.get_form_display()})"
