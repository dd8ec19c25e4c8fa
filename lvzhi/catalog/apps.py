from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "lvzhi.catalog"
    label = "catalog"
    verbose_name = "职责目录"
