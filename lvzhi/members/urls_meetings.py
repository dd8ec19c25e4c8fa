"""Pages of members: meetings."""

urlpatterns = []
