from django.urls import path

from klimapakete.notifications import views

app_name = "notifications"

urlpatterns = [
    path("", views.notification_list, name="list"),
    path("bell/", views.bell, name="bell"),
    path("read-all/", views.read_all, name="read_all"),
    path("<int:notification_id>/open/", views.open_notification, name="open"),
    path("settings/", views.mail_settings, name="settings"),
    path("unsubscribe/<signed:token>/", views.unsubscribe, name="unsubscribe"),
]
