from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "lvzhi.core"
    label = "core"
    verbose_name = "平台核心"

    def ready(self):
        from django.contrib.auth import get_user_model
        from django.contrib.auth.signals import user_logged_in
        from django.db.models.signals import post_save

        from lvzhi.core.accounts.middleware import on_user_logged_in
        from lvzhi.core.accounts.services import on_user_saved

        post_save.connect(on_user_saved, sender=get_user_model(), dispatch_uid="lvzhi-account")
        user_logged_in.connect(on_user_logged_in, dispatch_uid="lvzhi-session-start")
