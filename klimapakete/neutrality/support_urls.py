from django.urls import path

from klimapakete.neutrality import views

app_name = "neutrality_support"

# Mounted under /support/neutrality/ (support staff only; aggregates, no team names).
urlpatterns = [path("", views.aggregate, name="aggregate")]
