"""The agreements benchmark's set-up: its data, and the worker processes it times.

The data: one partnership with eight partners and full records
(aims, objectives and activities, resources, commitments, two governance bodies), a
template made of the platform's partnership agreement clauses and a few longer ones, and
as many executed agreements drafted from it as the benchmark needs, each signed by every
party. Made through the services where they exist (a template version, an agreement's
draft), reused on the next run. The workers: ``celery worker`` processes on the
benchmark's own queue, each in a process group of its own. Imported by
bench/agreements.py after django.setup()."""

import contextlib
import io
import json
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db.models import Count
from django.utils import timezone
from PIL import Image, ImageDraw

from partnerships.agreements.defaults import DEFAULTS
from partnerships.models import (
    Activity,
    AgreementForm,
    AgreementTemplate,
    AgreementVersion,
    BodyType,
    Commitment,
    CommitmentKind,
    CommitmentStatus,
    DecisionRule,
    DecisionScope,
    GovernanceBody,
    Level,
    Objective,
    Partner,
    PartnerRole,
    Partnership,
    PartnershipType,
    ResourceType,
    Seat,
    Signatory,
    Stage,
    VersionStatus,
)
from partnerships.services.agreement_templates import (
    agreement_template_create,
    template_version_create,
)
from partnerships.services.agreements import agreement_create
from platforms.models import Platform
from platforms.tenancy import unscoped
from stakeholders.models import Organisation, ScreeningDecision, Sector

SLUG = "bench-agreements"
PARTNERSHIP = "Coastal Food Systems Partnership"
TEMPLATE = "Bench partnership agreement"
LOGO = "platform-logos/bench-agreements.png"
TITLE = "Bench agreement {n:04d}"
PARTNERS = [
    ("Lakeside Water Trust", PartnerRole.LEAD),
    ("Eastern Province Council", PartnerRole.CORE),
    ("Coconut Growers' Cooperative", PartnerRole.IMPLEMENTING),
    ("National Nutrition Institute", PartnerRole.CORE),
    ("Harbour Foundation", PartnerRole.FUNDER),
    ("Fisherfolk Alliance", PartnerRole.IMPLEMENTING),
    ("University of the South", PartnerRole.CORE),
    ("Green Logistics Ltd", PartnerRole.IMPLEMENTING),
]
OBJECTIVES = [
    "Raise household dietary diversity in the coastal districts",
    "Cut post-harvest losses of fish and vegetables",
    "Open school kitchens sourcing from local producers",
    "Build a shared market information service",
    "Publish an open evaluation of the partnership's results",
]
# Sentences the longer clauses are made of: plain agreement prose, varied enough that
# the text wraps and hyphenates like a real document.
SENTENCES = [
    "Each partner shall act in good faith and in the spirit of the partnership, sharing "
    "information that bears on the objectives in time for the others to act on it.",
    "Where a partner cannot meet a commitment, it shall tell the secretariat in writing as "
    "soon as it knows, with the reasons and a proposal for putting matters right.",
    "Decisions recorded in the minutes of the governing body bind every partner from the "
    "date of the meeting, unless the minutes name a later date.",
    "Nothing in this agreement creates a legal partnership, joint venture or agency "
    "between the partners, and no partner may commit another without its written consent.",
    "Personal data shared between the partners is processed only for the purposes set out "
    "here, kept no longer than needed and protected by appropriate technical measures.",
    "Funds received for the partnership are kept in a separate account and reported "
    "quarterly, with receipts available to any partner on request.",
    "The partners shall review this agreement at least once a year and may amend it by a "
    "new version signed by all of them.",
    "Any partner may withdraw on ninety days' notice in writing, after handing over the "
    "records and assets it holds on behalf of the partnership.",
    "Safeguarding concerns are reported to the named focal point within twenty-four hours "
    "and handled under the safeguarding policy annexed to this agreement.",
    "Public statements about the partnership name every partner that contributed to the "
    "result described, in the form each partner has approved.",
]
EXTRA_CLAUSES = [
    "Data protection and information sharing",
]


@dataclass
class Seeded:
    platform: Platform
    partnership: Partnership
    versions: list[AgreementVersion]


def agreements_seed(count: int) -> Seeded:
    """The platform, its partnership and ``count`` executed agreements (versions 1)."""
    platform, _ = Platform.objects.get_or_create(
        slug=SLUG,
        defaults={
            "name": "Bench agreements",
            "time_zone": "Asia/Colombo",
            "primary_colour": "#0b6e4f",
        },
    )
    # Benchmark set-up is privileged work: row-level security is opted out for the rows
    # written directly, as in the test factories; services set the platform themselves.
    with unscoped(via="seed"):
        _logo_seed(platform)
        partnership = _partnership_seed(platform)
        template = _template_seed(platform)
        _agreements_fill(platform, partnership, template, count)
        versions = list(
            AgreementVersion.objects.filter(
                platform=platform, agreement__partnership=partnership, number=1
            )
            .select_related("agreement__partnership", "platform")
            .order_by("agreement__title")[:count]
        )
    return Seeded(platform, partnership, versions)


