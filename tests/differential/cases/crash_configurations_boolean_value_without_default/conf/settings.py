# django-configurations: values.BooleanValue() with no default raises ValueError when the class is made. Django reports: crash ValueError
# oracle-env: DJANGO_CONFIGURATION=Production
from configurations import Configuration, values


class Production(Configuration):
    DEBUG = values.BooleanValue()
    SECRET_KEY = "r_iGp@58WAm!dX3a5ID)nOdcd*bWB2d^C4@(DSDC6Lc1-mxLpQ#2#yMK)@#Y"
    ALLOWED_HOSTS = ["www.example.com"]
