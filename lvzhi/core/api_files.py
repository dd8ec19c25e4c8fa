"""A stored file in an API answer: the absolute URL of the view that serves it after its
owner's scope check, never a public media URL."""

from django.urls import reverse
from rest_framework import serializers


def served_url(url_name: str, arg, request=None) -> str:
    url = reverse(url_name, args=[arg])
    return request.build_absolute_uri(url) if request is not None else url


class ServedFileField(serializers.ImageField):
    """Read-only; ``url_name`` is the serving view, called with the owning object's pk
    (the schema stays that of a file field: a URI string)."""

    def __init__(self, url_name: str, **kwargs):
        self.url_name = url_name
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, value):
        if not value:
            return None
        return served_url(self.url_name, value.instance.pk, self.context.get("request"))
