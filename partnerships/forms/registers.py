"""Forms of the "Risks and learning" tab. They parse input; the rules live in
partnerships.services.registers."""

from django import forms

from partnerships.models import Lever, Partner, RiskCategory
from partnerships.selectors.registers import IMPACT_LABELS, LEVER_NOTES, LIKELIHOOD_LABELS
from partnerships.services.registers import SCORE_WORDS

CATEGORIES_IN_WORDS = ", ".join(str(c.label).lower() for c in RiskCategory)


class LeversForm(forms.Form):
    levers = forms.MultipleChoiceField(
        label="Levers the partnership brings to bear",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=[(lever.value, f"{lever.label}: {LEVER_NOTES[lever.value]}") for lever in Lever],
        help_text="Tick every lever the partners bring, or create together. None is fine "
        "while it is still unclear.",
        error_messages={"invalid_choice": "Not a lever: %(value)s. Choose among the 13 listed."},
    )


class OwnerField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Partner) -> str:
        return str(obj.organisation.name)


def _score_field(label: str, names: dict[int, str], field: str) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        coerce=int,
        choices=[("", "—")] + [(value, f"{value} – {name}") for value, name in names.items()],
        error_messages={"required": SCORE_WORDS[field], "invalid_choice": SCORE_WORDS[field]},
    )


class RiskForm(forms.Form):
    category = forms.ChoiceField(
        label="Category",
        choices=[("", "—"), *RiskCategory.choices],
        error_messages={
            "required": f"Choose a category: {CATEGORIES_IN_WORDS}.",
            "invalid_choice": f"Choose a category: {CATEGORIES_IN_WORDS}.",
        },
    )
    description = forms.CharField(
        label="Risk",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What could go wrong, and why.",
        error_messages={"required": "Describe the risk: what could go wrong, and why."},
    )
    likelihood = _score_field("Likelihood", LIKELIHOOD_LABELS, "likelihood")
    impact = _score_field("Impact", IMPACT_LABELS, "impact")
    mitigation = forms.CharField(
        label="Mitigation",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What the partners do to make it less likely or less harmful.",
    )
    owner = OwnerField(
        label="Owner",
        queryset=Partner.objects.none(),
        to_field_name="public_id",
        required=False,
        empty_label="— No owner yet —",
        help_text="The partner that watches this risk and acts on it.",
        error_messages={"invalid_choice": "Choose one of this partnership's active partners."},
    )

    def __init__(self, *args, owners, current_owner: Partner | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        choices = list(owners)
        # A partner that has since left may stay the owner of a risk recorded before.
        if current_owner is not None and current_owner.pk not in {p.pk for p in choices}:
            choices.append(current_owner)
        owner_field = self.fields["owner"]
        assert isinstance(owner_field, forms.ModelChoiceField)
        owner_field.queryset = Partner.objects.filter(pk__in=[p.pk for p in choices])
        # Labels come from the partners already fetched, not a query per option.
        owner_field.choices = [("", owner_field.empty_label)] + [
            (str(p.public_id), p.organisation.name) for p in choices
        ]


class DivergenceForm(forms.Form):
    description = forms.CharField(
        label="The disagreement",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What the partners acknowledged they disagree on (“agree to disagree”).",
        error_messages={"required": "Describe the disagreement the partners acknowledged."},
    )
    handling = forms.CharField(
        label="How it is handled",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="For example: one partner opts out of that activity.",
    )


class LessonForm(forms.Form):
    text = forms.CharField(
        label="Lesson learned",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Write down the lesson learned."},
    )
