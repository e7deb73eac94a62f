"""The Partnering for Public Good platform's agreements, by partnership: the memorandum of
understanding the certification programme signed at the summit (which let it into
implementation) and its amendment once Pajhwok had left, that programme's work plan
issued and waiting for every signature (the demo partner's, Yusuf Hakimi's, among them),
a research contract signed by one party of three, and a memorandum still being drafted."""

from partnerships.models import AgreementForm
from stakeholders.demo.afghanistan import ACCI, ACSFO, ANSA, AWN

from .afghanistan import (
    ACBAR,
    AGA_KHAN,
    AUAF,
    CERTIFICATION,
    ECONOMY,
    PAJHWOK,
    QUALITY,
    SAFE_WORKPLACES,
)
from .records import AgreementSpec, AmendmentSpec, SignatorySpec

SUMMIT = 76  # days ago: the Partnering for Public Good summit, where the MoU was signed

CERTIFICATION_MOU = AgreementSpec(
    form=AgreementForm.PARTNERSHIP_AGREEMENT,
    title="Memorandum of understanding: CSO certification programme",
    drafted_days_ago=110,
    issued_days_ago=95,
    signatories=(
        SignatorySpec(ACSFO, "Yusuf Hakimi", signed_days_ago=SUMMIT),
        SignatorySpec(ACBAR, "Omid Stanikzai", signed_days_ago=SUMMIT),
        SignatorySpec(AWN, "Zarghona Sadat", signed_days_ago=SUMMIT),
        SignatorySpec(AGA_KHAN, "Karim Jiwa", signed_days_ago=SUMMIT),
        SignatorySpec(PAJHWOK, "Ahmad Shah Nazari", signed_days_ago=SUMMIT),
        SignatorySpec(ECONOMY, "Habiba Waziri", signed_days_ago=SUMMIT),
    ),
    amendment=AmendmentSpec(
        reason="Pajhwok Afghan News has left the partnership: the parties are updated, and "
        "the partners now publish the certification results themselves.",
        drafted_days_ago=45,
        issued_days_ago=38,
        signed_days_ago=30,
        clauses=(
            ("Parties", "<p>This agreement is made between the following partners:</p>"
             "<p>{parties}</p>"),
            (
                "Communication, branding, intellectual property and confidentiality",
                "<p>ACSFO publishes the list of certified organisations every quarter; each "
                "partner may share it on its own channels. The partners agree together how "
                "the programme is presented and how each partner's name and logo are used. "
                "Each partner keeps its own intellectual property. Information marked "
                "confidential, including an organisation's assessment, is not shared "
                "outside the certification panel.</p>",
            ),
        ),
    ),
)  # fmt: skip

CERTIFICATION_WORK_PLAN = AgreementSpec(
    form=AgreementForm.WORK_PLAN,
    title="Certification work plan: year two",
    drafted_days_ago=20,
    issued_days_ago=12,
    signatories=(
        SignatorySpec(ACSFO, "Yusuf Hakimi"),
        SignatorySpec(ACSFO, "Shabnam Rasuli", required=False),
        SignatorySpec(ACBAR, "Omid Stanikzai"),
        SignatorySpec(AWN, "Zarghona Sadat"),
        SignatorySpec(AGA_KHAN, "Karim Jiwa"),
        SignatorySpec(ECONOMY, "Habiba Waziri"),
    ),
)

SURVEY_CONTRACT = AgreementSpec(
    form=AgreementForm.CONTRACT,
    title="Research contract: workplace harassment survey",
    drafted_days_ago=30,
    issued_days_ago=21,
    signatories=(
        SignatorySpec(AUAF, "Sarah Whitfield", signed_days_ago=18),
        SignatorySpec(AWN, "Zarghona Sadat"),
        SignatorySpec(ACCI, "Jawed Amiri"),
    ),
    clauses=(
        (
            "Scope of work and deliverables",
            "<p>The American University of Afghanistan surveys 600 women employees in "
            "Kabul, Herat and Mazar-i-Sharif on harassment at work and on what the "
            "regulation has changed, and delivers:</p><ul><li>the questionnaire, agreed "
            "with the Afghan Women's Network;</li><li>an anonymised data set;</li><li>a "
            "report with recommendations for employers, presented to the Chamber's "
            "members.</li></ul>",
        ),
    ),
)

QUALITY_MOU = AgreementSpec(
    form=AgreementForm.PARTNERSHIP_AGREEMENT,
    title="Memorandum of understanding: quality of imported food and medicines",
    drafted_days_ago=9,
    signatories=(
        SignatorySpec(ANSA, "Eng. Naweed Popal"),
        SignatorySpec(ACCI, "Jawed Amiri"),
        SignatorySpec(ACSFO, "Yusuf Hakimi"),
        # Kabul University and UNDP have not named their signatories yet: the draft cannot
        # be issued until they do.
    ),
)

AGREEMENTS: dict[str, tuple[AgreementSpec, ...]] = {
    CERTIFICATION.title: (CERTIFICATION_MOU, CERTIFICATION_WORK_PLAN),
    SAFE_WORKPLACES.title: (SURVEY_CONTRACT,),
    QUALITY.title: (QUALITY_MOU,),
}
