"""django-guardian: configured with direct foreign-key permission tables that carry the
platform and fall under row-level security.

No app has a concrete permission model yet (partnerships brings the first), so one is
declared here for the length of a test: a permission on Membership, its table created
inside the test's transaction (PostgreSQL DDL is transactional, so the rollback at the
end removes it) and then secured the way ``migrate`` secures every tenant table.
"""

import pytest
from django.apps import apps
from django.contrib.auth import get_backends
from django.db import DatabaseError, connection, models, transaction
from guardian.backends import ObjectPermissionBackend
from guardian.shortcuts import get_perms
from guardian.utils import get_user_obj_perms_model

from platforms import rls
from platforms.models import (
    AuditEvent,
    Membership,
    Platform,
    PlatformGroupObjectPermission,
    PlatformUserObjectPermission,
)
from platforms.tenancy import platform_transaction, unscoped

PERM = "change_membership"


def test_guardians_backend_is_active():
    assert any(isinstance(backend, ObjectPermissionBackend) for backend in get_backends())


def test_anonymous_users_get_no_object_permissions(settings):
    assert settings.ANONYMOUS_USER_NAME is None


@pytest.mark.parametrize("base", [PlatformUserObjectPermission, PlatformGroupObjectPermission])
def test_the_abstract_bases_carry_the_platform(base):
    assert base._meta.abstract
    field = base._meta.get_field("platform")
    assert isinstance(field, models.ForeignKey)
    assert field.remote_field.model == "platforms.Platform"  # resolved when made concrete
    assert not field.null
    # Abstract, so not a table and not in the list that gets row-level security...
    assert not rls.is_tenant_model(base)
    assert base not in rls.tenant_models()


@pytest.fixture
def permission_model(db):
    """A concrete direct permission model on Membership, registered for one test."""
    model = type(
        "MembershipUserObjectPermission",
        (PlatformUserObjectPermission,),
        {
            "__module__": __name__,
            "content_object": models.ForeignKey(Membership, on_delete=models.CASCADE),
            "Meta": type("Meta", (PlatformUserObjectPermission.Meta,), {"app_label": "platforms"}),
        },
    )
    try:
        with connection.schema_editor() as editor:
            editor.create_model(model)
        with connection.cursor() as cursor:
            rls.secure_model(cursor, model)
        yield model
    finally:
        del apps.all_models["platforms"][model._meta.model_name]
        apps.clear_cache()


def test_a_concrete_permission_model_is_a_tenant_model(permission_model):
    # ...but as soon as a model is concrete it is, with no extra step.
    assert rls.is_tenant_model(permission_model)
    assert permission_model in rls.tenant_models()
    assert permission_model._meta.get_field("platform").related_model is Platform
    assert get_user_obj_perms_model(Membership) is permission_model


def test_assign_perm_copies_the_platform_and_guardian_answers(world, permission_model):
    a = world.a
    with platform_transaction(a.platform.pk, user_id=a.admin.user_id):
        permission_model.objects.assign_perm(PERM, a.broker.user, a.partner)
        [row] = permission_model.objects.all()
        assert row.platform_id == a.platform.pk
        assert a.broker.user.has_perm(f"platforms.{PERM}", a.partner)
        assert PERM in get_perms(a.broker.user, a.partner)
        assert not a.broker.user.has_perm(f"platforms.{PERM}", a.observer)
    # The grant is tenant data like any other: audited.
    with unscoped():
        assert AuditEvent.objects.filter(
            table_name=permission_model._meta.db_table, action="create", actor=a.admin.user
        ).exists()


def test_bulk_assignment_copies_the_platform_too(world, permission_model):
    a = world.a
    with platform_transaction(a.platform.pk):
        targets = list(
            Membership.objects.filter(platform=a.platform, pk__in=[a.partner.pk, a.observer.pk])
        )
        permission_model.objects.bulk_assign_perm(PERM, a.broker.user, targets)
        permission_model.objects.assign_perm_to_many(PERM, [a.secretariat.user], a.partner)
        assert set(permission_model.objects.values_list("platform_id", flat=True)) == {
            a.platform.pk
        }
        assert permission_model.objects.count() == 3


def test_permissions_of_b_are_invisible_and_unassignable_from_a(world, permission_model):
    a, b = world.a, world.b
    with platform_transaction(b.platform.pk):
        permission_model.objects.assign_perm(PERM, b.broker.user, b.partner)
    with platform_transaction(a.platform.pk):
        assert not permission_model.objects.exists()
        assert not b.broker.user.has_perm(f"platforms.{PERM}", b.partner)
        # Granting on an object of B while A is set: the platform copied is B's, so the
        # policy refuses the row.
        with pytest.raises(DatabaseError, match="row-level security"), transaction.atomic():
            permission_model.objects.assign_perm(PERM, a.broker.user, b.partner)
