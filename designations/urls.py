app_name = "designations"

urlpatterns = []
