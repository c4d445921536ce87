from django.urls import path

app_name = "transfer"
urlpatterns: list = []
