"""Template pages: list, review of a derived draft, step edits, publish."""

urlpatterns = []
