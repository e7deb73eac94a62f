"""The "PDF" block of an agreement's page: ready (download), being prepared (the job's
progress), or not yet (a button that asks for it). Looks only; nothing renders here."""

from django import template

from partnerships.services.agreement_pdfs import agreement_pdf_state
from partnerships.views.agreement_pdfs import may_have_pdf

register = template.Library()


@register.inclusion_tag("partnerships/agreements/pdf_block.html", takes_context=True)
def agreement_pdf_block(context, partnership, agreement, version):
    request = context["request"]
    allowed = may_have_pdf(membership=request.membership, partnership=partnership)
    version.agreement = agreement
    return {
        "allowed": allowed,
        "state": agreement_pdf_state(version=version) if allowed else None,
        "platform": request.platform,
        "partnership": partnership,
        "agreement": agreement,
        "version": version,
        "user": request.user,
        "csrf_token": context.get("csrf_token"),
    }
