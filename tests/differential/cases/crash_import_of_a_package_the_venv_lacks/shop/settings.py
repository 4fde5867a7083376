# The project's virtualenv does not have the package the settings import (and nothing in it adds paths): Django cannot import the settings. Django reports: crash ModuleNotFoundError
import notinstalled_anywhere  # noqa: F401

SECRET_KEY = "r_iGp@58WAm!dX3a5ID)nOdcd*bWB2d^C4@(DSDC6Lc1-mxLpQ#2#yMK)@#Y"
DEBUG = False
ALLOWED_HOSTS = ["www.example.com"]
