"""Filling agreements from the partnership's records, and the completeness check."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from partnerships.agreements.completeness import completeness_check
from partnerships.agreements.fill import agreement_context, placeholders_fill
from partnerships.agreements.placeholders import PLACEHOLDERS
from partnerships.models import (
    AgreementClause,
    AgreementForm,
    AgreementTemplate,
    AgreementVersion,
)
from partnerships.services.agreement_templates import agreement_templates_seed
from partnerships.services.agreements import agreement_create
from platforms.tenancy import unscoped
from tests.factories import (
    ActivityFactory,
    CommitmentFactory,
    GovernanceBodyFactory,
    ObjectiveFactory,
    PartnerFactory,
    PartnershipFactory,
    ResourceFactory,
)


def full_partnership(platform, partners=3):
    partnership = PartnershipFactory(
        platform=platform,
        title="Clean Water Alliance",
        vision="Safe water for every village.",
        purpose="Pool what each sector does best.",
    )
    made = [
        PartnerFactory(
            partnership=partnership,
            organisation__name=f"Org {n}",
            role="core",
            aims=f"Aim of org {n}",
        )
        for n in range(partners)
    ]
    objective = ObjectiveFactory(
        partnership=partnership, title="Wells", expected_results="40 wells dug"
    )
    ActivityFactory(objective=objective, partnership=partnership, responsible=made[0])
    for p in made:
        ResourceFactory(partner=p, type="cash", description="Grant", value=Decimal("1000"),
                        currency="USD")  # fmt: skip
        CommitmentFactory(partner=p, what=f"Report for {p.organisation.name}")
    GovernanceBodyFactory(
        partnership=partnership, name="Steering group", decision_rule="formal_consensus",
        scope="strategy",
    )  # fmt: skip
    return partnership


def context_of(partnership):
    with unscoped():
        return agreement_context(partnership=partnership)


def test_every_placeholder_is_filled_from_the_records(world):
    partnership = full_partnership(world.a.platform)
    context = context_of(partnership)
    assert set(context) == set(PLACEHOLDERS)
    # {signatories} comes from a version's signatories (test_agreement_fixes_fill.py).
    names = [name for name in PLACEHOLDERS if name != "signatories"]
    text = placeholders_fill(" ".join("{" + name + "}" for name in names), context=context)
    assert "{" not in text
    assert "<ul><li>Org 0 (Core partner)</li>" in context["parties"]
    assert context["vision"] == "Safe water for every village."
    assert "Pool what each sector" in context["purpose"]
    assert "<strong>Wells</strong>: 40 wells dug" in context["objectives"]
    assert "<strong>Org 1</strong>: Aim of org 1" in context["aims"]
    assert "Core partner; responsible for" in context["roles"]
    assert "Cash, Grant (1,000.00 USD)" in context["resources"]
    assert "Steering group" in context["governance"]
    assert "formal consensus" in context["governance"]
    assert "Report for Org 2" in context["commitments"]
    assert context["reporting_cadence"] == "quarterly"
    assert context["platform.name"] == "Platform A"
    assert context["partnership.title"] == "Clean Water Alliance"
    assert context["date"] == f"{world.a.platform.today():%-d %B %Y}"


def test_html_in_the_records_stays_text(world):
    partnership = PartnershipFactory(platform=world.a.platform, vision="<b>bold</b> & more")
    PartnerFactory(partnership=partnership, organisation__name="<script>alert(1)</script>")
    context = context_of(partnership)
    assert "<script>" not in context["parties"]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in context["parties"]
    assert context["vision"] == "&lt;b&gt;bold&lt;/b&gt; &amp; more"


def test_empty_records_leave_the_placeholder_visible(world):
    partnership = PartnershipFactory(platform=world.a.platform)
    filled = placeholders_fill("<p>{vision} / {purpose}</p>", context=context_of(partnership))
    assert filled == "<p>{vision} / {purpose}</p>"


def test_unknown_placeholders_are_left_alone_when_filling(world):
    partnership = full_partnership(world.a.platform)
    assert placeholders_fill("{nope} {a b}", context=context_of(partnership)) == "{nope} {a b}"


def queries_for(partnership) -> int:
    with unscoped(), CaptureQueriesContext(connection) as queries:
        agreement_context(partnership=partnership)
    return len(queries)


def test_the_context_takes_the_same_queries_for_2_or_10_partners(world):
    few = queries_for(full_partnership(world.a.platform, partners=2))
    many = queries_for(full_partnership(world.a.platform, partners=10))
    assert few == many


def draft(platform, partnership, form=AgreementForm.PARTNERSHIP_AGREEMENT):
    agreement_templates_seed(platform=platform)
    with unscoped():
        template = AgreementTemplate.objects.get(platform=platform, form=form)
    agreement = agreement_create(
        platform=platform, partnership=partnership, actor=None, title="Ours", template=template
    )
    with unscoped():
        version = AgreementVersion.objects.select_related("agreement__partnership").get(
            agreement=agreement
        )
        return version, {e.name: e for e in completeness_check(version=version)}


def test_a_full_partnership_is_in_place(world):
    _, elements = draft(world.a.platform, full_partnership(world.a.platform))
    assert len(elements) == 12
    assert {e.rating for e in elements.values()} == {"in_place"}, elements
    assert elements["Parties"].why == "3 partners: Org 0, Org 1, Org 2."


def test_a_thin_partnership_is_missing_things_and_says_why(world):
    partnership = PartnershipFactory(platform=world.a.platform, vision="A vision")
    PartnerFactory(partnership=partnership, organisation__name="Solo", role="lead")
    _, elements = draft(world.a.platform, partnership)
    assert elements["Vision"].rating == "in_place"
    assert elements["Parties"].rating == "partly"
    assert "Only one partner (Solo)" in elements["Parties"].why
    purpose = elements["Common purpose"]
    assert purpose.rating == "missing"
    assert "still shows {purpose}" in purpose.why and "no common purpose" in purpose.why
    assert elements["Objectives"].rating == "missing"
    assert elements["Governance and decision-making"].rating == "missing"
    assert elements["Dispute resolution"].rating == "in_place"
    assert elements["Accountability, monitoring and reporting"].rating == "partly"


def test_aims_missing_for_some_partners_is_partly_naming_them(world):
    partnership = full_partnership(world.a.platform, partners=5)
    with unscoped():
        for p in partnership.partners.filter(organisation__name__in=["Org 1", "Org 3"]):
            p.aims = ""
            p.save()
    _, elements = draft(world.a.platform, partnership)
    aims = elements["Individual aims"]
    assert aims.rating == "partly"
    assert aims.why == "2 of 5 partners have no recorded aims: Org 1, Org 3."


def test_empty_or_absent_clauses_count_against_good_records(world):
    version, _ = draft(world.a.platform, full_partnership(world.a.platform))
    with unscoped():
        AgreementClause.objects.filter(version=version, title="Dispute resolution").delete()
        AgreementClause.objects.filter(version=version, title="Vision").update(body="<p> </p>")
        elements = {e.name: e for e in completeness_check(version=version)}
    assert elements["Dispute resolution"].rating == "missing"
    assert elements["Dispute resolution"].why == "No clause of the agreement covers it."
    assert elements["Vision"].rating == "missing"
    assert "“Vision” is empty" in elements["Vision"].why


@pytest.mark.parametrize("form", [AgreementForm.WORK_PLAN, AgreementForm.CONTRACT])
def test_other_forms_mark_some_elements_not_relevant(world, form):
    _, elements = draft(world.a.platform, full_partnership(world.a.platform), form=form)
    assert elements["Vision"].rating == "not_relevant"
    assert elements["Individual aims"].rating == "not_relevant"
    assert elements["Objectives"].rating == "in_place"
    assert elements["Vision"].why
