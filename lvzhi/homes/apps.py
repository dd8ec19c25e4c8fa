from django.apps import AppConfig


class HomesConfig(AppConfig):
    name = "lvzhi.homes"
    label = "homes"
    verbose_name = "妇女之家"
