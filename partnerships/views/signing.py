"""Signing a partnership's agreements: a draft's signatories, issuing, signing or
declining (only the signatory's own account), amending, and the difference between a
version and the one before, and filling a draft's placeholders again. Writes are in
partnerships.services.signing (and .agreements for the filling)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from partnerships.agreements.placeholders import placeholders_named
from partnerships.forms.signing import AmendForm, DeclineForm, SignatoryForm, SignForm
from partnerships.models import VersionStatus
from partnerships.selectors import agreements as agreement_selectors
from partnerships.selectors import signing as selectors
from partnerships.selectors.access import partnership_for_change, partnership_get
from partnerships.services import signing as services
from partnerships.services.agreements import agreement_fill_again
from platforms.forms import form_add_service_errors
from platforms.permissions import require


def _back(request, partnership, agreement):
    return redirect(
        "agreement_detail",
        platform_slug=request.platform.slug,
        public_id=partnership.public_id,
        agreement_id=agreement.public_id,
    )


def _version(request, public_id, agreement_id, number, *, change=False):
    find = partnership_for_change if change else partnership_get
    partnership = find(
        platform=request.platform, membership=request.membership, public_id=public_id
    )
    agreement = agreement_selectors.agreement_get(partnership=partnership, public_id=agreement_id)
    return partnership, agreement, selectors.version_get(agreement=agreement, number=number)


def _refused(request, error: ValidationError) -> None:
    for text in error.messages:
        messages.error(request, text)


@require("draft_agreements")
def signatories(request, platform_slug, public_id, agreement_id, number):
    """A draft's signatories: the list and the form adding one."""
    partnership, agreement, version = _version(
        request, public_id, agreement_id, number, change=True
    )
    form = SignatoryForm(
        request.POST or None,
        partners=selectors.active_partners(version=version),
        members=selectors.signing_members(version=version),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            signatory = services.signatory_add(
                platform=request.platform,
                actor=request.user,
                version=version,
                partner=data["partner"],
                name=data["name"],
                title=data["title"],
                email=data["email"],
                required=data["required"],
                member=data["member"],
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, f"Added {signatory.name} as a signatory.")
            return redirect(request.path)
    return render(
        request,
        "partnerships/signing/signatories.html",
        {
            "partnership": partnership,
            "agreement": agreement,
            "version": version,
            "signatories": selectors.signatory_list(version=version),
            "form": form,
            "is_draft": version.status == VersionStatus.DRAFT,
        },
        status=400 if request.method == "POST" else 200,
    )


@require_POST
@require("draft_agreements")
def signatory_remove(request, platform_slug, public_id, agreement_id, number, signatory_id):
    partnership, agreement, version = _version(
        request, public_id, agreement_id, number, change=True
    )
    signatory = selectors.signatory_get(version=version, public_id=signatory_id)
    try:
        services.signatory_remove(
            platform=request.platform, actor=request.user, signatory=signatory
        )
    except ValidationError as error:
        _refused(request, error)
    else:
        messages.success(request, f"Removed {signatory.name}.")
    return redirect(
        "agreement_signatories",
        platform_slug=request.platform.slug,
        public_id=partnership.public_id,
        agreement_id=agreement.public_id,
        number=version.number,
    )


@require_POST
@require("draft_agreements")
def version_issue(request, platform_slug, public_id, agreement_id, number):
    partnership, agreement, version = _version(
        request, public_id, agreement_id, number, change=True
    )
    try:
        services.version_issue(platform=request.platform, actor=request.user, version=version)
    except ValidationError as error:
        _refused(request, error)
    else:
        messages.success(request, f"Issued version {version.number} for signature.")
    return _back(request, partnership, agreement)


@require_POST
@require("draft_agreements")
def version_fill(request, platform_slug, public_id, agreement_id, number):
    """Fill a draft's remaining placeholders from the records as they are now; back to
    the page the button was on (the clauses' editor, or the agreement's page)."""
    partnership, agreement, version = _version(
        request, public_id, agreement_id, number, change=True
    )
    try:
        result = agreement_fill_again(
            platform=request.platform, actor=request.user, version=version
        )
    except ValidationError as error:
        _refused(request, error)
        return _back(request, partnership, agreement)
    if result.filled:
        messages.success(
            request, f"Filled {placeholders_named(result.filled)} from the partnership's records."
        )
    if result.left:
        messages.warning(
            request,
            f"The records have nothing yet for {placeholders_named(result.left)}: add it to "
            "the partnership's records and fill again, or write the text in the clauses.",
        )
    if not result.filled and not result.left:
        messages.info(request, "No placeholders are left: every clause reads as written.")
    if request.POST.get("back") == "edit":
        return redirect(
            "agreement_edit",
            platform_slug=request.platform.slug,
            public_id=partnership.public_id,
            agreement_id=agreement.public_id,
        )
    return _back(request, partnership, agreement)


@require("view_partnerships")
def sign(request, platform_slug, public_id, agreement_id, number, signatory_id):
    """Only the signatory's own account, while it represents the signatory's organisation,
    sees the form; everyone else is refused."""
    partnership, agreement, version = _version(request, public_id, agreement_id, number)
    signatory = selectors.signatory_get(version=version, public_id=signatory_id)
    selectors.signer_check(platform=request.platform, signatory=signatory, user=request.user)
    form = SignForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.signatory_sign(
                platform=request.platform,
                signatory=signatory,
                user=request.user,
                full_name=form.cleaned_data["full_name"],
                confirm=form.cleaned_data["confirm"],
                ip_address=request.META.get("REMOTE_ADDR"),
                user_agent=request.META.get("HTTP_USER_AGENT", ""),
                via="web",
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, f"You signed version {version.number}. Thank you.")
            return _back(request, partnership, agreement)
    return _sign_page(request, partnership, agreement, version, signatory, form, DeclineForm())


@require_POST
@require("view_partnerships")
def decline(request, platform_slug, public_id, agreement_id, number, signatory_id):
    partnership, agreement, version = _version(request, public_id, agreement_id, number)
    signatory = selectors.signatory_get(version=version, public_id=signatory_id)
    selectors.signer_check(platform=request.platform, signatory=signatory, user=request.user)
    form = DeclineForm(request.POST)
    if form.is_valid():
        try:
            services.signatory_decline(
                platform=request.platform,
                signatory=signatory,
                user=request.user,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, "You declined to sign. The brokers will see your reason.")
            return _back(request, partnership, agreement)
    return _sign_page(request, partnership, agreement, version, signatory, SignForm(), form)


def _sign_page(request, partnership, agreement, version, signatory, form, decline_form):
    return render(
        request,
        "partnerships/signing/sign.html",
        {
            "partnership": partnership,
            "agreement": agreement,
            "version": version,
            "signatory": signatory,
            "clauses": agreement_selectors.clause_list(version=version),
            "form": form,
            "decline_form": decline_form,
            "open": version.status == VersionStatus.ISSUED
            and not signatory.signed_at
            and not signatory.declined_at,
        },
        status=400 if request.method == "POST" else 200,
    )


@require("draft_agreements")
def amend(request, platform_slug, public_id, agreement_id, number):
    partnership, agreement, version = _version(
        request, public_id, agreement_id, number, change=True
    )
    form = AmendForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            new = services.version_amend(
                platform=request.platform,
                actor=request.user,
                version=version,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(
                request, f"Version {new.number} is a draft: edit it, then issue it for signature."
            )
            return _back(request, partnership, agreement)
    return render(
        request,
        "partnerships/signing/amend.html",
        {"partnership": partnership, "agreement": agreement, "version": version, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@require("view_partnerships")
def diff(request, platform_slug, public_id, agreement_id, number):
    partnership, agreement, version = _version(request, public_id, agreement_id, number)
    previous, changes = selectors.version_diff(version=version)
    return render(
        request,
        "partnerships/signing/diff.html",
        {
            "partnership": partnership,
            "agreement": agreement,
            "version": version,
            "previous": previous,
            "changes": changes,
        },
    )
