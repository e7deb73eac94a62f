# Stub: implemented by its own work package.
from django.http import HttpResponse


def _stub(request, *args, **kwargs):
    return HttpResponse("not yet")
invitation_create = invitation_revoke = invitation_accept = _stub
