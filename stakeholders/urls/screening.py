"""Screening (due diligence): the platform's criteria, screenings, renewals."""

from django.urls import path

from stakeholders.views import screening as views

urlpatterns = [
    path("screening/criteria/", views.criterion_list, name="criterion_list"),
    path("screening/criteria/new/", views.criterion_create, name="criterion_create"),
    path("screening/criteria/defaults/", views.criterion_defaults, name="criterion_defaults"),
    path("screening/criteria/<uuid:public_id>/edit/", views.criterion_edit, name="criterion_edit"),
    path("screening/renewals/", views.screening_renewals, name="screening_renewals"),
    path(
        "organisations/<uuid:public_id>/screenings/",
        views.screening_history,
        name="screening_history",
    ),
    path(
        "organisations/<uuid:public_id>/screenings/new/",
        views.screening_create,
        name="screening_create",
    ),
    path("screenings/<uuid:public_id>/", views.screening_detail, name="screening_detail"),
    path("screenings/<uuid:public_id>/edit/", views.screening_edit, name="screening_edit"),
]
