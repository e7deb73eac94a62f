"""Demo data for `make run`: two platforms drawn from the seed documents, with a user in
every role. Idempotent: a second run finds everything in place and changes nothing."""

import os

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from platforms import hooks
from platforms.models import Membership, Platform, ReportingCadence, Role
from platforms.tenancy import unscoped

User = get_user_model()

PLATFORMS = [
    {
        "slug": "ppg",
        "name": "Partnering for Public Good",
        "country": "Afghanistan",
        "time_zone": "Asia/Kabul",
        "languages": ["en", "fa", "ps"],
        "reporting_cadence": ReportingCadence.QUARTERLY,
        "primary_colour": "#1f5f8b",
        "publishes_register": True,
    },
    {
        "slug": "un-sri-lanka",
        "name": "UN Sri Lanka Partnership Platform",
        "country": "Sri Lanka",
        "time_zone": "Asia/Colombo",
        "languages": ["en", "si", "ta"],
        "reporting_cadence": ReportingCadence.HALF_YEARLY,
        "primary_colour": "#00689d",
        "publishes_register": False,
    },
]

# (email, first name, last name, {platform slug: role})
PEOPLE = [
    (
        "admin@ppg.example",
        "Farida",
        "Rahimi",
        {"ppg": Role.PLATFORM_ADMIN, "un-sri-lanka": Role.OBSERVER},
    ),
    ("broker@ppg.example", "Ahmad", "Karimi", {"ppg": Role.BROKER}),
    ("secretariat@ppg.example", "Mariam", "Noori", {"ppg": Role.SECRETARIAT}),
    ("partner@ppg.example", "Yusuf", "Hakimi", {"ppg": Role.PARTNER_REPRESENTATIVE}),
    ("observer@ppg.example", "Laila", "Azizi", {"ppg": Role.OBSERVER}),
    ("admin@uncp.example", "Nimali", "Perera", {"un-sri-lanka": Role.PLATFORM_ADMIN}),
    ("broker@uncp.example", "Kasun", "Fernando", {"un-sri-lanka": Role.BROKER}),
    ("secretariat@uncp.example", "Tharani", "Sivakumar", {"un-sri-lanka": Role.SECRETARIAT}),
    ("partner@uncp.example", "Ruwan", "Jayasuriya", {"un-sri-lanka": Role.PARTNER_REPRESENTATIVE}),
    ("observer@uncp.example", "Dilani", "Wickramasinghe", {"un-sri-lanka": Role.OBSERVER}),
]


class Command(BaseCommand):
    help = "Create the demo platforms and users (safe to run again)."

    def handle(self, *args, **options):
        password = os.environ.get("DEMO_PASSWORD", "bridgework-demo")
        created = 0
        platforms = {}
        for fields in PLATFORMS:
            platform, was_created = Platform.objects.get_or_create(
                slug=fields["slug"], defaults=fields
            )
            platforms[platform.slug] = platform
            created += was_created
        # Demo data spans platforms on purpose: row-level security is opted out here.
        with unscoped(via="seed"):
            for email, first, last, roles in PEOPLE:
                user, was_created = User.objects.get_or_create(
                    username=email,
                    defaults={"email": email, "first_name": first, "last_name": last},
                )
                if was_created:
                    user.set_password(password)
                    user.save(update_fields=["password"])
                    created += 1
                for slug, role in roles.items():
                    _, was_created = Membership.objects.get_or_create(
                        platform=platforms[slug], user=user, defaults={"role": role}
                    )
                    created += was_created
            if not User.objects.filter(username="superuser@bridgework.example").exists():
                User.objects.create_superuser(
                    username="superuser@bridgework.example",
                    email="superuser@bridgework.example",
                    password=password,
                )
                created += 1
        for seeder in hooks.DEMO_SEEDERS:
            created += seeder(platforms=platforms)
        self.stdout.write(f"Demo data ready ({created} new records).")
