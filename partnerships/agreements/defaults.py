"""The clauses each form of agreement starts from: DOMAIN.md's usual sections, with short
bodies a platform's admins are expected to rewrite in their own words. Bodies are limited
rich text (agreements.sanitise) and use only the placeholders in agreements.placeholders."""

from partnerships.models.agreements import AgreementForm

Clause = tuple[str, str]

PARTNERSHIP_AGREEMENT: tuple[Clause, ...] = (
    ("Parties", "<p>This agreement is made between the following partners:</p><p>{parties}</p>"),
    (
        "Background and context",
        "<p>The partners come together in {partnership.title}, brokered through "
        "{platform.name}, to address a challenge none of them can address alone.</p>",
    ),
    ("Vision", "<p>{vision}</p>"),
    ("Common purpose", "<p>{purpose}</p>"),
    (
        "Objectives and expected results",
        "<p>The partners will work towards these objectives and results:</p><p>{objectives}</p>",
    ),
    (
        "Each partner's individual aims",
        "<p>Each partner also takes part for reasons of its own, recorded openly here:</p>"
        "<p>{aims}</p>",
    ),
    ("Roles and responsibilities", "<p>{roles}</p>"),
    (
        "Resource commitments",
        "<p>The partners commit the following resources, financial and in kind:</p>"
        "<p>{resources}</p>",
    ),
    (
        "Governance and decision-making",
        "<p>The partnership is governed as follows, with these decision rules:</p>"
        "<p>{governance}</p>",
    ),
    (
        "Accountability, monitoring and reporting",
        "<p>Each partner is accountable for its commitments:</p><p>{commitments}</p>"
        "<p>The partnership reports {reporting_cadence}.</p>",
    ),
    (
        "Communication, branding, intellectual property and confidentiality",
        "<p>The partners agree together how the partnership is presented and how each "
        "partner's name and logo are used. Each partner keeps its own intellectual property; "
        "what the partners create together is owned as they agree in writing. Information "
        "marked confidential is not shared outside the partnership.</p>",
    ),
    (
        "Risk management and conflicts of interest",
        "<p>The partners identify and review the partnership's risks together, and each "
        "declares any conflict of interest as soon as it arises.</p>",
    ),
    (
        "Dispute resolution",
        "<p>Disagreements are first discussed openly between the partners concerned, then "
        "brought to the partnership's governing body, and only then to mediation.</p>",
    ),
    (
        "Duration, review, amendment, exit and termination",
        "<p>This agreement takes effect on {date} and is reviewed at least once a year. It "
        "is amended only in writing, signed by every partner. A partner may leave with "
        "three months' written notice, honouring the commitments already made.</p>",
    ),
    (
        "Shared principles",
        "<p>The partners work by equity, transparency and mutual benefit, and treat one "
        "another as equals whatever their size or resources.</p>",
    ),
    ("Signatures", "<p>Signed on behalf of each partner by its authorised signatories.</p>"),
)

CONTRACT: tuple[Clause, ...] = (
    ("Parties", "<p>This contract is made between:</p><p>{parties}</p>"),
    ("Purpose", "<p>{purpose}</p>"),
    ("Scope of work and deliverables", "<p>{objectives}</p>"),
    ("Roles and responsibilities", "<p>{roles}</p>"),
    ("Resources and payment", "<p>{resources}</p>"),
    ("Reporting", "<p>The parties report {reporting_cadence}.</p><p>{commitments}</p>"),
    (
        "Confidentiality and intellectual property",
        "<p>Each party keeps confidential what the other marks confidential, and keeps "
        "its own intellectual property.</p>",
    ),
    (
        "Dispute resolution",
        "<p>The parties first seek to settle any dispute by discussion, then by mediation.</p>",
    ),
    (
        "Duration and termination",
        "<p>This contract runs from {date} until the work is delivered, unless ended "
        "earlier by either party with written notice.</p>",
    ),
    ("Signatures", "<p>Signed by the authorised signatories of each party.</p>"),
)

WORK_PLAN: tuple[Clause, ...] = (
    (
        "Introduction",
        "<p>This work plan is an annex to the agreement of {partnership.title}.</p>",
    ),
    ("Objectives and expected results", "<p>{objectives}</p>"),
    ("Activities and responsibilities", "<p>{roles}</p>"),
    ("Resources", "<p>{resources}</p>"),
    ("Commitments and timeline", "<p>{commitments}</p>"),
    (
        "Monitoring and reporting",
        "<p>Progress against this plan is reported {reporting_cadence}.</p>",
    ),
    (
        "Review",
        "<p>The partners review this plan together at least once a year, from {date}.</p>",
    ),
)

DEFAULTS: dict[str, tuple[Clause, ...]] = {
    AgreementForm.PARTNERSHIP_AGREEMENT: PARTNERSHIP_AGREEMENT,
    AgreementForm.CONTRACT: CONTRACT,
    AgreementForm.WORK_PLAN: WORK_PLAN,
}

# The seeded templates' names and descriptions, one per form.
TEMPLATES: dict[str, tuple[str, str]] = {
    AgreementForm.PARTNERSHIP_AGREEMENT: (
        "Partnership agreement",
        "The partnership agreement (memorandum of understanding): the essential defining "
        "elements the partners agree, section by section.",
    ),
    AgreementForm.CONTRACT: (
        "Contract",
        "A contract between partners for specific work, deliverables and payment.",
    ),
    AgreementForm.WORK_PLAN: (
        "Work plan",
        "The work plan, often an annex to the partnership agreement.",
    ),
}
