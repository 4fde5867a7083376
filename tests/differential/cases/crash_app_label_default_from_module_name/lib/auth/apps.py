from django.apps import AppConfig


class BaseConfig(AppConfig):
    default = False
    name = "lib.auth"
    label = "lib_auth"
