from django.urls import path

from klimapakete.selection import views

app_name = "selection"

# Mounted under /t/<team_slug>/selection/.
urlpatterns = [
    path("", views.selection_list, name="list"),
    path("<int:selection_id>/", views.selection_detail, name="detail"),
    path("<int:selection_id>/plan/", views.selection_plan, name="plan"),
    path("<int:selection_id>/plan/settings/", views.plan_settings, name="plan_settings"),
    path("<int:selection_id>/plan/categories/", views.plan_categories, name="plan_categories"),
    path("<int:selection_id>/plan/import/", views.plan_import, name="plan_import"),
    path(
        "<int:selection_id>/plan/request.pdf",
        views.request_document,
        {"fmt": "pdf"},
        name="request_pdf",
    ),
    path(
        "<int:selection_id>/plan/request.docx",
        views.request_document,
        {"fmt": "docx"},
        name="request_docx",
    ),
    path(
        "<int:selection_id>/plan/letter.pdf",
        views.letter_document,
        {"fmt": "pdf"},
        name="letter_pdf",
    ),
    path(
        "<int:selection_id>/plan/letter.docx",
        views.letter_document,
        {"fmt": "docx"},
        name="letter_docx",
    ),
    path("<int:selection_id>/addresses/", views.address_draws, name="addresses"),
    path(
        "<int:selection_id>/addresses/<int:draw_id>/mail-merge.csv",
        views.address_download,
        name="address_download",
    ),
    path(
        "<int:selection_id>/addresses/<int:draw_id>/delete/",
        views.address_delete,
        name="address_delete",
    ),
    path("<int:selection_id>/respondents/", views.respondents, name="respondents"),
    path("<int:selection_id>/respondents/import/", views.respondents_import, name="import"),
    path(
        "<int:selection_id>/respondents/import/upload/",
        views.import_upload,
        name="import_upload",
    ),
    path(
        "<int:selection_id>/respondents/import/preview/",
        views.import_preview,
        name="import_preview",
    ),
    path(
        "<int:selection_id>/respondents/import/confirm/",
        views.import_confirm,
        name="import_confirm",
    ),
    path(
        "<int:selection_id>/respondents/import/cancel/",
        views.import_cancel,
        name="import_cancel",
    ),
    path(
        "<int:selection_id>/respondents/<int:respondent_id>/export/",
        views.respondent_export,
        name="respondent_export",
    ),
    path(
        "<int:selection_id>/respondents/<int:respondent_id>/keep/",
        views.respondent_keep,
        name="respondent_keep",
    ),
    path(
        "<int:selection_id>/respondents/<int:respondent_id>/delete/",
        views.respondent_delete,
        name="respondent_delete",
    ),
    path("<int:selection_id>/quotas/", views.quotas_page, name="quotas"),
    path("<int:selection_id>/quotas/check/", views.quotas_check, name="quotas_check"),
    path("<int:selection_id>/quotas/apply/", views.quotas_apply, name="quotas_apply"),
    path("<int:selection_id>/compute/", views.compute, name="compute"),
    path("<int:selection_id>/runs/<int:run_id>/progress/", views.run_progress, name="run_progress"),
    path("<int:selection_id>/runs/<int:run_id>/cancel/", views.run_cancel, name="run_cancel"),
    path("<int:selection_id>/draw/", views.draw_page, name="draw"),
    path("<int:selection_id>/draw/round/", views.draw_round, name="draw_round"),
    path("<int:selection_id>/draw/commit/", views.draw_commit, name="draw_commit"),
    path("<int:selection_id>/draw/withdraw/", views.draw_withdraw, name="draw_withdraw"),
    path("<int:selection_id>/draw/panel/", views.draw_panel, name="draw_panel"),
    path("<int:selection_id>/draw/commitment/", views.commitment, name="commitment"),
    path("<int:selection_id>/panel/", views.panel, name="panel"),
    path("<int:selection_id>/panel/<int:respondent_id>/dropout/", views.dropout, name="dropout"),
    path("<int:selection_id>/close/", views.close, name="close"),
    path("<int:selection_id>/distribution.csv", views.distribution_csv, name="distribution_csv"),
]
