"""Pages of members: changes."""

urlpatterns = []
