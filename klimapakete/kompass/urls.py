app_name = "kompass"
urlpatterns = []
