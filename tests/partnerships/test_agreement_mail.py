"""Emails about signing: the signatories when a version is issued, the brokers when
someone signs or declines, brokers and signatories when a version is executed. Jobs run
in this process the way a worker runs them (job_execute); mail goes to Django's locmem
outbox. The real worker is in test_agreement_mail_worker.py."""

from datetime import datetime

import pytest
from django.conf import settings
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse

from partnerships.models import Partner, Signatory
from partnerships.services.access import broker_assign, broker_unassign
from partnerships.services.signing import (
    signatory_add,
    signatory_decline,
    signatory_sign,
    version_amend,
    version_issue,
)
from platforms.jobs import job_execute
from platforms.models import Job, JobStatus, Role
from platforms.tenancy import tenant, unscoped
from tests.factories import MembershipFactory, PartnershipFactory
from tests.partnerships.signing_helpers import add, base, deal, fresh, issued, version

pytestmark = pytest.mark.django_db

KIND = "agreement_email"
WHEN = "%-d %b %Y %H:%M"


def jobs() -> list[Job]:
    with unscoped():
        return list(Job.objects.filter(kind=KIND).order_by("pk"))


def deliver() -> dict[str, mail.EmailMessage]:
    """Run every queued email job as a worker would; the outbox by recipient."""
    for job in jobs():
        if job.status == JobStatus.QUEUED:
            job_execute(job_id=job.pk, platform_id=job.platform_id)
    by_recipient: dict[str, mail.EmailMessage] = {}
    for message in mail.outbox:
        (to,) = message.to
        assert to not in by_recipient, f"{to} got two emails"
        by_recipient[to] = message
    return by_recipient


def sign(world, s: Signatory, user=None, name=None, via="web") -> Signatory:
    return signatory_sign(
        platform=world.a.platform,
        signatory=fresh(s),
        user=user or s.user,
        full_name=name or s.name,
        confirm=True,
        ip_address="10.0.0.1",
        user_agent="pytest",
        via=via,
    )


def local(moment: datetime, side) -> str:
    return moment.astimezone(side.platform.tzinfo).strftime(WHEN)


def absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


# --- Issued: each signatory is asked to sign -------------------------------------------


def test_issuing_asks_each_signatory_to_sign_with_a_link_and_the_api(world):
    d = deal(world)
    mine, theirs = issued(world, d)
    sent = deliver()
    assert set(sent) == {world.a.partner.user.email, d.other_rep.user.email}
    message = sent[world.a.partner.user.email]
    assert message.subject == "Please sign Water MoU, version 1, for Sarvodaya"
    body = message.body
    v = version(d)
    for text in (
        "Hello Asha Perera,",
        "Platform A",
        d.partnership.title,
        '"Water MoU"',
        "You sign for Sarvodaya.",
        "Your signature is required",
        f"issued for signature on {local(v.issued_at, world.a)} (Asia/Colombo)",
        f"by {world.a.broker.user.get_full_name()}",
        f"logged in to Bridgework as {world.a.partner.user.email}",
        absolute(base(d, f"versions/1/sign/{mine.public_id}/")),
        "POST " + absolute(f"/api/v1/agreements/{d.agreement.public_id}/versions/1/signatures"),
        f'{{"signatory": "{mine.public_id}", "full_name": "Asha Perera", "confirm": true}}',
        absolute(reverse("api_docs")) + "#/Agreements/agreement_signature_create",
        f"{world.a.broker.user.get_full_name()} ({world.a.broker.user.email})",
    ):
        assert text in body, text
    assert "not linked" not in body
    # Each signatory's own link, not another's.
    assert str(theirs.public_id) in sent[d.other_rep.user.email].body
    assert str(theirs.public_id) not in body
    assert all(job.requested_by_id == world.a.broker.user_id for job in jobs())


def test_an_optional_signatory_without_an_account_is_told_to_ask_the_brokers(world):
    d = deal(world)
    with unscoped():
        theirs = Partner.objects.select_related("organisation").get(pk=d.theirs.pk)
    signatory_add(
        platform=world.a.platform,
        actor=world.a.broker.user,
        version=version(d),
        partner=theirs,
        name="Chandra Fernando",
        title="Treasurer",
        email="chandra@water-trust.example",
        required=False,
    )
    # No address at all: nothing to send to, and no job.
    add(world, d, d.theirs, "No Address", required=False)
    issued(world, d)
    sent = deliver()
    assert len(jobs()) == 3
    body = sent["chandra@water-trust.example"].body
    assert "You sign for Water Trust as Treasurer." in body
    assert "Your signature is optional" in body
    assert "not linked to a Bridgework account" in body
    assert world.a.broker.user.email in body
    assert absolute(base(d)) in body
    assert "/sign/" not in body and "POST" not in body


