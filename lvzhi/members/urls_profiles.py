"""Pages of members: profiles."""

urlpatterns = []
