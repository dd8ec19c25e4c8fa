from django.apps import AppConfig


class GrassrootsConfig(AppConfig):
    name = "lvzhi.grassroots"
    label = "grassroots"
    verbose_name = "基层组织建设"
