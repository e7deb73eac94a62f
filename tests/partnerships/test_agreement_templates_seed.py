"""The default templates: three per platform, version 1 with DOMAIN.md's sections, once."""

import pytest

from partnerships.agreements.defaults import DEFAULTS
from partnerships.agreements.placeholders import placeholders_unknown
from partnerships.demo.templates import agreement_templates_demo_seed
from partnerships.models.agreements import AgreementForm, AgreementTemplate, TemplateClause
from partnerships.services.agreement_templates import agreement_templates_seed
from platforms.services.platforms import platform_create
from platforms.tenancy import unscoped
from tests.factories import UserFactory

DOMAIN_SECTIONS = [
    "Parties",
    "Background and context",
    "Vision",
    "Common purpose",
    "Objectives and expected results",
    "Each partner's individual aims",
    "Roles and responsibilities",
    "Resource commitments",
    "Governance and decision-making",
    "Accountability, monitoring and reporting",
    "Communication, branding, intellectual property and confidentiality",
    "Risk management and conflicts of interest",
    "Dispute resolution",
    "Duration, review, amendment, exit and termination",
    "Shared principles",
    "Signatures",
]


def test_seed_makes_three_templates_at_version_one(world):
    platform = world.a.platform
    assert agreement_templates_seed(platform=platform) == 3
    with unscoped():
        templates = {t.form: t for t in AgreementTemplate.objects.filter(platform=platform)}
        assert set(templates) == set(AgreementForm.values)
        for template in templates.values():
            assert [v.number for v in template.versions.all()] == [1]
        agreement = templates[AgreementForm.PARTNERSHIP_AGREEMENT].versions.get()
        titles = list(agreement.clauses.order_by("position").values_list("title", flat=True))
    assert titles == DOMAIN_SECTIONS


def test_seed_is_idempotent(world):
    platform = world.a.platform
    agreement_templates_seed(platform=platform)
    with unscoped():
        before = TemplateClause.objects.filter(platform=platform).count()
    assert agreement_templates_seed(platform=platform) == 0
    with unscoped():
        assert AgreementTemplate.objects.filter(platform=platform).count() == 3
        assert TemplateClause.objects.filter(platform=platform).count() == before


def test_defaults_use_only_known_placeholders_and_clean_text():
    from partnerships.agreements.sanitise import sanitise

    for clauses in DEFAULTS.values():
        for title, body in clauses:
            assert placeholders_unknown(title + body) == [], title
            assert sanitise(body) == body, title


def test_a_new_platform_gets_its_templates(db):
    admin = UserFactory(email="founder@example.org")
    platform = platform_create(name="Fresh", slug="fresh", admin=admin)
    with unscoped():
        assert AgreementTemplate.objects.filter(platform=platform).count() == 3


def test_demo_seeder_is_idempotent(world):
    platforms = {"alpha": world.a.platform, "beta": world.b.platform}
    assert agreement_templates_demo_seed(platforms=platforms) == 6
    assert agreement_templates_demo_seed(platforms=platforms) == 0


@pytest.mark.parametrize("role", ["admin"])
def test_admin_adds_defaults_from_the_list_page(world, login, role):
    client = login(getattr(world.a, role))
    page = client.get(f"/p/{world.a.platform.slug}/agreement-templates/")
    assert "Add the default templates" in page.content.decode()
    response = client.post(f"/p/{world.a.platform.slug}/agreement-templates/defaults/")
    assert response.status_code == 302
    with unscoped():
        assert AgreementTemplate.objects.filter(platform=world.a.platform).count() == 3
    # A second click adds nothing.
    client.post(f"/p/{world.a.platform.slug}/agreement-templates/defaults/")
    with unscoped():
        assert AgreementTemplate.objects.filter(platform=world.a.platform).count() == 3


def test_observer_cannot_add_defaults(world, login):
    client = login(world.a.observer)
    response = client.post(f"/p/{world.a.platform.slug}/agreement-templates/defaults/")
    assert response.status_code == 403
    with unscoped():
        assert not AgreementTemplate.objects.filter(platform=world.a.platform).exists()
