from django.apps import AppConfig


class ProcessesConfig(AppConfig):
    name = "lvzhi.processes"
    label = "processes"
    verbose_name = "办件流程"
