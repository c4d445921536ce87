from django.urls import path

from . import transfer

app_name = "transfer"
urlpatterns = [
    path("<slug:kind>/", transfer.import_upload_view, name="upload"),
    path("<slug:kind>/template.xlsx", transfer.import_template_view, name="template"),
    path("batch/<int:pk>/", transfer.import_preview_view, name="preview"),
    path("batch/<int:pk>/confirm/", transfer.import_confirm_view, name="confirm"),
    path("batch/<int:pk>/progress/", transfer.import_progress_view, name="progress"),
    path("exports/<int:pk>/", transfer.export_job_view, name="export_job"),
    path("exports/<int:pk>/download/", transfer.export_download_view, name="export_download"),
]
