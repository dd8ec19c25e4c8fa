from django.apps import AppConfig


class MembersConfig(AppConfig):
    name = "lvzhi.members"
    label = "members"
    verbose_name = "执委履职"
