"""TEMPORARY placeholder routes: the owner of this module replaces them with real views."""

from django.urls import path

from stakeholders.views.placeholder import placeholder

urlpatterns = [
    path("interactions/", placeholder, name="interaction_list"),
    path(
        "organisations/<uuid:public_id>/interactions/new/", placeholder, name="interaction_create"
    ),
    path("interactions/<uuid:public_id>/edit/", placeholder, name="interaction_edit"),
    path("interactions/<uuid:public_id>/done/", placeholder, name="interaction_follow_up_done"),
]
