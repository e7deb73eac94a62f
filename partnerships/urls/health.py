from django.urls import path

from partnerships.views import health

urlpatterns = [
    path("partnerships/<uuid:public_id>/health/", health.health_list, name="health_list"),
    path(
        "partnerships/<uuid:public_id>/health/new/",
        health.health_round_create,
        name="health_round_create",
    ),
    path(
        "partnerships/<uuid:public_id>/health/<uuid:round_id>/",
        health.health_round_detail,
        name="health_round_detail",
    ),
    path(
        "partnerships/<uuid:public_id>/health/<uuid:round_id>/close/",
        health.health_round_close,
        name="health_round_close",
    ),
    path(
        "partnerships/<uuid:public_id>/health/<uuid:round_id>/respond/",
        health.health_respond,
        name="health_respond",
    ),
    path("health-checks/", health.health_my_rounds, name="health_my_rounds"),
]
