from django.urls import path

from klimapakete.support import team_views

app_name = "support_team"

urlpatterns = [
    path("rounds/", team_views.rounds, name="rounds"),
    path("rounds/<int:support_round_id>/", team_views.round_detail, name="round"),
    path("rounds/<int:support_round_id>/propose/", team_views.need_propose, name="propose"),
    path("advice/", team_views.advice_list, name="advice_list"),
    path("advice/<int:advice_id>/", team_views.advice_detail, name="advice"),
    path(
        "advice/<int:advice_id>/files/<int:advice_file_id>/",
        team_views.advice_file,
        name="advice_file",
    ),
    path("advice/<int:advice_id>/close/", team_views.advice_close, name="advice_close"),
    path("workshops/", team_views.events, name="events"),
    path("workshops/<int:partner_event_id>/", team_views.event_detail, name="event"),
    path(
        "workshops/<int:past_partner_event_id>/materials/",
        team_views.event_materials,
        name="event_materials",
    ),
    path("workshops/<int:partner_event_id>/event.ics", team_views.event_ics, name="event_ics"),
]
