"""`lvzhi create_api_token USERNAME [--days N] [--name NAME]`: a new API token for the
user; prints only the key (scripts read it), audited as the system's action."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from lvzhi.core.forms import joined_messages
from lvzhi.core.tokens.services import api_token_create


class Command(BaseCommand):
    help = "为用户创建 API 令牌，只在标准输出打印令牌本身"

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--days", type=int, help="有效天数，默认 LVZHI_API_TOKEN_DAYS（90）")
        parser.add_argument("--name", default="命令行创建", help="令牌用途")

    def handle(self, *args, **options):
        user = get_user_model().objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"用户 {options['username']} 不存在")
        try:
            _token, key = api_token_create(
                actor=None, user=user, name=options["name"], days=options["days"]
            )
        except ValidationError as exc:
            raise CommandError(joined_messages(exc)) from None
        self.stdout.write(key)
