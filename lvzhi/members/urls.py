"""/members/: one url module per area (activities, compliance, meetings, changes,
profiles, files); the public profile page is in urls_profiles too."""

from .urls_activities import urlpatterns as activities
from .urls_changes import urlpatterns as changes
from .urls_compliance import urlpatterns as compliance
from .urls_files import urlpatterns as files
from .urls_meetings import urlpatterns as meetings
from .urls_profiles import urlpatterns as profiles

app_name = "members"

urlpatterns = [*activities, *compliance, *meetings, *changes, *profiles, *files]
