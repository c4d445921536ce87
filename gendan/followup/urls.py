from . import views_day, views_setup

app_name = "followup"
# The daily follow-up (My day, board, order timeline, tasks, comments) and the set-up
# pages (SOP templates, working-day calendar) live in two modules.
urlpatterns = [*views_day.urlpatterns, *views_setup.urlpatterns]
