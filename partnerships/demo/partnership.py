"""One demo partnership, from its creation to the stage its spec says, through the
services (see the package's docstring for what is written with the ORM)."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from partnerships.models import Partner, Partnership, Stage, StageMove
from partnerships.services.commitments import commitment_create
from partnerships.services.governance import body_create
from partnerships.services.journey import partnership_move, partnership_vision_update
from partnerships.services.partners import partner_add, partner_leave, screening_current
from partnerships.services.partnerships import partnership_create
from partnerships.services.registers import (
    divergence_create,
    lesson_create,
    partnership_levers_set,
    risk_create,
)
from partnerships.services.resources import resource_create
from partnerships.services.workplan import activity_create, objective_create
from stakeholders.models import StakeholderMap

from .agreements import agreement_seed, agreements_seed, opening_agreement
from .health import health_seed
from .records import AgreementSpec, PartnershipSpec

if TYPE_CHECKING:
    from . import Seeding

OVERRIDE = "Admitted by the broker while its screening is completed."


def partnership_seed(
    run: Seeding,
    spec: PartnershipSpec,
    stakeholder_map: StakeholderMap | None,
    agreements: tuple[AgreementSpec, ...] = (),
):
    platform, actor = run.platform, run.broker
    start = run.day(-spec.started_days_ago)
    # A broker who creates a partnership is assigned to it (broker_assign).
    partnership = partnership_create(
        platform=platform,
        actor=actor,
        title=spec.title,
        description=spec.description,
        issue=spec.issue,
        type=spec.type,
        level=spec.level,
        themes=list(spec.themes),
        goals=list(spec.goals),
        targets=list(spec.targets),
        lead_organisation=run.organisations[spec.lead],
        stakeholder_map=stakeholder_map,
        starts_on=start,
        is_public=spec.is_public,
    )
    run.created += 1
    partners = _partners_add(run, spec, partnership, start)
    opening = opening_agreement(agreements)
    _journey_walk(run, spec, partnership, partners, opening)
    _dates_backdate(run, spec, partnership, opening)
    _registers_seed(run, spec, partnership, partners)
    health_seed(run, partnership, partners, spec.health)
    for partner_spec in spec.partners:
        if partner_spec.left_days_ago is not None:
            partner_leave(
                platform=platform,
                partner=partners[partner_spec.organisation],
                actor=actor,
                left_on=run.day(-partner_spec.left_days_ago),
                note="It no longer had a role once the certification was running.",
            )
    agreements_seed(run, partnership, partners, agreements)
    return partnership


def _partners_add(run: Seeding, spec: PartnershipSpec, partnership: Partnership, start):
    """Add the partners (which gives their representatives access, partner_access_grant):
    cleared organisations as they are, the others with the broker's recorded override."""
    partners: dict[str, Partner] = {}
    for p in spec.partners:
        organisation = run.organisations[p.organisation]
        cleared = screening_current(organisation, today=run.today)
        partners[p.organisation] = partner_add(
            platform=run.platform,
            partnership=partnership,
            organisation=organisation,
            actor=run.broker,
            role=p.role,
            joined_on=start,
            override=not cleared,
            override_reason="" if cleared else (p.override_reason or OVERRIDE),
            aims=p.aims,
            interests=p.interests,
            positions=p.positions,
            anchoring=p.anchoring,
            opt_outs=p.opt_outs,
        )
        run.created += 1
    return partners


def _journey_walk(
    run: Seeding,
    spec: PartnershipSpec,
    partnership: Partnership,
    partners,
    opening: AgreementSpec | None,
):
    """Record what each stage agrees while the partnership is at it, and move it on
    through each gate until it reaches its stage: the gate into implementation once the
    partnership agreement is executed."""
    while True:
        _agree(run, spec, partnership, partners, partnership.stage)
        if partnership.stage >= spec.stage:
            return
        if partnership.stage + 1 == Stage.IMPLEMENTING and opening is not None:
            agreement_seed(run, partnership, partners, opening)
        _move(run, partnership, partnership.stage + 1, note=_note(spec, partnership.stage + 1))
        if partnership.stage == spec.back_at:
            _move(run, partnership, partnership.stage - 1, note=spec.back_note)
            _move(run, partnership, partnership.stage + 1)


def _note(spec: PartnershipSpec, to_stage: int) -> str:
    return spec.agreement_note if to_stage == Stage.IMPLEMENTING else ""


def _move(run: Seeding, partnership: Partnership, to_stage: int, note=""):
    partnership_move(
        platform=run.platform,
        partnership=partnership,
        to_stage=to_stage,
        actor=run.broker,
        note=note,
    )
    run.created += 1


