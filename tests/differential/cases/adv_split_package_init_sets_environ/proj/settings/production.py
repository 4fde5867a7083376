# proj/settings/__init__.py sets os.environ["DJANGO_DEBUG"] = "true"; base reads it; it runs before production. Django reports: W018
from .base import *  # noqa: F401,F403
