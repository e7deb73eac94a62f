"""Bases for django-guardian's direct foreign-key object permissions.

Guardian's generic table needs casts and grows as users x objects; a direct table per
model joins on a real foreign key. Ours also carry the platform, so they fall under
row-level security like every other tenant table (platforms.rls picks up any concrete
model with a ``platform`` foreign key). A model declares its own pair:

    class PartnershipUserObjectPermission(PlatformUserObjectPermission):
        content_object = models.ForeignKey(Partnership, on_delete=models.CASCADE)

and guardian finds it through the reverse relation from Partnership.

The platform is copied from the object the permission is about. That happens in the
queryset's two insert paths, ``create`` (guardian's ``assign_perm`` goes through
``get_or_create``) and ``bulk_create`` (``bulk_assign_perm``, ``assign_perm_to_many``),
rather than in ``save()``, which ``bulk_create`` never calls.
"""

from django.db import models
from guardian.managers import GroupObjectPermissionManager, UserObjectPermissionManager
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase


class PlatformPermissionQuerySet(models.QuerySet):
    def create(self, **kwargs):
        target = kwargs.get("content_object")
        if target is not None and "platform" not in kwargs and "platform_id" not in kwargs:
            kwargs["platform_id"] = target.platform_id
        return super().create(**kwargs)

    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        for permission in objs:
            if permission.platform_id is None and permission.content_object_id is not None:
                permission.platform_id = permission.content_object.platform_id
        return super().bulk_create(objs, *args, **kwargs)


class PlatformUserObjectPermission(UserObjectPermissionBase):
    platform = models.ForeignKey("platforms.Platform", on_delete=models.CASCADE, related_name="+")

    objects = UserObjectPermissionManager.from_queryset(PlatformPermissionQuerySet)()  # type: ignore[misc]

    class Meta(UserObjectPermissionBase.Meta):
        abstract = True


class PlatformGroupObjectPermission(GroupObjectPermissionBase):
    platform = models.ForeignKey("platforms.Platform", on_delete=models.CASCADE, related_name="+")

    objects = GroupObjectPermissionManager.from_queryset(PlatformPermissionQuerySet)()  # type: ignore[misc]

    class Meta(GroupObjectPermissionBase.Meta):
        abstract = True
