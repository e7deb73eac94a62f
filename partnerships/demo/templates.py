"""Demo data: each demo platform's default agreement templates. Normally the platform's
creation seeds them (services.agreement_templates); this covers demo platforms made
before templates existed. Idempotent, like the seeding itself."""

from partnerships.services.agreement_templates import agreement_templates_seed
from platforms.hooks import demo_seeder
from platforms.models import Platform


@demo_seeder
def agreement_templates_demo_seed(*, platforms: dict[str, Platform]) -> int:
    """Returns the number of templates created."""
    return sum(agreement_templates_seed(platform=p) for p in platforms.values())