def _logo_seed(platform: Platform) -> None:
    """A logo for the cover (embedded as a data: URL), saved again in each run's
    MEDIA_ROOT under the same name, so the files' keys stay the same."""
    if not default_storage.exists(LOGO):
        image = Image.new("RGB", (600, 200), "#ffffff")
        draw = ImageDraw.Draw(image)
        draw.ellipse((20, 20, 180, 180), fill="#0b6e4f")
        draw.rectangle((220, 70, 580, 130), fill="#1f5f8b")
        data = io.BytesIO()
        image.save(data, format="PNG")
        default_storage.save(LOGO, ContentFile(data.getvalue()))
    if platform.logo.name != LOGO:
        Platform.objects.filter(pk=platform.pk).update(logo=LOGO)
        platform.logo.name = LOGO


def _clause_text(k: int) -> str:
    """A longer clause: a paragraph and a list, different for each ``k``."""
    turn = SENTENCES[k % len(SENTENCES) :] + SENTENCES[: k % len(SENTENCES)]
    items = "".join(f"<li>{sentence}</li>" for sentence in turn[3:4])
    return f"<p>{' '.join(turn[:3])}</p><ul>{items}</ul>"


def _template_seed(platform: Platform) -> AgreementTemplate:
    """The partnership agreement's default clauses and the longer ones, as one template."""
    found = AgreementTemplate.objects.filter(platform=platform, name=TEMPLATE).first()
    if found is not None:
        return found
    template = agreement_template_create(
        platform=platform, actor=None, name=TEMPLATE, form=AgreementForm.PARTNERSHIP_AGREEMENT
    )
    defaults = [{"title": t, "body": b} for t, b in DEFAULTS[AgreementForm.PARTNERSHIP_AGREEMENT]]
    extra = [{"title": t, "body": _clause_text(k)} for k, t in enumerate(EXTRA_CLAUSES)]
    template_version_create(
        platform=platform,
        actor=None,
        template=template,
        clauses=defaults + extra,
        note="The default clauses and the benchmark's longer ones.",
    )
    return template


def _partnership_seed(platform: Platform) -> Partnership:
    found = Partnership.objects.filter(platform=platform, title=PARTNERSHIP).first()
    if found is not None:
        return found
    today = timezone.localdate()
    organisations = [
        Organisation.objects.create(
            platform=platform,
            name=name,
            sector=Sector.values[k % len(Sector.values)],
            country="LK",
            screening_status=ScreeningDecision.CLEARED,
            screening_renew_by=today + timedelta(days=365),
        )
        for k, (name, _) in enumerate(PARTNERS)
    ]
    partnership = Partnership.objects.create(
        platform=platform,
        title=PARTNERSHIP,
        type=PartnershipType.COMBINE,
        level=Level.NATIONAL,
        goals=[2, 14, 17],
        targets=["2.1", "14.4", "17.17"],
        lead_organisation=organisations[0],
        stage=Stage.STRUCTURE,
        stage_changed_at=timezone.now(),
        vision="Every family on the coast eats a varied, safe and affordable diet, "
        "produced and sold by people who earn a fair living from it.",
        purpose="Link producers, schools and markets along the coast so that more of what "
        "is grown and caught there is eaten there, fresh, and less of it is lost.",
    )
    partners = [
        Partner.objects.create(
            platform=platform,
            partnership=partnership,
            organisation=organisation,
            role=role,
            joined_on=today - timedelta(days=200),
            aims=SENTENCES[k % len(SENTENCES)],
        )
        for k, (organisation, (_, role)) in enumerate(zip(organisations, PARTNERS, strict=True))
    ]
    for k, title in enumerate(OBJECTIVES):
        objective = Objective.objects.create(
            platform=platform,
            partnership=partnership,
            title=title,
            position=k,
            expected_results=f"{SENTENCES[(k + 5) % len(SENTENCES)]}",
        )
        for j in range(2):
            Activity.objects.create(
                platform=platform,
                partnership=partnership,
                objective=objective,
                title=f"{title.split()[0]} work stream {k + 1}.{j + 1}",
                responsible=partners[(k + j) % len(partners)],
                starts_on=today - timedelta(days=30),
                ends_on=today + timedelta(days=90 * (j + 1)),
            )
    types = ResourceType.values
    for k, partner in enumerate(partners):
        for i in range(k % 2 + 1):
            kind = types[(k + i) % len(types)]
            partner.resources.create(
                platform=platform,
                partnership=partnership,
                type=kind,
                description=f"{ResourceType(kind).label} for the coastal districts, year {i + 1}",
                value=Decimal(12_500 * (k + 1) * (i + 1)),
                currency="USD" if i == 0 else "LKR",
            )
        for i in range(2):
            Commitment.objects.create(
                platform=platform,
                partnership=partnership,
                kind=CommitmentKind.SPECIFIC,
                partner=partner,
                what=f"Milestone {i + 1}: {OBJECTIVES[(k + i) % len(OBJECTIVES)].lower()}",
                due_on=today + timedelta(days=30 * (k + i + 1)),
                status=CommitmentStatus.PLANNED,
            )
    for name, kind, rule, scope in (
        ("Steering committee", BodyType.STEERING_COMMITTEE, DecisionRule.FORMAL_CONSENSUS, "S"),
        ("Technical working group", BodyType.WORKING_GROUP, DecisionRule.SIMPLE_MAJORITY, "I"),
    ):
        body = GovernanceBody.objects.create(
            platform=platform,
            partnership=partnership,
            name=name,
            type=kind,
            decision_rule=rule,
            scope=DecisionScope.STRATEGY if scope == "S" else DecisionScope.IMPLEMENTATION,
            remit=f"{SENTENCES[2]} {SENTENCES[6]}",
        )
        Seat.objects.bulk_create(
            Seat(platform=platform, body=body, partner=partner, seats=1) for partner in partners
        )
    return partnership


