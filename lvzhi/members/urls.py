"""/members/: one url module per area (activities, compliance, meetings, changes,
profiles, files); the public profile page is in urls_profiles too."""

from lvzhi.members.activities.urls import urlpatterns as activities
from lvzhi.members.changes.urls import urlpatterns as changes
from lvzhi.members.compliance.urls import urlpatterns as compliance
from lvzhi.members.meetings.urls import urlpatterns as meetings
from lvzhi.members.urls_files import urlpatterns as files
from lvzhi.members.urls_profiles import urlpatterns as profiles

app_name = "members"

urlpatterns = [*activities, *compliance, *meetings, *changes, *profiles, *files]
