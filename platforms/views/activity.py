# Stub: implemented by its own work package.
from django.http import HttpResponse


def _stub(request, *args, **kwargs):
    return HttpResponse("not yet")
activity_list = _stub
