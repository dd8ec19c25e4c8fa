from django.apps import AppConfig


class SocialOrgsConfig(AppConfig):
    name = "lvzhi.socialorgs"
    label = "socialorgs"
    verbose_name = "社会组织"
