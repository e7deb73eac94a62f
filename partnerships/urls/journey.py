"""The development journey's pages."""

from django.urls import path

from partnerships.views import journey

urlpatterns = [
    path(
        "partnerships/<uuid:public_id>/journey/",
        journey.partnership_journey,
        name="partnership_journey",
    ),
    path(
        "partnerships/<uuid:public_id>/journey/move/",
        journey.partnership_move,
        name="partnership_move",
    ),
    path(
        "partnerships/<uuid:public_id>/vision/",
        journey.partnership_vision,
        name="partnership_vision",
    ),
]
