# A helper writes names into its caller's globals through the frame (sys._getframe(1).f_globals): a name the module reads but never assigns is not a certain NameError. Django reports: W001, W002, W003
from .loader import load_defaults

load_defaults(USE_LOADER=True)
SECRET_KEY = "r_iGp@58WAm!dX3a5ID)nOdcd*bWB2d^C4@(DSDC6Lc1-mxLpQ#2#yMK)@#Y"
ALLOWED_HOSTS = ["www.example.com"]
DEBUG = False
if not USE_LOADER:  # noqa: F821
    DEBUG = True
