from . import views
from .setup import views as setup_views

app_name = "followup"
# The daily follow-up (My day, board, order timeline, tasks, comments) and the set-up
# pages (SOP templates, working-day calendar).
urlpatterns = [*views.urlpatterns, *setup_views.urlpatterns]
