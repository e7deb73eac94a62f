"""Shared set-up for the signing tests: a partnership of A with two partner
organisations, each with a representative, and a drafted partnership agreement."""

from dataclasses import dataclass
from typing import cast

from partnerships.models import (
    Agreement,
    AgreementForm,
    AgreementTemplate,
    AgreementVersion,
    Partner,
    Partnership,
    Signatory,
)
from partnerships.services.access import broker_assign, partner_access_grant
from partnerships.services.agreement_templates import agreement_templates_seed
from partnerships.services.agreements import agreement_create
from partnerships.services.signing import signatory_add, version_issue
from platforms.models import Membership, Role
from platforms.tenancy import platform_transaction, tenant, unscoped
from tests.factories import (
    CommitmentFactory,
    GovernanceBodyFactory,
    MembershipFactory,
    ObjectiveFactory,
    OrganisationFactory,
    PartnerFactory,
    PartnershipFactory,
    RepresentativeFactory,
    ResourceFactory,
)


@dataclass
class Deal:
    partnership: Partnership
    agreement: Agreement
    ours: Partner  # represented by world.a.partner
    theirs: Partner  # represented by other_rep
    other_rep: Membership


def deal(world) -> Deal:
    """Records enough to fill every placeholder of the seeded template: a version still
    holding one cannot be issued."""
    a = world.a.platform
    partnership = cast(
        Partnership,
        PartnershipFactory(
            platform=a,
            vision="Clean water for every village",
            purpose="Safe wells, kept working",
        ),
    )
    mine = OrganisationFactory(platform=a, name="Sarvodaya")
    other = OrganisationFactory(platform=a, name="Water Trust")
    RepresentativeFactory(membership=world.a.partner, organisation=mine)
    other_rep = cast(Membership, MembershipFactory(platform=a, role=Role.PARTNER_REPRESENTATIVE))
    RepresentativeFactory(membership=other_rep, organisation=other)
    ours = cast(
        Partner,
        PartnerFactory(partnership=partnership, organisation=mine, aims="Reach more villages"),
    )
    theirs = cast(Partner, PartnerFactory(partnership=partnership, organisation=other))
    ObjectiveFactory(partnership=partnership, title="Forty wells")
    ResourceFactory(partner=ours)
    GovernanceBodyFactory(partnership=partnership)
    CommitmentFactory(partner=theirs, what="Maintain the wells")
    with platform_transaction(a.pk):
        # As the partners service does: the representatives get the partnership.
        partner_access_grant(platform=a, partner=ours)
        partner_access_grant(platform=a, partner=theirs)
    agreement_templates_seed(platform=a)
    with unscoped():
        template = AgreementTemplate.objects.get(
            platform=a, form=AgreementForm.PARTNERSHIP_AGREEMENT
        )
    with tenant(a.pk):
        broker_assign(platform=a, partnership=partnership, membership=world.a.broker)
    agreement = agreement_create(
        platform=a, partnership=partnership, actor=None, title="Water MoU", template=template
    )
    return Deal(partnership, agreement, ours, theirs, other_rep)


def version(d: Deal, number: int = 1) -> AgreementVersion:
    with unscoped():
        found = AgreementVersion.objects.select_related("agreement").get(
            agreement=d.agreement, number=number
        )
    return found


def add(world, d: Deal, partner: Partner, name: str, member=None, required=True, number=1):
    v = version(d, number)
    with unscoped():
        partner = Partner.objects.select_related("organisation").get(pk=partner.pk)
    return signatory_add(
        platform=world.a.platform,
        actor=world.a.broker.user,
        version=v,
        partner=partner,
        name=name,
        required=required,
        member=member,
    )


def issued(world, d: Deal) -> tuple[Signatory, Signatory]:
    """Version 1 issued, with a required signatory for each partner, linked."""
    mine = add(world, d, d.ours, "Asha Perera", member=world.a.partner)
    theirs = add(world, d, d.theirs, "Ben Silva", member=d.other_rep)
    version_issue(platform=world.a.platform, actor=world.a.broker.user, version=version(d))
    return mine, theirs


def fresh(signatory: Signatory) -> Signatory:
    with unscoped():
        return Signatory.objects.select_related("version").get(pk=signatory.pk)


def base(d: Deal, tail: str = "") -> str:
    p = d.partnership
    return (
        f"/p/{p.platform.slug}/partnerships/{p.public_id}/agreements/{d.agreement.public_id}/{tail}"
    )
