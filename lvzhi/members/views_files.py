"""Photos of members, served only after their owner is loaded the way its page loads it:
an activity's photos for whoever may read the activity, a member's photo for whoever may
open her profile, and to anyone only while her public profile is published and she holds
a seat (the public page's rule). Anything else answers 404, anonymous users included."""

from lvzhi.core import files
from lvzhi.members.activities import selectors as activity_selectors
from lvzhi.members.selectors import profiles as profile_selectors


@files.file_view
def activity_photo(request, pk):
    photo = activity_selectors.get_activity_photo(files.viewer(request), pk)
    return files.serve(photo.image, filename=f"activity-{photo.activity_id}-{photo.pk}")


@files.file_view
def activity_photo_display(request, pk):
    photo = activity_selectors.get_activity_photo(files.viewer(request), pk)
    return files.serve(
        photo.display or photo.image, filename=f"activity-{photo.activity_id}-{photo.pk}"
    )


@files.file_view
def profile_photo(request, person_pk):
    person = profile_selectors.get_person(files.viewer(request), person_pk)
    return files.serve(person.photo, filename=f"photo-{person.pk}", max_age=0)


@files.file_view
def public_profile_photo(request, token):
    person = profile_selectors.public_profile(token).person
    return files.serve(person.photo, filename=f"photo-{person.pk}", max_age=0)
