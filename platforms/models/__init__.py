from .apikey import ApiKey, ApiScope
from .audit import AuditAction, AuditEvent
from .base import TenantModel
from .invitation import Invitation
from .job import Job, JobStatus
from .permissions import PlatformGroupObjectPermission, PlatformUserObjectPermission
from .platform import LANGUAGES, Membership, Platform, ReportingCadence, Role

__all__ = [
    "LANGUAGES",
    "ApiKey",
    "ApiScope",
    "AuditAction",
    "AuditEvent",
    "Invitation",
    "Job",
    "JobStatus",
    "Membership",
    "Platform",
    "PlatformGroupObjectPermission",
    "PlatformUserObjectPermission",
    "ReportingCadence",
    "Role",
    "TenantModel",
]
