# include() of a required file that does not exist raises OSError: Django cannot import the settings. Django reports: crash OSError
from split_settings.tools import include

SECRET_KEY = "r_iGp@58WAm!dX3a5ID)nOdcd*bWB2d^C4@(DSDC6Lc1-mxLpQ#2#yMK)@#Y"
DEBUG = False
ALLOWED_HOSTS = ["www.example.com"]
include("components/missing.py")
