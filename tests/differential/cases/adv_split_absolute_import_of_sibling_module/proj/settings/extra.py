from proj.settings import base

base.INSTALLED_APPS.remove("django.contrib.sessions")
