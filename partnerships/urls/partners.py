"""TEMPORARY placeholder routes: the owner of this module replaces them with real views."""

from django.urls import path

from partnerships.views.placeholder import placeholder

urlpatterns = [
    path("partnerships/<uuid:public_id>/partners/", placeholder, name="partner_list"),
    path("partnerships/<uuid:public_id>/partners/new/", placeholder, name="partner_add"),
    path(
        "partnerships/<uuid:public_id>/partners/<uuid:partner_id>/edit/",
        placeholder,
        name="partner_edit",
    ),
    path(
        "partnerships/<uuid:public_id>/partners/<uuid:partner_id>/leave/",
        placeholder,
        name="partner_leave",
    ),
]
