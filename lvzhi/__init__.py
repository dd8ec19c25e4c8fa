"""lvzhi (履职). The Celery app is loaded with the package, as Celery's Django guide does, so
that ``shared_task`` binds to it (broker, eager mode) wherever a task is sent."""

from lvzhi.celery import app as celery_app

__all__ = ["celery_app"]
