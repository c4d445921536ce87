from django.urls import path

from . import views

app_name = "notify"
urlpatterns = [
    path("", views.notification_list_view, name="list"),
    path("menu/", views.notification_menu_view, name="menu"),
    path("read-all/", views.notifications_read_all_view, name="read_all"),
    path("<int:pk>/", views.notification_open_view, name="open"),
]
