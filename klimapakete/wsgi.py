"""WSGI entry point (gunicorn klimapakete.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "klimapakete.settings")
application = get_wsgi_application()
