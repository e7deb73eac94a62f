# Stub: implemented by its own work package.
from django.http import HttpResponse


def _stub(request, *args, **kwargs):
    return HttpResponse("not yet")
api_key_list = api_key_revoke = _stub
