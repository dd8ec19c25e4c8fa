"""Pages of members: activities."""

urlpatterns = []
