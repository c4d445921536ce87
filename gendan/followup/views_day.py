"""My day, the board, the order timeline, tasks and comments."""

urlpatterns: list = []
