# settings/__init__.py picks production unless DJANGO_ENV says otherwise; production leaves SSL redirect off. Django reports: W008
import os

if os.environ.get("DJANGO_ENV", "production") == "production":
    from .production import *  # noqa: F401,F403
else:
    from .development import *  # noqa: F401,F403
