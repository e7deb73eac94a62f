"""The signing panel on an agreement's page: its current version's signatories and what
the member may do next (issue, sign, amend, see the changes)."""

from django import template

from partnerships.models import VersionStatus
from partnerships.selectors import signing as selectors
from partnerships.selectors.access import can_change
from platforms.permissions import can

register = template.Library()


@register.inclusion_tag("partnerships/signing/panel.html", takes_context=True)
def signing_panel(context):
    request, partnership, version = context["request"], context["partnership"], context["version"]
    may_change = can(request.membership, "draft_agreements") and can_change(
        membership=request.membership, partnership=partnership
    )
    declined = version.status == VersionStatus.ISSUED and selectors.has_declined(version=version)
    return {
        "request": request,
        "platform": request.platform,
        "partnership": partnership,
        "agreement": context["agreement"],
        "version": version,
        "signatories": selectors.signatory_list(version=version),
        "can_manage": may_change and version.status == VersionStatus.DRAFT,
        "can_amend": may_change and (version.status == VersionStatus.EXECUTED or declined),
    }
