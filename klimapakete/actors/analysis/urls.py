"""URLs of the power analysis (under /t/<team_slug>/actors/)."""

from django.urls import path

from klimapakete.actors.analysis import views

urlpatterns = [
    path("analysis/grid/", views.grid, name="grid"),
    path("analysis/network/", views.network, name="network"),
    path("analysis/network/data/", views.network_data, name="network_data"),
    path("analysis/key-persons/", views.key_persons, name="key_persons"),
    path("analysis/refresh/", views.analysis_refresh, name="analysis_refresh"),
    path("analysis/introductions/", views.introductions, name="introductions"),
    path("analysis/recruitment/", views.recruitment, name="recruitment"),
    path("analysis/recruitment/reorder/", views.recruitment_reorder, name="recruitment_reorder"),
    path("pipeline/", views.pipeline, name="pipeline"),
    path("pipeline/move/", views.pipeline_move, name="pipeline_move"),
]
