"""Test-only views for the middleware tests."""

from django.http import HttpResponse
from django.urls import path

from platforms.models import Job


def write_then_fail(request, platform_slug):
    Job.objects.create(platform=request.platform, kind="noop")
    raise ValueError("boom after a write")


def write_ok(request, platform_slug):
    Job.objects.create(platform=request.platform, kind="noop")
    return HttpResponse("ok")


urlpatterns = [
    path("p/<slug:platform_slug>/write-then-fail/", write_then_fail),
    path("p/<slug:platform_slug>/write-ok/", write_ok),
]
