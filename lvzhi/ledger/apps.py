from django.apps import AppConfig


class LedgerConfig(AppConfig):
    name = "lvzhi.ledger"
    label = "ledger"
    verbose_name = "妇女信息台账"
