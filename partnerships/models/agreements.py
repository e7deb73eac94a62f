"""Partnering agreement templates (DOMAIN.md, "Partnering agreements"). Agreements
themselves, their versions and signatures come with the rest of the agreements work."""

from django.conf import settings
from django.db import models

from platforms.models import TenantModel


class AgreementForm(models.TextChoices):
    PARTNERSHIP_AGREEMENT = (
        "partnership_agreement",
        "Partnership agreement (memorandum of understanding)",
    )
    CONTRACT = "contract", "Contract"
    WORK_PLAN = "work_plan", "Work plan"


class AgreementTemplate(TenantModel):
    """A platform's template for one form of agreement. Its text lives in versions: every
    change is a new version, and an agreement remembers the version it was drafted from."""

    form = models.CharField(max_length=30, choices=AgreementForm.choices)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["form", "name"]
        constraints = [
            models.UniqueConstraint(fields=["platform", "name"], name="agreement_template_name")
        ]

    def __str__(self) -> str:
        return self.name


class TemplateVersion(TenantModel):
    """One frozen text of a template: its clauses, in order. Never changed once saved."""

    template = models.ForeignKey(
        AgreementTemplate, on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField()
    note = models.CharField(max_length=300, blank=True, help_text="What changed.")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["template", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["template", "number"], name="template_version_number")
        ]

    def __str__(self) -> str:
        return f"{self.template} v{self.number}"


class TemplateClause(TenantModel):
    """A section of a template version: a title and a body in limited, sanitised rich
    text that may use placeholders filled from the partnership's records."""

    version = models.ForeignKey(TemplateVersion, on_delete=models.CASCADE, related_name="clauses")
    position = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=200)
    body = models.TextField(blank=True)

    class Meta:
        ordering = ["version", "position"]
        constraints = [
            models.UniqueConstraint(fields=["version", "position"], name="template_clause_position")
        ]

    def __str__(self) -> str:
        return self.title


class VersionStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    ISSUED = "issued", "Issued for signature"
    EXECUTED = "executed", "Executed"
    SUPERSEDED = "superseded", "Superseded"


class Agreement(TenantModel):
    """A partnering agreement of one partnership, drafted from a template version."""

    partnership = models.ForeignKey(
        "partnerships.Partnership", on_delete=models.CASCADE, related_name="agreements"
    )
    form = models.CharField(max_length=30, choices=AgreementForm.choices)
    title = models.CharField(max_length=300)
    template_version = models.ForeignKey(
        TemplateVersion, on_delete=models.PROTECT, related_name="agreements"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title


class AgreementVersion(TenantModel):
    """One text of an agreement. A draft is edited; issuing freezes it; an amendment is a
    new version with a reason."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    status = models.CharField(max_length=20, choices=VersionStatus.choices, default="draft")
    reason = models.TextField(blank=True, help_text="Why this version (an amendment's reason).")
    issued_at = models.DateTimeField(null=True, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    executed_at = models.DateTimeField(null=True, blank=True)
    fingerprint = models.CharField(
        max_length=64, blank=True, db_index=True, help_text="SHA-256 of the PDF."
    )
    # What the PDF prints (and its /verify/ link carries): the SHA-256 of the version's
    # content, set with ``fingerprint`` whenever the PDF is made (services.agreement_pdfs).
    content_fingerprint = models.CharField(
        max_length=64, blank=True, db_index=True, help_text="SHA-256 of the PDF's content."
    )
    # The parties as they stood when the version was issued, so that what was signed
    # reads the same after a partner leaves or an organisation is renamed: a list of
    # {"partner", "name", "sector", "role"}. Empty for a draft, whose parties are the
    # partnership's active partners.
    parties = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["agreement", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "number"], name="agreement_version_number")
        ]

    def __str__(self) -> str:
        return f"{self.agreement} v{self.number}"


class AgreementFile(TenantModel):
    """One PDF file rendered for a version, kept for good: a copy downloaded before a later
    render (a new look of the platform, a lost file rendered again) still verifies by its
    bytes, and an executed document by the content fingerprint it prints. The version's
    own ``fingerprint`` columns only name the latest render of its current content."""

    version = models.ForeignKey(AgreementVersion, on_delete=models.CASCADE, related_name="files")
    key = models.CharField(max_length=300, help_text="Where the file is stored.")
    sha256 = models.CharField(max_length=64, db_index=True, help_text="SHA-256 of the file.")
    content_fingerprint = models.CharField(
        max_length=64, db_index=True, help_text="SHA-256 of the content it was rendered from."
    )
    # Rendered as an executed document, so it prints its content fingerprint: only then
    # does that fingerprint prove anything (partnerships.selectors.verify).
    executed = models.BooleanField(default=False)
    bytes = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["version", "created_at"]
        constraints = [
            # A key names the content and the look; the same key can still hold other
            # bytes after its file was lost and rendered again (a draft's date, fonts).
            models.UniqueConstraint(fields=["platform", "key", "sha256"], name="agreement_file")
        ]

    def __str__(self) -> str:
        return self.key


class AgreementClause(TenantModel):
    """A section of an agreement version: filled from the partnership's records, then
    edited (sanitised rich text, like template clauses)."""

    version = models.ForeignKey(AgreementVersion, on_delete=models.CASCADE, related_name="clauses")
    position = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=200)
    body = models.TextField(blank=True)

    class Meta:
        ordering = ["version", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "position"], name="agreement_clause_position"
            )
        ]


class Signatory(TenantModel):
    """Who signs a version for one party: a person of a partner organisation, required or
    optional. A signatory who is a member of the platform signs on the web or through the
    API; the record keeps who signed, when, from where."""

    version = models.ForeignKey(
        AgreementVersion, on_delete=models.CASCADE, related_name="signatories"
    )
    partner = models.ForeignKey(
        "partnerships.Partner", on_delete=models.CASCADE, related_name="signatories"
    )
    name = models.CharField(max_length=200)
    title = models.CharField(max_length=200, blank=True, help_text="Their position.")
    email = models.EmailField(blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    required = models.BooleanField(default=True)
    signed_at = models.DateTimeField(null=True, blank=True)
    signed_name = models.CharField(max_length=200, blank=True, help_text="The name as typed.")
    declined_at = models.DateTimeField(null=True, blank=True)
    decline_reason = models.TextField(blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=500, blank=True)
    via = models.CharField(max_length=10, blank=True, help_text="web or api")

    class Meta:
        ordering = ["version", "partner__organisation__name", "name"]

    def __str__(self) -> str:
        return f"{self.name} for {self.partner.organisation}"
