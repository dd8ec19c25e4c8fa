"""Background jobs: a ``Job`` row per long operation (an export, a rebuild), written by
the Celery task that does the work, read by its owner's page and API."""
