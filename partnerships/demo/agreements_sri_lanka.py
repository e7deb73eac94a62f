"""The UN Sri Lanka platform's agreements, by partnership: the partnering agreement the
six home-garden partners signed at the steering committee (which let the partnership into
implementation) with its amendment in draft, that partnership's work plan issued and
waiting for every signature (the demo partner's, Ruwan Jayasuriya's, among them), the
app's contract signed by two parties of four, and an agreement still being drafted."""

from partnerships.models import AgreementForm
from stakeholders.demo import sri_lanka_organisations as lk

from .records import AgreementSpec, AmendmentSpec, SignatorySpec
from .sri_lanka import COLOMBO, HOME_GARDENS, NUTRITION_APP, URBAN_NUTRITION, WORLD_VISION

STEERING_COMMITTEE = 100  # days ago: where the six partners signed

HOME_GARDENS_AGREEMENT = AgreementSpec(
    form=AgreementForm.PARTNERSHIP_AGREEMENT,
    title="Partnering agreement: home gardens and school meals",
    drafted_days_ago=130,
    issued_days_ago=112,
    signatories=(
        SignatorySpec(lk.WFP, "Hiroshi Tanaka", signed_days_ago=STEERING_COMMITTEE),
        SignatorySpec(lk.UNICEF, "Thomas Keller", signed_days_ago=STEERING_COMMITTEE),
        SignatorySpec(lk.SARVODAYA, "Ruwan Jayasuriya", signed_days_ago=STEERING_COMMITTEE),
        SignatorySpec(lk.MINISTRY_OF_EDUCATION, "Anoma Dissanayake", signed_days_ago=104),
        SignatorySpec(lk.SUPERMARKET, "Roshan de Silva", signed_days_ago=STEERING_COMMITTEE),
        SignatorySpec(lk.SAMURDHI, "Priyantha Kumara", signed_days_ago=STEERING_COMMITTEE),
    ),
    amendment=AmendmentSpec(
        reason="Adds the produce grading standard Island Fresh Supermarkets asked for "
        "(still under discussion), and a yearly review of the price the schools pay.",
        drafted_days_ago=10,
        clauses=(
            (
                "Resource commitments",
                "<p>The partners commit the following resources, financial and in kind:</p>"
                "<p>{resources}</p><p>The price the school kitchens pay for the families' "
                "vegetables is reviewed every year by the steering committee, against the "
                "district market price.</p>",
            ),
            (
                "Produce grading standard",
                "<p>Vegetables bought by Island Fresh Supermarkets are graded at the village "
                "collection points by trained Sarvodaya volunteers, against a three-grade "
                "standard the supermarket publishes. Produce below grade two stays with the "
                "families, free to sell at the village fair.</p>",
            ),
        ),
    ),
)

HOME_GARDENS_WORK_PLAN = AgreementSpec(
    form=AgreementForm.WORK_PLAN,
    title="Home gardens work plan: second school year",
    drafted_days_ago=15,
    issued_days_ago=6,
    signatories=(
        SignatorySpec(lk.WFP, "Hiroshi Tanaka"),
        SignatorySpec(lk.UNICEF, "Thomas Keller"),
        SignatorySpec(lk.SARVODAYA, "Ruwan Jayasuriya"),
        SignatorySpec(lk.SARVODAYA, "Shanika Fonseka", required=False),
        SignatorySpec(lk.MINISTRY_OF_EDUCATION, "Anoma Dissanayake"),
        SignatorySpec(lk.SUPERMARKET, "Roshan de Silva"),
        SignatorySpec(lk.SAMURDHI, "Priyantha Kumara"),
    ),
)

APP_CONTRACT = AgreementSpec(
    form=AgreementForm.CONTRACT,
    title="App design and maintenance contract",
    drafted_days_ago=35,
    issued_days_ago=24,
    signatories=(
        SignatorySpec(lk.UNICEF, "Thomas Keller", signed_days_ago=20),
        SignatorySpec(lk.UNICEF, "Meera Nadarajah", required=False, signed_days_ago=20),
        SignatorySpec(lk.APP_DESIGNER, "Kavindu Wickremesinghe", signed_days_ago=19),
        SignatorySpec(lk.MINISTRY_OF_HEALTH, "Dr Chandrika Senanayake"),
        SignatorySpec(lk.SUN_PF, "Kumari Rajapaksha"),
    ),
    clauses=(
        (
            "Scope of work and deliverables",
            "<p>Pixel Paddy Apps designs, builds and maintains the app in Sinhala and "
            "Tamil:</p><ul><li>a first version tested with 200 families in the "
            "Southern Province;</li><li>the content UNICEF provides, once the Ministry of "
            "Health has approved it against the national guidelines;</li><li>two years of "
            "maintenance and security updates after the launch.</li></ul>",
        ),
    ),
)

URBAN_AGREEMENT = AgreementSpec(
    form=AgreementForm.PARTNERSHIP_AGREEMENT,
    title="Partnering agreement: healthy food in Colombo's settlements",
    drafted_days_ago=9,
    signatories=(
        SignatorySpec(COLOMBO, "Rizwan Hameed"),
        SignatorySpec(WORLD_VISION, "Jude Fernandopulle"),
    ),
)

AGREEMENTS: dict[str, tuple[AgreementSpec, ...]] = {
    HOME_GARDENS.title: (HOME_GARDENS_AGREEMENT, HOME_GARDENS_WORK_PLAN),
    NUTRITION_APP.title: (APP_CONTRACT,),
    URBAN_NUTRITION.title: (URBAN_AGREEMENT,),
}
