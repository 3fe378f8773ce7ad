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
]
