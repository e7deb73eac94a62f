"""The engagement log's pages."""

from django.urls import path

from stakeholders.views import interactions

urlpatterns = [
    path("interactions/", interactions.interaction_list, name="interaction_list"),
    path(
        "organisations/<uuid:public_id>/interactions/new/",
        interactions.interaction_create,
        name="interaction_create",
    ),
    path(
        "interactions/<uuid:public_id>/edit/",
        interactions.interaction_edit,
        name="interaction_edit",
    ),
    path(
        "interactions/<uuid:public_id>/done/",
        interactions.interaction_follow_up_done,
        name="interaction_follow_up_done",
    ),
]