def test_a_recorded_signatory_address_wins_over_the_account_address(world):
    d = deal(world)
    with unscoped():
        ours = Partner.objects.select_related("organisation").get(pk=d.ours.pk)
    signatory_add(
        platform=world.a.platform,
        actor=world.a.broker.user,
        version=version(d),
        partner=ours,
        name="Asha Perera",
        email="asha.office@sarvodaya.example",
        member=world.a.partner,
    )
    add(world, d, d.theirs, "Ben Silva", member=d.other_rep)
    version_issue(platform=world.a.platform, actor=world.a.broker.user, version=version(d))
    sent = deliver()
    assert set(sent) == {"asha.office@sarvodaya.example", d.other_rep.user.email}
    assert world.a.partner.user.email in sent["asha.office@sarvodaya.example"].body


def test_no_request_to_sign_goes_out_once_the_signatory_has_answered(world):
    d = deal(world)
    mine, _ = issued(world, d)
    sign(world, mine)  # before the worker got to the issued email
    sent = deliver()
    assert "Please sign" not in sent.get(world.a.partner.user.email, mail.EmailMessage()).subject
    skipped = [j for j in jobs() if j.result.get("skipped")]
    assert len(skipped) == 1


# --- Signed, declined, executed: the brokers -------------------------------------------


def test_a_signature_tells_the_assigned_brokers_only(world):
    d = deal(world)
    # A broker of another partnership of A, and B's broker, hear nothing.
    other_broker = MembershipFactory(platform=world.a.platform, role=Role.BROKER)
    with tenant(world.a.platform.pk):
        broker_assign(
            platform=world.a.platform,
            partnership=PartnershipFactory(platform=world.a.platform),
            membership=other_broker,
        )
    mine, _ = issued(world, d)
    deliver()
    mail.outbox.clear()
    sign(world, mine, via="api")
    sent = deliver()
    assert set(sent) == {world.a.broker.user.email}
    message = sent[world.a.broker.user.email]
    assert message.subject == "Asha Perera signed Water MoU, version 1 (1 required signature to go)"
    signed_at = fresh(mine).signed_at
    for text in (
        f"Hello {world.a.broker.user.get_full_name()},",
        "Asha Perera signed version 1",
        "for Sarvodaya",
        f"on {local(signed_at, world.a)} (Asia/Colombo), through the API",
        "Required signatures still missing: 1",
        "- Ben Silva for Water Trust",
        absolute(base(d)),
    ):
        assert text in message.body, text
    assert "no broker is assigned" not in message.body


def test_a_signature_after_a_required_decline_says_the_version_cannot_be_executed(world):
    d = deal(world)
    mine, theirs = issued(world, d)
    signatory_decline(
        platform=world.a.platform, signatory=fresh(theirs), user=d.other_rep.user, reason="No."
    )
    deliver()
    mail.outbox.clear()
    sign(world, mine)
    message = deliver()[world.a.broker.user.email]
    assert (
        message.subject == "Asha Perera signed Water MoU, version 1 (a required signatory declined)"
    )
    assert "- Ben Silva for Water Trust (declined)" in message.body
    assert "can no longer be executed" in message.body


def test_a_decline_tells_the_brokers_why_and_how_to_amend(world):
    d = deal(world)
    _, theirs = issued(world, d)
    deliver()
    mail.outbox.clear()
    signatory_decline(
        platform=world.a.platform,
        signatory=fresh(theirs),
        user=d.other_rep.user,
        reason="Clause 4 commits us to funds we do not have.",
    )
    sent = deliver()
    assert set(sent) == {world.a.broker.user.email}
    message = sent[world.a.broker.user.email]
    assert message.subject == "Ben Silva declined to sign Water MoU, version 1"
    declined_at = fresh(theirs).declined_at
    for text in (
        "for Water Trust",
        f"on {local(declined_at, world.a)} (Asia/Colombo)",
        "Clause 4 commits us to funds we do not have.",
        "can no longer be executed",
        absolute(base(d, "versions/1/amend/")),
        "Required signatures still missing: 2",
        "- Ben Silva for Water Trust (declined)",
        "- Asha Perera for Sarvodaya",
    ):
        assert text in message.body, text


def test_the_last_signature_tells_brokers_and_every_signatory_once(world):
    d = deal(world)
    mine, theirs = issued(world, d)
    sign(world, mine)
    deliver()
    mail.outbox.clear()
    sign(world, theirs)
    sent = deliver()
    # The brokers' email says executed (naming the last signature), not "signed" as well.
    assert set(sent) == {
        world.a.broker.user.email,
        world.a.partner.user.email,
        d.other_rep.user.email,
    }
    assert {m.subject for m in sent.values()} == {"Executed: Water MoU, version 1"}
    v = version(d)
    broker_body = sent[world.a.broker.user.email].body
    for text in (
        f"was executed on {local(v.executed_at, world.a)} (Asia/Colombo)",
        "The last required signature was Ben Silva's, for Water Trust.",
        f"- Asha Perera for Sarvodaya: signed {local(fresh(mine).signed_at, world.a)}",
        "- Ben Silva for Water Trust: signed",
        absolute(base(d)),
    ):
        assert text in broker_body, text
    signatory_body = sent[world.a.partner.user.email].body
    assert "Hello Asha Perera," in signatory_body
    assert "The last required signature was Ben Silva's, for Water Trust." in signatory_body
    assert "download its signed PDF" in signatory_body and absolute(base(d)) in signatory_body