def _agree(run: Seeding, spec: PartnershipSpec, partnership: Partnership, partners, stage: int):
    platform, actor = run.platform, run.broker
    if stage == Stage.VISION and spec.vision:
        partnership_vision_update(
            platform=platform, partnership=partnership, actor=actor, vision=spec.vision
        )
    elif stage == Stage.PURPOSE and spec.purpose:
        partnership_vision_update(
            platform=platform, partnership=partnership, actor=actor, purpose=spec.purpose
        )
    elif stage == Stage.OBJECTIVES:
        for position, o in enumerate(spec.objectives):
            objective = objective_create(
                platform=platform,
                partnership=partnership,
                actor=actor,
                title=o.title,
                expected_results=o.expected_results,
                position=position,
            )
            run.created += 1
            for a in o.activities:
                activity_create(
                    platform=platform,
                    objective=objective,
                    actor=actor,
                    title=a.title,
                    responsible=partners[a.responsible] if a.responsible else None,
                    starts_on=run.day(a.starts_in),
                    ends_on=run.day(a.starts_in + a.lasts),
                    status=a.status,
                )
                run.created += 1
    elif stage == Stage.RESOURCES:
        for r in spec.resources:
            start = partnership.starts_on
            resource_create(
                platform=platform,
                partnership=partnership,
                actor=actor,
                partner=partners[r.partner],
                type=r.type,
                description=r.description,
                value=Decimal(r.value) if r.value is not None else None,
                currency=r.currency,
                period_start=start,
                period_end=start + timedelta(days=30 * r.months) if start else None,
            )
            run.created += 1
        for c in spec.commitments:
            commitment_create(
                platform=platform,
                partnership=partnership,
                actor=actor,
                kind="specific" if c.partner else "common",
                partner=partners[c.partner] if c.partner else None,
                what=c.what,
                due_on=run.day(c.due_in) if c.due_in is not None else None,
                status=c.status,
                evidence=c.evidence,
            )
            run.created += 1
    elif stage == Stage.STRUCTURE:
        for b in spec.bodies:
            body_create(
                platform=platform,
                partnership=partnership,
                actor=actor,
                seats={partners[name]: seats for name, seats in b.seats},
                name=b.name,
                type=b.type,
                decision_rule=b.decision_rule,
                scope=b.scope,
                remit=b.remit,
            )
            run.created += 1 + len(b.seats)


def _dates_backdate(
    run: Seeding, spec: PartnershipSpec, partnership: Partnership, opening: AgreementSpec | None
) -> None:
    """Spread the moves between the start and a week ago, oldest first (the services
    stamped them all "now"); for a partnership in implementation, between the start and
    the day its partnership agreement was executed, the day it moved in."""
    start = run.day(-spec.started_days_ago)
    Partnership.objects.filter(pk=partnership.pk).update(created_at=run.at(start, 9))
    moves = list(StageMove.objects.filter(partnership=partnership).order_by("created_at", "id"))
    times = _move_times(run, spec, len(moves), opening)
    for move, at in zip(moves, times, strict=True):
        StageMove.objects.filter(pk=move.pk).update(created_at=at)
    if times:
        Partnership.objects.filter(pk=partnership.pk).update(stage_changed_at=times[-1])


def _move_times(run: Seeding, spec: PartnershipSpec, count: int, opening: AgreementSpec | None):
    start = run.day(-spec.started_days_ago)
    executed = opening.executed_days_ago if opening is not None else None
    if executed is None or spec.stage != Stage.IMPLEMENTING:
        span = max(spec.started_days_ago - 7, count + 1)
        return [
            run.at(start + timedelta(days=span * n // (count + 1)), 11) for n in range(1, count + 1)
        ]
    # The move into implementation is the last, in the evening after the signatures.
    span = spec.started_days_ago - executed
    earlier = [run.at(start + timedelta(days=span * n // count), 11) for n in range(1, count)]
    return [*earlier, run.at(run.day(-executed), 18)]


def _registers_seed(run: Seeding, spec: PartnershipSpec, partnership: Partnership, partners):
    platform, actor = run.platform, run.broker
    if spec.levers:
        partnership_levers_set(
            platform=platform, partnership=partnership, actor=actor, levers=list(spec.levers)
        )
    for r in spec.risks:
        risk_create(
            platform=platform,
            partnership=partnership,
            actor=actor,
            category=r.category,
            description=r.description,
            likelihood=r.likelihood,
            impact=r.impact,
            mitigation=r.mitigation,
            owner=partners[r.owner] if r.owner else None,
        )
        run.created += 1
    for description, handling in spec.divergences:
        divergence_create(
            platform=platform,
            partnership=partnership,
            actor=actor,
            description=description,
            handling=handling,
        )
        run.created += 1
    for text in spec.lessons:
        lesson_create(platform=platform, partnership=partnership, actor=actor, text=text)
        run.created += 1
