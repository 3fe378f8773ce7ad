from django.urls import path

from klimapakete.forum import views
from klimapakete.forum.moderation import views as moderation
from klimapakete.forum.search import views as search

app_name = "forum"

urlpatterns = [
    path("", views.index, name="index"),
    path("search/", search.search, name="search"),
    path("c/<slug:slug>/", views.category_detail, name="category"),
    path("c/<slug:slug>/new/", views.thread_new, name="thread_new"),
    path("t/<int:thread_id>/", views.thread_detail, name="thread"),
    path("t/<int:thread_id>/reply/", views.reply, name="reply"),
    path("t/<int:thread_id>/follow/", views.follow, name="follow"),
    path("t/<int:thread_id>/read/", views.mark_read, name="mark_read"),
    path("t/<int:thread_id>/pin/", moderation.pin, name="pin"),
    path("t/<int:thread_id>/lock/", moderation.lock, name="lock"),
    path("t/<int:thread_id>/move/", moderation.move, name="move"),
    path("p/<int:post_id>/edit/", views.post_edit, name="post_edit"),
    path("p/<int:post_id>/history/", views.post_history, name="post_history"),
    path("p/<int:post_id>/react/", views.post_react, name="react"),
    path("p/<int:post_id>/solution/", views.solution, name="solution"),
    path("p/<int:post_id>/report/", moderation.report, name="report"),
    path("p/<int:post_id>/hide/", moderation.hide, name="hide"),
    path("p/<int:post_id>/unhide/", moderation.unhide, name="unhide"),
    path("moderation/", moderation.queue, name="moderation"),
    path("moderation/reports/<int:report_id>/dismiss/", moderation.report_dismiss, name="dismiss"),
    path("categories/", moderation.categories, name="categories"),
    path("categories/new/", moderation.category_edit, name="category_new"),
    path("categories/<int:category_id>/", moderation.category_edit, name="category_edit"),
]
