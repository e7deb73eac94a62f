"""Forms of the fundamentals health check: opening a round, and a partner's response.
They parse input; partnerships.services.health holds the rules."""

from datetime import date

from django import forms

from partnerships.models import FUNDAMENTALS, RATING_MAX, RATING_MIN, Fundamental
from partnerships.services.agreed_checks import day

LABELS = dict(Fundamental.choices)

# What each fundamental asks, so that partners rate the same thing.
EXPLANATIONS = {
    Fundamental.VALUE_CREATION: (
        "The partnership creates value, for each partner and for the issue, that no partner "
        "could create alone, and that value is worth what partnering costs."
    ),
    Fundamental.RIGHT_STAKEHOLDERS: (
        "The organisations the issue needs are around the table, and together they bring "
        "the resources the work needs: money, skills, networks, data, legitimacy."
    ),
    Fundamental.SHARED_VISION: (
        "Partners agree where the partnership is going and why, and getting there serves "
        "each partner's own interests."
    ),
    Fundamental.COMPATIBLE_VALUES: (
        "Partners' principles and ways of working fit together well enough for trust, "
        "even where they differ."
    ),
    Fundamental.EMPOWERED_PARTNERS: (
        "Every partner has a real voice in decisions whatever its size or money, and none "
        "dominates."
    ),
    Fundamental.SENIOR_COMMITMENT: (
        "Each partner's leadership backs the partnership, and the people doing the work "
        "have the partnering skills it needs."
    ),
}

WORDS = {1: "Not at all", 2: "A little", 3: "Partly", 4: "Mostly", 5: "Fully"}
SCALE = [(n, f"{n} – {WORDS[n]}") for n in range(RATING_MIN, RATING_MAX + 1)]


class HealthRoundForm(forms.Form):
    title = forms.CharField(
        max_length=200,
        required=False,
        help_text="For example “Mid-year check 2026”. Left empty, the month is used.",
    )
    closes_on = forms.DateField(
        label="Closes on",
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="Partners can respond until the end of this day, in the platform's time zone.",
    )

    def __init__(self, *args, today: date, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today
        self.fields["closes_on"].widget.attrs["min"] = today.isoformat()

    def clean_closes_on(self) -> date:
        closes_on = self.cleaned_data["closes_on"]
        if closes_on < self.today:
            raise forms.ValidationError(
                f"The closing date cannot be in the past: today is {day(self.today)} "
                "on this platform."
            )
        return closes_on


def comment_field(name: str) -> str:
    return f"{name}_comment"


class HealthResponseForm(forms.Form):
    """A rating (radio buttons 1-5) and an optional comment per fundamental, in pairs so
    the generic form partial shows each comment under its rating."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in FUNDAMENTALS:
            self.fields[name] = forms.TypedChoiceField(
                label=LABELS[name],
                choices=SCALE,
                coerce=int,
                widget=forms.RadioSelect,
                help_text=EXPLANATIONS[name],
                error_messages={
                    "required": f"Rate “{LABELS[name]}” from 1 to 5.",
                    "invalid_choice": "Choose a rating from 1 to 5.",
                },
            )
            self.fields[comment_field(name)] = forms.CharField(
                label=f"Comment on “{LABELS[name]}” (optional)",
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    @staticmethod
    def initial_from(response) -> dict:
        if response is None:
            return {}
        initial: dict = {name: getattr(response, name) for name in FUNDAMENTALS}
        for name in FUNDAMENTALS:
            initial[comment_field(name)] = (response.comments or {}).get(name, "")
        return initial

    def ratings(self) -> dict[str, int]:
        return {name: self.cleaned_data[name] for name in FUNDAMENTALS}

    def comments(self) -> dict[str, str]:
        return {name: self.cleaned_data[comment_field(name)] for name in FUNDAMENTALS}
