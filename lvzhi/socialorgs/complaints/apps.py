from django.apps import AppConfig


class ComplaintsConfig(AppConfig):
    """Public complaints about a filed social organization (第十二条). Its own app (own
    migrations) beside ``lvzhi.socialorgs``."""

    name = "lvzhi.socialorgs.complaints"
    label = "socialorgs_complaints"
    verbose_name = "社会组织公众投诉"
