import datetime
import pytest
from tests.factories import ActivityFactory, ObjectiveFactory, CommitmentFactory, ResourceFactory
from tests.partnerships.workplan_helpers import make_setup, url

pytestmark = pytest.mark.django_db

def test_dump(world, login):
    s = make_setup(world)
    o = ObjectiveFactory(partnership=s.partnership, title="Fair prices", expected_results="More")
    ActivityFactory(objective=o, title="Survey", responsible=s.wfp, starts_on=datetime.date(2025,3,1), ends_on=datetime.date(2025,6,30), status="in_progress")
    ActivityFactory(objective=o, title="Pilot", responsible=s.ngo, starts_on=datetime.date(2025,7,1), ends_on=datetime.date(2026,2,28))
    CommitmentFactory(partner=s.wfp, due_on=datetime.date(2025,1,1))
    ResourceFactory(partner=s.wfp, value=100, currency="USD")
    c = login(world.a.admin)
    for name, f in (("work_plan","wp"),("commitment_list","cl"),("resource_list","rl"),("commitment_create","cc"),("activity_create","ac")):
        args = [o.public_id] if name == "activity_create" else []
        open(f"/tmp/wkp_{f}.html","w").write(c.get(url(name, world.a, s.partnership, *args)).content.decode())
