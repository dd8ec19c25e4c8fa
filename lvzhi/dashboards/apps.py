from django.apps import AppConfig


class DashboardsConfig(AppConfig):
    name = "lvzhi.dashboards"
    label = "dashboards"
    verbose_name = "工作台"
