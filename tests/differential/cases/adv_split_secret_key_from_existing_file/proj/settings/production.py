# production reads SECRET_KEY from secret_key.txt next to it (exists, holds a short key). Django reports: W009
from .base import *  # noqa: F401,F403

import os  # noqa: E402

with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "secret_key.txt")) as _f:
    SECRET_KEY = _f.read().strip()
