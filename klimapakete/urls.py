"""Project URLs. Team pages live under /t/<team_slug>/ and go through teams.access."""

from django.contrib import admin
from django.urls import include, path

from klimapakete.accounts import views as account_views
from klimapakete.core import views as core_views
from klimapakete.teams import views as team_views
from klimapakete.workshops import views as workshop_views

team_patterns = [
    path("", include("klimapakete.teams.urls")),
    path("packages/", include("klimapakete.packages.urls")),
    path("actors/", include("klimapakete.actors.urls")),
    path("selection/", include("klimapakete.selection.urls")),
    path("workshops/", include("klimapakete.workshops.urls")),
    path("library/", include("klimapakete.forum.library.team_urls")),
    path("kompass/", include("klimapakete.kompass.urls")),
    path("council/", include("klimapakete.council.urls")),
    path("neutrality/", include("klimapakete.neutrality.urls")),
    path("support/", include("klimapakete.support.team_urls")),
    path("pick/<str:picker_key>/", core_views.picker_search, name="picker_search"),
]

urlpatterns = [
    path("", core_views.home, name="home"),
    path("healthz", core_views.healthz, name="healthz"),
    path("healthz/worker", core_views.healthz_worker, name="healthz_worker"),
    path("favicon.ico", core_views.favicon),
    path(
        "mail/unsubscribe/<signed:token>/",
        core_views.outsider_unsubscribe,
        name="outsider_unsubscribe",
    ),
    path("accounts/", include("klimapakete.accounts.urls")),
    path("language/", account_views.set_language, name="set_language"),
    path("teams/", team_views.team_list, name="teams_list"),
    path("teams/new/", team_views.team_create, name="team_create"),
    path("invite/<str:token>/", team_views.invitation, name="invitation"),
    path(
        "w/confirm/<signed:token>/",
        workshop_views.address_confirm,
        name="workshops_address_confirm",
    ),
    path("w/<token:token>/", workshop_views.personal, name="workshop_personal"),
    path("ical/<token:token>.ics", workshop_views.ical_feed, name="roundtable_ical"),
    path("", include("klimapakete.selection.public_urls")),
    path("allianz/", include("klimapakete.kompass.public_urls")),
    path("support/neutrality/", include("klimapakete.neutrality.support_urls")),
    path("support/", include("klimapakete.support.urls")),
    path("notifications/", include("klimapakete.notifications.urls")),
    path("forum/", include("klimapakete.forum.urls")),
    path("library/", include("klimapakete.forum.library.urls")),
    path("admin/", admin.site.urls),
    path("t/<slug:team_slug>/", include(team_patterns)),
]
