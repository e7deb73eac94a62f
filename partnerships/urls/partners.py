from django.urls import path

from partnerships.views import partners as views

urlpatterns = [
    path("partnerships/<uuid:public_id>/partners/", views.partner_list, name="partner_list"),
    path("partnerships/<uuid:public_id>/partners/new/", views.partner_add, name="partner_add"),
    path(
        "partnerships/<uuid:public_id>/partners/<uuid:partner_id>/edit/",
        views.partner_edit,
        name="partner_edit",
    ),
    path(
        "partnerships/<uuid:public_id>/partners/<uuid:partner_id>/leave/",
        views.partner_leave,
        name="partner_leave",
    ),
]
