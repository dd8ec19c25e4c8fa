"""lvzhi settings, configured from the environment.

Production is the default: without ``LVZHI_DEBUG=1`` the platform refuses to start
unless a secret key, a PII key and allowed hosts are configured. Development
(``LVZHI_DEBUG=1``, set by ``make demo`` and the tests) runs with throwaway keys on SQLite.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent


def _env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


DEBUG = _env_bool("LVZHI_DEBUG", False)
# Fixed when the settings load (pytest-django turns DEBUG off during tests; this stays):
# what production forbids (the demo data, an anonymous API schema) reads this flag.
LVZHI_PRODUCTION = not DEBUG

SECRET_KEY = os.environ.get("LVZHI_SECRET_KEY", "")
PII_KEY = os.environ.get("LVZHI_PII_KEY", "")
REDIS_URL = os.environ.get("LVZHI_REDIS_URL", "")
ALLOWED_HOSTS = [h for h in os.environ.get("LVZHI_ALLOWED_HOSTS", "").split(",") if h]

if DEBUG:
    SECRET_KEY = SECRET_KEY or "dev-insecure-secret-key-do-not-use-in-production"
    PII_KEY = PII_KEY or "dev-insecure-pii-key-do-not-use-in-production"
    ALLOWED_HOSTS = ALLOWED_HOSTS or ["127.0.0.1", "localhost", "testserver", "[::1]"]
else:
    missing = [
        name
        for name, value in (
            ("LVZHI_SECRET_KEY", SECRET_KEY),
            ("LVZHI_PII_KEY", PII_KEY),
            ("LVZHI_ALLOWED_HOSTS", ALLOWED_HOSTS),
            ("LVZHI_REDIS_URL", REDIS_URL),
        )
        if not value
    ]
    if missing:
        raise ImproperlyConfigured(
            "生产模式（未设置 LVZHI_DEBUG=1）必须配置: "
            + ", ".join(missing)
            + "。本机开发请设置 LVZHI_DEBUG=1（make demo 已设置）。"
        )

# Blind-index key (docs/decisions/0005-pii-keys.md); unset: the oldest LVZHI_PII_KEY.
PII_INDEX_KEY = os.environ.get("LVZHI_PII_INDEX_KEY", "")
if not DEBUG:
    from lvzhi.core.keys import check_production_keys

    check_production_keys(secret_key=SECRET_KEY, pii_key=PII_KEY, pii_index_key=PII_INDEX_KEY)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "treebeard",
    "axes",
    "django_prometheus",
    "lvzhi.core",
    "lvzhi.orgs",
    "lvzhi.catalog",
    "lvzhi.processes",
    "lvzhi.members",
    "lvzhi.grassroots",
    "lvzhi.ledger",
    "lvzhi.homes",
    "lvzhi.socialorgs",
    "lvzhi.socialorgs.complaints",
    "lvzhi.socialorgs.evaluations",
    "lvzhi.dashboards",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "lvzhi.core.middleware.RequestIdMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "lvzhi.core.accounts.middleware.SessionLifetimeMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "lvzhi.core.twofactor.middleware.SecondFactorMiddleware",
    "lvzhi.core.accounts.middleware.PasswordChangeRequiredMiddleware",
    "axes.middleware.AxesMiddleware",
    "lvzhi.core.middleware.ContentSecurityPolicyMiddleware",
    "lvzhi.core.api.ApiPathIdMiddleware",
]

if not DEBUG:  # runserver and the tests serve static files through django.contrib.staticfiles
    MIDDLEWARE.insert(2, "whitenoise.middleware.WhiteNoiseMiddleware")
# 监控: 每个视图的请求数与耗时 (django-prometheus), 最外层
MIDDLEWARE = [
    "django_prometheus.middleware.PrometheusBeforeMiddleware",
    *MIDDLEWARE,
    "django_prometheus.middleware.PrometheusAfterMiddleware",
]
# /metrics 只对这些地址开放 (Prometheus 所在主机)
LVZHI_METRICS_ALLOWED_IPS = [
    a.strip() for a in os.environ.get("LVZHI_METRICS_ALLOWED_IPS", "127.0.0.1,::1").split(",")
]
# 后台任务 (Celery): 代理默认与缓存同一 Redis; 没有代理时 (演示、测试) 任务在本进程内执行
LVZHI_BROKER_URL = (
    os.environ.get("LVZHI_CELERY_BROKER_URL") or os.environ.get("LVZHI_BROKER_URL") or REDIS_URL
)
CELERY_BROKER_URL = LVZHI_BROKER_URL or "memory://"
CELERY_TASK_ALWAYS_EAGER = not LVZHI_BROKER_URL
CELERY_TASK_IGNORE_RESULT = True  # a task's state and result are on its Job row
CELERY_TASK_ACKS_LATE = True  # a worker that dies mid-task leaves it for another
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = "Asia/Shanghai"
# Celery beat: 每日任务 (lvzhi run_daily) 于北京时间 00:30
from celery.schedules import crontab  # noqa: E402

CELERY_BEAT_SCHEDULE = {
    "run-daily": {"task": "lvzhi.core.tasks.run_daily", "schedule": crontab(hour=0, minute=30)}
}
# 后台任务的种类: 名称 -> 启动它的类 (各应用的 tasks 模块; lvzhi.core.jobs)
LVZHI_JOB_KINDS = {
    "catalog_export": "lvzhi.catalog.tasks.CatalogExport",
    "catalog_import": "lvzhi.catalog.tasks.CatalogImport",
    "compliance_rebuild": "lvzhi.members.tasks.ComplianceRebuild",
    "list_export": "lvzhi.core.export_jobs.ListExport",
    "roster_import": "lvzhi.orgs.tasks.RosterImport",
}
# 列表导出超过这么多行时改为后台任务 (0: 总是直接下载)
LVZHI_EXPORT_ASYNC_ROWS = int(os.environ.get("LVZHI_EXPORT_ASYNC_ROWS", "5000"))
# 确认导入的名册超过这么多行 (组织、人员、职务合计) 时由后台任务写入 (0: 总在请求中写入)
LVZHI_ROSTER_ASYNC_ROWS = int(os.environ.get("LVZHI_ROSTER_ASYNC_ROWS", "500"))
# 上传的职责目录文件超过这么多字节时由后台任务解析并导入 (0: 总在请求中导入)
LVZHI_CATALOG_ASYNC_BYTES = int(os.environ.get("LVZHI_CATALOG_ASYNC_BYTES", "262144"))
# 汇总页等页面片段在共享缓存中的最长保留秒数 (数据变化时立即失效)
LVZHI_FRAGMENT_SECONDS = int(os.environ.get("LVZHI_FRAGMENT_SECONDS", "300"))

ROOT_URLCONF = "lvzhi.urls"
WSGI_APPLICATION = "lvzhi.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "lvzhi.core.context_processors.platform",
                "lvzhi.members.context_processors.reminders",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{PROJECT_DIR / 'lvzhi.sqlite3'}",
        conn_max_age=int(os.environ.get("LVZHI_CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
    DATABASES["default"]["TEST"] = {"NAME": os.environ.get("LVZHI_TEST_SQLITE") or None}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# 口令策略（等保三级）: 长度、字符类别、不与用户名相近、非演示口令、非常见口令
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "lvzhi.core.accounts.validators.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "lvzhi.core.accounts.validators.CharacterClassesValidator"},
    {"NAME": "lvzhi.core.accounts.validators.UserAttributeSimilarityValidator"},
    {"NAME": "lvzhi.core.accounts.validators.CommonPasswordValidator"},
]
# 生产模式下创建的账号首次登录须修改口令（演示账号在开发模式下创建，不受影响）
PASSWORD_CHANGE_ON_FIRST_LOGIN = _env_bool("LVZHI_FORCE_PASSWORD_CHANGE", not DEBUG)

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # ModelBackend whose get_user joins the person and account security rows (one query)
    "lvzhi.core.accounts.backends.UserWithProfileBackend",
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
# collectstatic writes here; with `pip install .` the default is inside the venv.
STATIC_ROOT = Path(os.environ.get("LVZHI_STATIC_ROOT", PROJECT_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("LVZHI_MEDIA_ROOT", PROJECT_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# 共享缓存: 生产模式用 Redis（各应用服务器共用登录锁定与留言限流计数）; 演示与测试用本进程内存
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "lvzhi.core.cache.RedisCache", "LOCATION": REDIS_URL}}
else:  # one process (the demo, the tests): axes' warning about a local cache does not apply
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    SILENCED_SYSTEM_CHECKS = ["axes.W001"]

# 会话: 有共享缓存（生产）时由缓存读取、写入时同时写数据库 (cached_db, 决定 0022),
# 请求不再为会话查询数据库; Redis 重启或淘汰时会话仍在数据库中。演示与测试用数据库。
if REDIS_URL:
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# 客户端地址: 应用前的可信反向代理层数（README 的 nginx 为 1; 0 = 直接取套接字地址）
TRUSTED_PROXIES = int(os.environ.get("LVZHI_TRUSTED_PROXIES", "0"))

# 登录限流 (django-axes): 同一账号、同一地址分别计数，失败次数上限及锁定时长（秒）
LOGIN_FAILURE_LIMIT = int(os.environ.get("LVZHI_LOGIN_FAILURE_LIMIT", "5"))
LOGIN_LOCKOUT_SECONDS = int(os.environ.get("LVZHI_LOGIN_LOCKOUT_SECONDS", "900"))
AXES_HANDLER = "lvzhi.core.accounts.lockout.AccountOnlyResetHandler"
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_FAILURE_LIMIT = "lvzhi.core.accounts.lockout.failure_limit"
AXES_COOLOFF_TIME = "lvzhi.core.accounts.lockout.cool_off"
AXES_CLIENT_IP_CALLABLE = "lvzhi.core.http.client_ip"
AXES_USERNAME_CALLABLE = "lvzhi.core.accounts.lockout.username_key"
AXES_LOCKOUT_CALLABLE = "lvzhi.core.accounts.lockout.lockout_response"
AXES_RESET_ON_SUCCESS = False  # the handler clears the account counter only
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_ENABLE_ADMIN = False
AXES_VERBOSE = False

# 会话（等保三级）: 无操作超时（分钟）与绝对时长（小时）
SESSION_IDLE_MINUTES = int(os.environ.get("LVZHI_SESSION_IDLE_MINUTES", "30"))
SESSION_MAX_HOURS = int(os.environ.get("LVZHI_SESSION_MAX_HOURS", "12"))
SESSION_COOKIE_AGE = SESSION_MAX_HOURS * 3600

# 上传照片的大小上限（字节）
PHOTO_MAX_BYTES = 5 * 1024 * 1024
# 图片像素上限：超过即拒收，不解码（防解压炸弹）
LVZHI_IMAGE_MAX_PIXELS = int(os.environ.get("LVZHI_IMAGE_MAX_PIXELS", "40000000"))
# 生产环境由 nginx 发送上传文件：内部 location 的前缀（如 /protected-media/），空则由 Django 发送
LVZHI_X_ACCEL_REDIRECT = os.environ.get("LVZHI_X_ACCEL_REDIRECT", "")
ACTIVITY_MAX_PHOTOS = 9
LVZHI_DAILY_JOBS = [
    "lvzhi.members.compliance.services.reminders.daily",
    "lvzhi.grassroots.reminders.daily",
    "lvzhi.ledger.services_privacy.daily",
    "lvzhi.ledger.counts.daily",  # the ledger's counts checked against its entries
    "lvzhi.members.common.partitions.daily",
]
# 扩展点: 下层应用宣布的变更, 由上层应用在同一事务中处理 (lvzhi.core.hooks)
LVZHI_HOOKS = {
    "seat_changed": ["lvzhi.members.compliance.services.seat_changed"],
    # a step moved anywhere but the module that keeps rows beside the case: refused
    "case_step": [
        "lvzhi.homes.assessments.services.refuse_step_elsewhere",
        "lvzhi.socialorgs.projects.services.refuse_step_elsewhere",
    ],
    # a case cancelled anywhere but the module that keeps rows beside it: refused, or
    # followed (the 妇女之家 assessment is cancelled with its case)
    "case_cancel": [
        "lvzhi.socialorgs.projects.services.refuse_cancel_elsewhere",
        "lvzhi.homes.assessments.cancel.follow_cancel",
    ],
    # a case reopened anywhere but the module that keeps rows beside it: refused
    "case_reopen": [
        "lvzhi.socialorgs.projects.services.refuse_reopen_elsewhere",
        "lvzhi.homes.assessments.cancel.refuse_reopen_elsewhere",
    ],
    # the 妇女之家 board's figures (R-HM-08) kept by apps above homes: {code: (value, source)}
    "home_board_figures": [
        "lvzhi.ledger.hooks.home_board_figures",
        "lvzhi.grassroots.hooks_homes.home_board_figures",
    ],
    # a ledger visit (走访) by an executive member counts as a 联系 activity: its id
    "visit_contact": ["lvzhi.members.activities.services.visit_contact"],
    # R-EX-08: how many women of the ledger each executive member visited this year
    "women_contacted": ["lvzhi.ledger.hooks.women_contacted"],
    # an activity kept behind another module's row: edits from the activity pages refused
    "activity_guard": ["lvzhi.ledger.hooks.activity_guard", "lvzhi.homes.hooks.activity_guard"],
    # an executive member's activity kept behind another module's row (a 妇女之家 议事's
    # major issue as her 建议, an activity she led at the home): record/move/delete, its id
    "member_activity": ["lvzhi.members.activities.hooks.member_activity"],
    # how those activities stand now (answered, confirmed): {id: {...}}
    "member_activity_states": ["lvzhi.members.activities.hooks.member_activity_states"],
    # the women of the ledger a cadre may pick as a 妇女之家 borrower (masked): [{id, name, label}]
    "home_borrowers": ["lvzhi.ledger.hooks_homes.home_borrowers"],
    # a funded project evaluated below its threshold: its organization refused next year
    "socialorg_project_eligibility": [
        "lvzhi.socialorgs.evaluations.selectors.eligibility_refusals"
    ],
}
# Largest file any importer (web form, API, CLI) accepts, in MB.
IMPORT_MAX_BYTES = int(float(os.environ.get("LVZHI_IMPORT_MAX_MB", "10")) * 1024 * 1024)

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "lvzhi.core.tokens.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": [
        "rest_framework.permissions.IsAuthenticated",
        "lvzhi.core.accounts.api.PasswordChangeNotRequired",
    ],
    "DEFAULT_FILTER_BACKENDS": [
        "lvzhi.core.filters.ApiFilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "lvzhi.core.api.ApiPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "lvzhi.core.api_schema.ApiAutoSchema",
    "EXCEPTION_HANDLER": "lvzhi.core.api.exception_handler",
}

SPECTACULAR_SETTINGS = {
    "TITLE": "lvzhi 履职平台 API",
    "DESCRIPTION": "妇联、工会组织、人员、职务与届次等数据接口。",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    # "status" and "kind" name several choice sets: each gets a fixed name (the catalog's
    # version status and the organization kind keep the names they had).
    "ENUM_NAME_OVERRIDES": {
        "StatusEnum": "lvzhi.catalog.models.VersionStatus",
        "KindEnum": "lvzhi.orgs.models.Kind",
        "CaseStatusEnum": "lvzhi.processes.models.CaseStatus",
        "CaseStepStatusEnum": "lvzhi.processes.models.StepStatus",
        "StepKindEnum": "lvzhi.processes.models.StepKind",
        "CaseEventKindEnum": "lvzhi.processes.models.EventKind",
        "HomeStatusEnum": "lvzhi.homes.models.Status",
        "HomeTopicSourceEnum": "lvzhi.homes.models.TopicSource",
        "SocialOrganizationKindEnum": "lvzhi.socialorgs.models.Kind",
        "SocialOrganizationStatusEnum": "lvzhi.socialorgs.models.Status",
        "SocialOrganizationTierEnum": "lvzhi.socialorgs.models.Tier",
        "AdviserKindEnum": "lvzhi.socialorgs.models.AdviserKind",
        "LedgerEntryKindEnum": "lvzhi.socialorgs.models.EntryKind",
        "YearlyDutyKindEnum": "lvzhi.socialorgs.models.DutyKind",
        "ProjectApplicationStatusEnum": "lvzhi.socialorgs.projects.models.ApplicationStatus",
        "ProjectDocumentKindEnum": "lvzhi.socialorgs.projects.models.DocumentKind",
        "LedgerReadKindEnum": "lvzhi.ledger.models.ReadKind",
        "LedgerTransferStatusEnum": "lvzhi.ledger.models.TransferStatus",
        "LedgerNeedKindEnum": "lvzhi.ledger.models.NeedKind",
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "lvzhi.core.middleware.RequestIdLogFilter"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"},
        "json": {"()": "lvzhi.core.operations.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            # 生产模式默认输出 JSON 行日志 (LVZHI_LOG_FORMAT=plain 可改回文本)
            "formatter": os.environ.get("LVZHI_LOG_FORMAT", "plain" if DEBUG else "json"),
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LVZHI_LOG_LEVEL", "WARNING")},
}

if not DEBUG:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SESSION_COOKIE_HTTPONLY = True
    SECURE_CONTENT_TYPE_NOSNIFF = True
    SECURE_REFERRER_POLICY = "same-origin"
    SECURE_HSTS_SECONDS = int(os.environ.get("LVZHI_HSTS_SECONDS", "31536000"))
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = _env_bool("LVZHI_SSL_REDIRECT", True)
    # the load balancer and Prometheus ask over plain HTTP inside the network
    SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^metrics$"]
    X_FRAME_OPTIONS = "DENY"

# 内容安全策略: 生产模式下发送; 所有脚本与样式均为本站静态文件
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
    "script-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'self'; "
    "form-action 'self'"
)
SEND_CSP = _env_bool("LVZHI_SEND_CSP", not DEBUG)

LVZHI_DEFAULT_RULESET = "cq2019"

# 监督留言: 答复期限（工作日）与每个来源地址每小时的留言上限
CATALOG_MESSAGE_REPLY_WORKDAYS = int(os.environ.get("LVZHI_MESSAGE_REPLY_WORKDAYS", "15"))
PROCESS_ATTACHMENT_MAX_MB = int(os.environ.get("LVZHI_ATTACHMENT_MAX_MB", "10"))
CATALOG_MESSAGE_RATE_LIMIT = int(os.environ.get("LVZHI_MESSAGE_RATE_LIMIT", "5"))

# API 令牌: 默认有效天数; 管理员两步验证（TOTP）: 设为 1 时员工账号必须绑定验证器
LVZHI_API_TOKEN_DAYS = int(os.environ.get("LVZHI_API_TOKEN_DAYS", "90"))
LVZHI_ADMIN_OTP_REQUIRED = _env_bool("LVZHI_ADMIN_OTP_REQUIRED", False)
OTP_TOTP_ISSUER = "lvzhi 履职平台"
OTP_TOTP_THROTTLE_FACTOR = 1  # each failed code doubles the wait: 1 s, 2 s, 4 s, …

# 三员分立（等保 2.0）: 生产模式下同一账号不能兼任平台、系统、安全、审计管理员中的两个;
# 开发模式只警告并在审计事件中标记（docs/decisions/0006-separation-of-duties.md）
LVZHI_ENFORCE_SEPARATION = LVZHI_PRODUCTION
# 审计日志保存天数: 不少于 180 天（六个月）; 更早的事件才可由 lvzhi audit_purge 清理
LVZHI_AUDIT_RETENTION_DAYS = int(os.environ.get("LVZHI_AUDIT_RETENTION_DAYS", "180"))
if LVZHI_AUDIT_RETENTION_DAYS < 180:
    raise ImproperlyConfigured(
        "LVZHI_AUDIT_RETENTION_DAYS 不能少于 180（审计日志须保存六个月以上），"
        f"当前为 {LVZHI_AUDIT_RETENTION_DAYS}"
    )
