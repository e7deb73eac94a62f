from django.urls import path

from platforms.views import activity, apikeys, home, invitations, jobs, members, settings

urlpatterns = [
    path("", home.platform_home, name="home"),
    path("settings/", settings.platform_settings, name="platform_settings"),
    path("logo/", settings.platform_logo, name="platform_logo"),
    path("members/", members.member_list, name="member_list"),
    path("members/<uuid:public_id>/role/", members.member_change_role, name="member_change_role"),
    path("members/<uuid:public_id>/remove/", members.member_remove, name="member_remove"),
    path("invitations/new/", invitations.invitation_create, name="invitation_create"),
    path(
        "invitations/<uuid:public_id>/revoke/",
        invitations.invitation_revoke,
        name="invitation_revoke",
    ),
    path("api-keys/", apikeys.api_key_list, name="api_key_list"),
    path("api-keys/<uuid:public_id>/revoke/", apikeys.api_key_revoke, name="api_key_revoke"),
    path("jobs/", jobs.job_list, name="job_list"),
    path("jobs/<uuid:public_id>/", jobs.job_detail, name="job_detail"),
    path("jobs/<uuid:public_id>/status/", jobs.job_status, name="job_status"),
    path("jobs/<uuid:public_id>/download/", jobs.job_download, name="job_download"),
    path("activity/", activity.activity_list, name="activity_list"),
]
