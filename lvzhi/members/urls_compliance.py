"""Pages of members: compliance."""

urlpatterns = []