def test_with_no_broker_assigned_the_platform_admins_are_told(world):
    d = deal(world)
    mine, _ = issued(world, d)
    deliver()
    mail.outbox.clear()
    with tenant(world.a.platform.pk):
        broker_unassign(
            platform=world.a.platform, partnership=d.partnership, membership=world.a.broker
        )
    sign(world, mine)
    sent = deliver()
    assert set(sent) == {world.a.admin.user.email}  # not B's admin
    assert "because no broker is assigned" in sent[world.a.admin.user.email].body


def test_a_broker_who_left_the_role_before_the_mail_went_out_gets_nothing(world):
    d = deal(world)
    mine, _ = issued(world, d)
    deliver()
    mail.outbox.clear()
    sign(world, mine)
    with unscoped():
        type(world.a.broker).objects.filter(pk=world.a.broker.pk).update(role=Role.OBSERVER)
    assert deliver() == {}


# --- Nothing for a refused or undone change ------------------------------------------------


def test_refused_actions_send_and_enqueue_nothing(world):
    d = deal(world)
    mine = add(world, d, d.ours, "Asha Perera", member=world.a.partner)
    theirs = add(world, d, d.theirs, "Ben Silva", member=d.other_rep)
    with pytest.raises(ValidationError, match="issued for signature"):
        sign(world, mine)  # a draft
    version_issue(platform=world.a.platform, actor=world.a.broker.user, version=version(d))
    deliver()
    mail.outbox.clear()
    before = len(jobs())
    with pytest.raises(ValidationError, match="already been issued"):
        version_issue(platform=world.a.platform, actor=world.a.broker.user, version=version(d))
    with pytest.raises(ValidationError, match="full name"):
        sign(world, mine, name="Someone Else")
    with pytest.raises(PermissionDenied):
        sign(world, theirs, user=world.a.partner.user)  # another organisation's signatory
    with pytest.raises(ValidationError, match="Say why"):
        signatory_decline(
            platform=world.a.platform, signatory=fresh(mine), user=mine.user, reason=""
        )
    assert len(jobs()) == before
    assert deliver() == {}
    sign(world, mine)
    deliver()
    mail.outbox.clear()
    before = len(jobs())
    with pytest.raises(ValidationError, match="already signed"):
        sign(world, mine)
    assert len(jobs()) == before
    assert deliver() == {}


def test_a_change_rolled_back_after_it_queued_its_emails_sends_nothing(world):
    d = deal(world)
    add(world, d, d.ours, "Asha Perera", member=world.a.partner)
    add(world, d, d.theirs, "Ben Silva", member=d.other_rep)
    with pytest.raises(RuntimeError), transaction.atomic():
        version_issue(platform=world.a.platform, actor=world.a.broker.user, version=version(d))
        assert len(jobs()) == 2
        raise RuntimeError("something later in the same request failed")
    assert jobs() == []
    assert deliver() == {}


def test_a_job_delivered_twice_sends_its_email_once(world):
    d = deal(world)
    issued(world, d)
    deliver()
    first = jobs()[0]
    job_execute(job_id=first.pk, platform_id=first.platform_id)  # a second delivery
    assert len(mail.outbox) == 2
    with unscoped():
        assert Job.objects.get(pk=first.pk).result["sent_to"] in {m.to[0] for m in mail.outbox}


def test_an_amended_version_is_no_longer_offered_for_signature(world):
    d = deal(world)
    _, theirs = issued(world, d)
    signatory_decline(
        platform=world.a.platform, signatory=fresh(theirs), user=d.other_rep.user, reason="No."
    )
    version_amend(
        platform=world.a.platform, actor=world.a.broker.user, version=version(d), reason="Fix"
    )
    sent = deliver()
    # The version is superseded: only the brokers' decline email goes out.
    assert set(sent) == {world.a.broker.user.email}


def test_signing_on_the_web_queues_the_brokers_email(world, login):
    d = deal(world)
    mine, _ = issued(world, d)
    deliver()
    mail.outbox.clear()
    response = login(world.a.partner).post(
        base(d, f"versions/1/sign/{mine.public_id}/"),
        {"full_name": "asha  perera", "confirm": "on"},
    )
    assert response.status_code == 302
    sent = deliver()
    assert set(sent) == {world.a.broker.user.email}
    assert "on the web" in sent[world.a.broker.user.email].body
    # Platform B's people got nothing at any point.
    b_addresses = {
        world.b.admin.user.email,
        world.b.broker.user.email,
        world.b.partner.user.email,
        world.outsider.email,
    }
    assert not b_addresses & {m.to[0] for m in mail.outbox}
