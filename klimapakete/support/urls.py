from django.urls import path

from klimapakete.support import views

app_name = "support"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
]
