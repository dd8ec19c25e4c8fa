"""/members/: one url module per area (activities, compliance, meetings, changes,
profiles); the public profile page and the photos are in their area's urls too."""

from lvzhi.members.activities.urls import urlpatterns as activities
from lvzhi.members.changes.urls import urlpatterns as changes
from lvzhi.members.compliance.urls import urlpatterns as compliance
from lvzhi.members.meetings.urls import urlpatterns as meetings
from lvzhi.members.profiles.urls import urlpatterns as profiles

app_name = "members"

urlpatterns = [*activities, *compliance, *meetings, *changes, *profiles]
