# A CSRF_TRUSTED_ORIGINS entry that is not a string makes Django's 4_0.E001 check raise TypeError. Django reports: crash TypeError
SECRET_KEY = "r_iGp@58WAm!dX3a5ID)nOdcd*bWB2d^C4@(DSDC6Lc1-mxLpQ#2#yMK)@#Y"
DEBUG = False
ALLOWED_HOSTS = ["www.example.com"]
CSRF_TRUSTED_ORIGINS = ["https://www.example.com", 443]
