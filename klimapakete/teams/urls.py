from django.urls import path

from klimapakete.teams import views

app_name = "teams"

# Mounted under /t/<team_slug>/ (see klimapakete/urls.py).
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("members/", views.members, name="members"),
    path("members/invite/", views.invitation_create, name="invitation_create"),
    path(
        "members/invitations/<int:invitation_id>/revoke/",
        views.invitation_revoke,
        name="invitation_revoke",
    ),
    path("members/<int:membership_id>/role/", views.member_role, name="member_role"),
    path("members/<int:membership_id>/remove/", views.member_remove, name="member_remove"),
    path("members/hand-on/", views.hand_on, name="hand_on"),
    path("leave/", views.leave, name="leave"),
    path("settings/", views.team_settings, name="settings"),
    path("export/", views.export, name="export"),
    path("delete/", views.delete, name="delete"),
]
