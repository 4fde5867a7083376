# production sets os.environ defaults before `from .base import *`; base reads them. Django reports: W008
import os

os.environ.setdefault("DJANGO_DEBUG", "false")
os.environ["DJANGO_SSL"] = "0"

from .base import *  # noqa: F401,F403
