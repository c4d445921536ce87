from django.urls import path

from . import views

# The namespace keeps the name the import pages have always had in templates and links.
app_name = "transfer"
urlpatterns = [
    path("<slug:kind>/", views.import_upload_view, name="upload"),
    path("<slug:kind>/template.xlsx", views.import_template_view, name="template"),
    path("batch/<int:pk>/", views.import_preview_view, name="preview"),
    path("batch/<int:pk>/errors.xlsx", views.import_errors_download_view, name="errors"),
    path("batch/<int:pk>/confirm/", views.import_confirm_view, name="confirm"),
    path("batch/<int:pk>/progress/", views.import_progress_view, name="progress"),
    path("exports/<int:pk>/", views.export_job_view, name="export_job"),
    path("exports/<int:pk>/download/", views.export_download_view, name="export_download"),
]
