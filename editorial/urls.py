from django.urls import path

from editorial import views

app_name = "editorial"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("bulk-approve/", views.bulk_approve, name="bulk_approve"),
    path("<int:pk>/", views.request_detail, name="request"),
    path("<int:pk>/decide/", views.decide, name="decide"),
]
