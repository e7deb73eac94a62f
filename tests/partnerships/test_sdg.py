"""The Sustainable Development Goals ship as reference data: the 17 goals and the 169
targets of the 2030 Agenda (A/RES/70/1), loaded by migration 0002, which may run again
without duplicating anything."""

import json
import re
from importlib import import_module

import pytest
from django.apps import apps as django_apps

from partnerships.models import Goal, Target

pytestmark = pytest.mark.django_db

TARGETS_PER_GOAL = {
    1: 7, 2: 8, 3: 13, 4: 10, 5: 9, 6: 8, 7: 5, 8: 12, 9: 8,
    10: 10, 11: 10, 12: 11, 13: 5, 14: 10, 15: 12, 16: 12, 17: 19,
}  # fmt: skip
CODE = re.compile(r"^(\d{1,2})\.(\d{1,2}|[a-z])$")
migration = import_module("partnerships.migrations.0002_sdg_reference")


def test_the_17_goals_with_their_official_short_titles():
    goals = list(Goal.objects.order_by("number"))
    assert [g.number for g in goals] == list(range(1, 18))
    assert goals[0].title == "No poverty"
    assert goals[16].title == "Partnerships for the goals"
    assert all(g.title.strip() for g in goals)


def test_169_targets_with_the_official_count_per_goal():
    assert Target.objects.count() == 169
    counts = {g.number: g.targets.count() for g in Goal.objects.all()}
    assert counts == TARGETS_PER_GOAL


def test_codes_are_unique_well_formed_and_belong_to_their_goal():
    targets = list(Target.objects.select_related("goal"))
    codes = [t.code for t in targets]
    assert len(set(codes)) == len(codes)
    for target in targets:
        match = CODE.match(target.code)
        assert match, target.code
        assert int(match.group(1)) == target.goal.number
        assert target.text.strip() and len(target.text) > 20, target.code


def test_numbered_targets_come_before_the_means_of_implementation_in_order():
    codes = list(Target.objects.filter(goal__number=17).values_list("code", flat=True))
    assert codes == [f"17.{n}" for n in range(1, 20)]
    codes = list(Target.objects.filter(goal__number=3).values_list("code", flat=True))
    assert codes == [*(f"3.{n}" for n in range(1, 10)), "3.a", "3.b", "3.c", "3.d"]


def test_targets_read_as_the_2030_agenda_words_them():
    assert Target.objects.get(code="1.1").text == (
        "By 2030, eradicate extreme poverty for all people everywhere, currently measured "
        "as people living on less than $1.25 a day"
    )
    assert Target.objects.get(code="17.17").text.startswith(
        "Encourage and promote effective public, public-private and civil society partnerships"
    )
    assert Target.objects.get(code="5.c").goal.number == 5


def test_the_data_file_matches_the_database():
    data = json.loads(migration.DATA.read_text(encoding="utf-8"))
    assert sum(len(goal["targets"]) for goal in data) == 169
    assert {goal["number"]: len(goal["targets"]) for goal in data} == TARGETS_PER_GOAL


def test_the_migration_can_run_again_without_duplicating_or_losing_anything():
    before = list(Target.objects.order_by("code").values_list("code", "text", "position"))
    migration.load(django_apps, None)
    migration.load(django_apps, None)
    assert Goal.objects.count() == 17
    assert list(Target.objects.order_by("code").values_list("code", "text", "position")) == before


def test_the_migration_repairs_a_changed_text():
    Target.objects.filter(code="6.1").update(text="changed")
    Goal.objects.filter(number=6).update(title="changed")
    migration.load(django_apps, None)
    assert Target.objects.get(code="6.1").text.startswith("By 2030, achieve universal")
    assert Goal.objects.get(number=6).title == "Clean water and sanitation"
