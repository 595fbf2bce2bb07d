from django.urls import path

from designations import views

app_name = "designations"

urlpatterns = [
    path("", views.designation_list, name="list"),
    path("<str:key>/", views.designation_detail, name="detail"),
]
