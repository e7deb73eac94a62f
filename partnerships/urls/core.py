"""Partnerships themselves: the list, the overview, create, edit, brokers; and the
platform's commitments due."""

from django.urls import path

from partnerships.views import partnerships as views
from partnerships.views.commitments_due import commitments_due

urlpatterns = [
    path("partnerships/", views.partnership_list, name="partnership_list"),
    path("partnerships/new/", views.partnership_create, name="partnership_create"),
    path("commitments/", commitments_due, name="commitments_due"),
    path("partnerships/<uuid:public_id>/", views.partnership_detail, name="partnership_detail"),
    path("partnerships/<uuid:public_id>/edit/", views.partnership_edit, name="partnership_edit"),
    path(
        "partnerships/<uuid:public_id>/brokers/",
        views.partnership_brokers,
        name="partnership_brokers",
    ),
]
