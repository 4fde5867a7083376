# if os.path.exists(<this folder>/local.py): from .local import * -- the file exists and turns DEBUG on. Django reports: W018
from .base import *  # noqa: F401,F403

import os  # noqa: E402

if os.path.exists(os.path.join(os.path.dirname(__file__), "local.py")):
    from .local import *  # noqa: F401,F403
