"""Production refuses keys that are known or too short (imported by the settings, so it
uses nothing of Django beyond the exception)."""

from django.core.exceptions import ImproperlyConfigured

MIN_KEY_LENGTH = 32

# Keys published in this repository (development defaults, examples in documents):
# anyone can read them, so data protected by them is not protected.
DEVELOPMENT_KEYS = frozenset(
    {
        "dev-insecure-secret-key-do-not-use-in-production",
        "dev-insecure-pii-key-do-not-use-in-production",
        "lvzhi-bench-pii-key",
    }
)


def split_keys(value: str) -> list[str]:
    return [part.strip() for part in (value or "").split(",") if part.strip()]


def check_production_keys(*, secret_key: str, pii_key: str, pii_index_key: str = "") -> None:
    """Raise ImproperlyConfigured naming every problem with the production keys."""
    problems = []

    def check(name: str, value: str) -> None:
        if value in DEVELOPMENT_KEYS or "insecure" in value.lower():
            problems.append(f"{name} 使用了公开的开发密钥，生产环境不得使用")
        elif len(value) < MIN_KEY_LENGTH:
            problems.append(f"{name} 太短（至少 {MIN_KEY_LENGTH} 个字符）")

    if secret_key:
        check("LVZHI_SECRET_KEY", secret_key)
    pii_keys = split_keys(pii_key)
    for position, key in enumerate(pii_keys, start=1):
        check("LVZHI_PII_KEY" if len(pii_keys) == 1 else f"LVZHI_PII_KEY 第{position}个", key)
    if pii_index_key:
        check("LVZHI_PII_INDEX_KEY", pii_index_key)
    if secret_key and secret_key in pii_keys:
        problems.append("LVZHI_PII_KEY 不得与 LVZHI_SECRET_KEY 相同")
    if len(pii_keys) > 1 and not pii_index_key:
        problems.append(
            "LVZHI_PII_KEY 列出多个密钥（轮换中）时必须设置 LVZHI_PII_INDEX_KEY"
            "（设为最早使用的那个密钥），否则删除旧密钥后盲索引将失效"
        )
    if problems:
        raise ImproperlyConfigured("生产模式密钥配置有误：" + "；".join(problems) + "。")
