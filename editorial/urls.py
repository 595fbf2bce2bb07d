from django.urls import path

from editorial import views

app_name = "editorial"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("bulk-approve/", views.bulk_approve, name="bulk_approve"),
    path("notifications/", views.notification_settings, name="notifications"),
    path("<int:pk>/", views.request_detail, name="request"),
    path("<int:pk>/decide/", views.decide, name="decide"),
    path("<int:pk>/comment/", views.comment, name="comment"),
    path("<int:pk>/resubmit/", views.resubmit, name="resubmit"),
]
