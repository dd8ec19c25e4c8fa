"""The members API's routes and paths, gathered from each area's api module."""

from lvzhi.members.activities import api as api_activities
from lvzhi.members.changes import api as api_changes
from lvzhi.members.compliance import api as api_compliance
from lvzhi.members.meetings import api as api_meetings
from lvzhi.members.profiles import api as api_profiles

AREAS = (api_activities, api_compliance, api_meetings, api_changes, api_profiles)
ROUTES = [route for area in AREAS for route in area.ROUTES]
api_urlpatterns = [pattern for area in AREAS for pattern in area.api_urlpatterns]