def _agreements_fill(
    platform: Platform, partnership: Partnership, template: AgreementTemplate, count: int
) -> None:
    """Draft agreements from the template until there are ``count``; each then gets a
    signature from every party and is executed (the PDF prints its fingerprint)."""
    have = Partnership.objects.filter(pk=partnership.pk).aggregate(n=Count("agreements"))["n"]
    partners = list(Partner.objects.filter(partnership=partnership).select_related("organisation"))
    signed_at = timezone.now() - timedelta(days=3)
    for n in range(have, count):
        agreement = agreement_create(
            platform=platform,
            partnership=partnership,
            actor=None,
            title=TITLE.format(n=n),
            template=template,
        )
        version = AgreementVersion.objects.get(agreement=agreement, number=1)
        Signatory.objects.bulk_create(
            Signatory(
                platform=platform,
                version=version,
                partner=partner,
                name=f"Signatory {k + 1} of {partner.organisation.name}",
                title="Director",
                signed_at=signed_at,
                signed_name=f"Signatory {k + 1}",
            )
            for k, partner in enumerate(partners)
        )
        AgreementVersion.objects.filter(pk=version.pk).update(
            status=VersionStatus.EXECUTED, issued_at=signed_at, executed_at=signed_at
        )


ROOT = Path(__file__).resolve().parent.parent
WORKER = [
    *("-m", "celery", "-A", "config", "worker", "--pool", "prefork", "--loglevel", "INFO"),
    *("--without-gossip", "--without-mingle", "--without-heartbeat"),
]


class Worker:
    """One ``celery worker`` process on the benchmark's queue, in a process group of its
    own (so SIGKILL reaches its pool too)."""

    def __init__(self, log_dir: Path, *, concurrency: int, extra: tuple[str, ...] = ()):
        self.log = log_dir / f"worker-{time.monotonic_ns()}.log"
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        queue = os.environ["CELERY_TASK_DEFAULT_QUEUE"]
        with open(self.log, "wb") as log:
            self.process = subprocess.Popen(
                [
                    sys.executable,
                    *WORKER,
                    *("--concurrency", str(concurrency), "--queues", queue),
                    *("--hostname", f"bench-agreements-{self.log.stem}@%h", *extra),
                ],
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self.ready()

    def ready(self) -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if " ready." in self.log.read_text(errors="replace"):
                return
            if self.process.poll() is not None:
                break
            time.sleep(0.1)
        self.kill()
        raise SystemExit(f"The worker did not start:\n{self.log.read_text(errors='replace')}")

    def pool_pids(self) -> list[int]:
        """The pool processes: the main worker process's children."""
        pids = []
        for status in Path("/proc").glob("[0-9]*/status"):
            with contextlib.suppress(OSError):
                fields = dict(
                    line.split(":", 1) for line in status.read_text().splitlines() if ":" in line
                )
                if int(fields["PPid"]) == self.process.pid:
                    pids.append(int(status.parent.name))
        return sorted(pids)

    def kill(self) -> None:
        """SIGKILL the whole process group: no warm shutdown, no acknowledgement."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(10)


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"No VmRSS for process {pid}")


def queue_forget() -> None:
    """Leave the shared Redis as we found it: the queue, and messages a killed worker left
    unacknowledged (kombu keeps those in a hash shared by every queue)."""
    from config.celery import app

    queue = os.environ["CELERY_TASK_DEFAULT_QUEUE"]
    with app.connection_for_write() as conn:
        client = conn.default_channel.client  # type: ignore[attr-defined]
        for tag, payload in client.hscan_iter("unacked"):
            _message, exchange, routing_key = json.loads(payload)
            if queue in (exchange, routing_key):
                client.hdel("unacked", tag)
                client.zrem("unacked_index", tag)
        for key in client.scan_iter(match=f"{queue}*"):
            client.delete(key)
        client.delete(f"_kombu.binding.{queue}")
