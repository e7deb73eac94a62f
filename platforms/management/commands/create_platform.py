"""Create a platform and its first platform admin (operators; superusers can also use /admin/)."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from platforms import selectors, services


class Command(BaseCommand):
    help = "Create a partnership platform with its first platform admin."

    def add_arguments(self, parser):
        parser.add_argument("--name", required=True)
        parser.add_argument("--slug", required=True, help="Used in web addresses: /p/<slug>/")
        parser.add_argument("--admin-email", required=True, help="An existing user's email")
        parser.add_argument("--country", default="")
        parser.add_argument("--time-zone", default="UTC")

    def handle(self, *args, **options):
        admin = selectors.user_by_email(email=options["admin_email"])
        if admin is None:
            raise CommandError(
                f"No user has the email {options['admin_email']}; create the account first."
            )
        try:
            platform = services.platform_create(
                name=options["name"],
                slug=options["slug"],
                admin=admin,
                country=options["country"],
                time_zone=options["time_zone"],
            )
        except ValidationError as error:
            messages = "; ".join(
                f"{field}: {' '.join(errs)}" for field, errs in error.message_dict.items()
            )
            raise CommandError(messages) from error
        self.stdout.write(
            f"Created {platform.name} at /p/{platform.slug}/ with {admin.email} as its admin."
        )
