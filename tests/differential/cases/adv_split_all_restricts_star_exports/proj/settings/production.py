# base defines __all__ without DEBUG and ALLOWED_HOSTS: only the listed names are star-imported. Django reports: W020
from .base import *  # noqa: F401,F403
