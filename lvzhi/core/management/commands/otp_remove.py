"""`lvzhi otp_remove USERNAME`: remove an administrator's authenticator when her phone is
lost (she then signs in with the password and binds a new one); audited as the system's
action."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from lvzhi.core.forms import joined_messages
from lvzhi.core.twofactor.services import otp_remove


class Command(BaseCommand):
    help = "解除用户的动态验证码绑定（手机丢失时）"

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, **options):
        user = get_user_model().objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"用户 {options['username']} 不存在")
        try:
            otp_remove(actor=None, user=user, code=None)
        except ValidationError as exc:
            raise CommandError(joined_messages(exc)) from None
        self.stdout.write(f"已解除 {user.get_username()} 的动态验证码绑定")
