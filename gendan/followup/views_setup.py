"""SOP template editor and the working-day calendar."""

urlpatterns: list = []
