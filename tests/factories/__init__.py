"""factory_boy factories. Tenant rows are written with row-level security opted out
(the test's own set-up is privileged work), so they can be made for any platform."""

import factory
from django.contrib.auth import get_user_model

from platforms.models import Job, Membership, Platform, Role
from platforms.tenancy import unscoped


class TenantFactory(factory.django.DjangoModelFactory):
    class Meta:
        abstract = True

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        with unscoped(via="test"):
            return super()._create(model_class, *args, **kwargs)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    username = factory.SelfAttribute("email")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    password = factory.django.Password("correct horse battery staple")


class PlatformFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Platform

    name = factory.Sequence(lambda n: f"Platform {n}")
    slug = factory.Sequence(lambda n: f"platform-{n}")
    country = "Sri Lanka"
    time_zone = "Asia/Colombo"
    languages = ["en"]


class MembershipFactory(TenantFactory):
    class Meta:
        model = Membership

    platform = factory.SubFactory(PlatformFactory)
    user = factory.SubFactory(UserFactory)
    role = Role.BROKER


class JobFactory(TenantFactory):
    class Meta:
        model = Job

    platform = factory.SubFactory(PlatformFactory)
    kind = "noop"
