from django.urls import path

from klimapakete.support import views

app_name = "support"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("rounds/", views.rounds, name="rounds"),
    path("rounds/<int:round_id>/", views.round_detail, name="round"),
    path("rounds/<int:round_id>/close/", views.round_close, name="round_close"),
    path("rounds/<int:round_id>/results.csv", views.round_results_csv, name="round_csv"),
    path("needs/<int:need_id>/", views.need_act, name="need_act"),
    path("advice/", views.inbox, name="inbox"),
    path("advice/<int:advice_id>/", views.advice_detail, name="advice"),
    path("advice/files/<int:advice_file_id>/", views.advice_file, name="advice_file"),
    path("advice/<int:advice_id>/share/", views.advice_share, name="advice_share"),
    path("advice/<int:advice_id>/assign/", views.advice_assign, name="advice_assign"),
    path("advice/<int:advice_id>/close/", views.advice_close, name="advice_close"),
    path("events/", views.events, name="events"),
    path("events/<int:event_id>/", views.event_detail, name="event"),
    path("events/<int:event_id>/materials/", views.event_materials, name="event_materials"),
    path("events/<int:event_id>/attendance/", views.event_attendance, name="event_attendance"),
    path("feed/<str:token>.ics", views.event_feed, name="event_feed"),
]
