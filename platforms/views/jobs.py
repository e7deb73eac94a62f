# Stub: implemented by its own work package.
from django.http import HttpResponse


def _stub(request, *args, **kwargs):
    return HttpResponse("not yet")
job_list = job_detail = job_status = job_download = _stub
