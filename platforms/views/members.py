# Stub: implemented by its own work package.
from django.http import HttpResponse


def _stub(request, *args, **kwargs):
    return HttpResponse("not yet")
member_list = member_change_role = member_remove = _stub
