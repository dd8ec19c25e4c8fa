"""The Celery application: ``celery -A lvzhi worker`` and ``celery -A lvzhi beat``.

Configured from Django's settings (the ``CELERY_`` names): the broker is
``LVZHI_CELERY_BROKER_URL`` (else ``LVZHI_REDIS_URL``); without one (the SQLite demo, the
tests) every task runs in the process that sends it (``task_always_eager``). Tasks are
found in each app's ``tasks`` module."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lvzhi.settings")

app = Celery("lvzhi")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
