"""Bases for django-guardian's direct foreign-key object permissions.

Guardian's generic table needs casts and grows as users x objects; a direct table per
model joins on a real foreign key. Ours also carry the platform, so they fall under
row-level security like every other tenant table. A model declares its own pair:

    class PartnershipUserObjectPermission(PlatformUserObjectPermission):
        content_object = models.ForeignKey(Partnership, on_delete=models.CASCADE)

and guardian finds it by the ``<Model>UserObjectPermission`` naming convention.
"""

from django.db import models
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase


class PlatformUserObjectPermission(UserObjectPermissionBase):
    platform = models.ForeignKey("platforms.Platform", on_delete=models.CASCADE, related_name="+")

    class Meta(UserObjectPermissionBase.Meta):
        abstract = True

    def save(self, *args, **kwargs):
        self.platform_id = self.content_object.platform_id
        super().save(*args, **kwargs)


class PlatformGroupObjectPermission(GroupObjectPermissionBase):
    platform = models.ForeignKey("platforms.Platform", on_delete=models.CASCADE, related_name="+")

    class Meta(GroupObjectPermissionBase.Meta):
        abstract = True

    def save(self, *args, **kwargs):
        self.platform_id = self.content_object.platform_id
        super().save(*args, **kwargs)
