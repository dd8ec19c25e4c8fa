#!/usr/bin/env bash
# Production smoke test: follows the README's "Production deployment" section on this
# machine and checks what a visitor behind nginx would get.
#
#   PostgreSQL database lvzhi_prod_smoke (dropped first) → `pip install .` into a throwaway
#   venv → production environment (LVZHI_DEBUG=0) → `lvzhi migrate`, `lvzhi collectstatic`
#   → a published catalog → gunicorn and the Celery worker exactly as the README's units
#   start them → curl with `X-Forwarded-Proto: https`, as nginx sends it; a background job
#   started through the API runs on the worker and its file is handed to nginx.
#
# Needs PostgreSQL on the local socket and Redis at 127.0.0.1:6379 (`.ci/run` starts both).
# Exits non-zero with a message naming the first check that failed.
set -euo pipefail
cd "$(dirname "$0")/.."

started=$(date +%s)
# The throwaway venv goes to memory when it can: on this disk writing and deleting its 17,000
# files takes minutes.
if [ -w /dev/shm ]; then WORK=${LVZHI_SMOKE_DIR:-/dev/shm/lvzhi_prod_smoke}; else WORK=${LVZHI_SMOKE_DIR:-/tmp/lvzhi_prod_smoke}; fi
DB=${LVZHI_SMOKE_DB:-lvzhi_prod_smoke}
PORT=${LVZHI_SMOKE_PORT:-8001}
BASE="http://127.0.0.1:$PORT"
PYTHON=${PYTHON:-python3}
WHEELS=${LVZHI_SMOKE_WHEELS:-$HOME/.cache/lvzhi-prod-smoke-wheels}

fail() {
  echo "生产冒烟测试失败: $*" >&2
  for log in gunicorn celery; do
    if [ -s "$WORK/$log.log" ]; then
      echo "--- $log.log (末尾) ---" >&2
      tail -n 40 "$WORK/$log.log" >&2
    fi
  done
  exit 1
}
step() { echo "== $* ($(($(date +%s) - started)) s)"; }

gunicorn_pid=""
worker_pid=""
cleanup() {
  for pid in "$gunicorn_pid" "$worker_pid"; do
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
      kill "$pid"
      wait "$pid" 2>/dev/null || true
    fi
  done
}
trap cleanup EXIT

command -v psql >/dev/null || fail "找不到 PostgreSQL 客户端（psql）"
pg_isready -q || fail "PostgreSQL 未运行"
[ "$(redis-cli -h 127.0.0.1 -p 6379 ping 2>/dev/null)" = "PONG" ] || fail "Redis（127.0.0.1:6379）未运行"
if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then
  fail "端口 $PORT 已被占用（可用 LVZHI_SMOKE_PORT 指定其他端口）"
fi

step "清理 $WORK"
rm -rf "$WORK"
mkdir -p "$WORK/media"

# 1. PostgreSQL: `createdb lvzhi`; set DATABASE_URL.
step "PostgreSQL 数据库 $DB"
dropdb --if-exists "$DB"
createdb "$DB"

# 2. A venv, the locked dependencies and `pip install --no-deps .` from a checkout with the
#    assets built (`make assets`).
step "make assets"
make --no-print-directory assets >/dev/null
step "锁定的依赖与 pip install --no-deps .（$WORK/venv）"
"$PYTHON" -m venv "$WORK/venv"
PIP=("$WORK/venv/bin/pip" --quiet --disable-pip-version-check)
rm -rf build  # setuptools' build folder would carry files deleted since the last build
# The registry here sends nothing pip may cache, so the dependencies are kept as wheels in
# WHEELS (filled on the first run or when a dependency is added: ~2 minutes, later ~20 s).
LOCKED=("${PIP[@]}" install --no-index --find-links "$WHEELS" --require-hashes -r requirements.lock)
if ! "${LOCKED[@]}" >"$WORK/pip.log" 2>&1; then
  echo "   下载依赖到 $WHEELS"
  "${PIP[@]}" download --dest "$WHEELS" --require-hashes -r requirements.lock \
    || fail "pip download 失败"
  "${PIP[@]}" download --dest "$WHEELS" "setuptools>=68" wheel || fail "pip download 失败"
  "${LOCKED[@]}" || fail "按 requirements.lock 安装依赖失败"
fi
"${PIP[@]}" install --no-index --find-links "$WHEELS" --no-deps . || fail "pip install --no-deps . 失败"
rm -rf build
LVZHI="$WORK/venv/bin/lvzhi"

# The EnvironmentFile of the README's systemd unit.
key() { "$PYTHON" -c 'import base64, os; print(base64.urlsafe_b64encode(os.urandom(32)).decode())'; }
cat >"$WORK/lvzhi.env" <<EOF
LVZHI_DEBUG=0
LVZHI_SECRET_KEY=$(key)
LVZHI_PII_KEY=$(key)
LVZHI_ALLOWED_HOSTS=127.0.0.1,localhost
DATABASE_URL=postgres:///$DB
LVZHI_REDIS_URL=redis://127.0.0.1:6379/2
LVZHI_TRUSTED_PROXIES=1
LVZHI_MEDIA_ROOT=$WORK/media
LVZHI_STATIC_ROOT=$WORK/static
LVZHI_X_ACCEL_REDIRECT=/protected-media/
LVZHI_CONN_MAX_AGE=600
EOF
# Only the EnvironmentFile configures the platform, whatever this shell had exported.
while read -r name; do unset "$name"; done < <(compgen -e | grep -E '^(LVZHI_|DJANGO_)' || true)
set -a
# shellcheck disable=SC1091
. "$WORK/lvzhi.env"
set +a
# Run from outside the checkout so that the installed package is what runs, not the source.
cd "$WORK"

step "lvzhi migrate"
"$LVZHI" migrate --noinput >/dev/null || fail "lvzhi migrate 失败"
step "lvzhi collectstatic"
"$LVZHI" collectstatic --noinput >/dev/null || fail "lvzhi collectstatic 失败"

step "lvzhi demo 在生产模式下必须拒绝"
if "$LVZHI" demo --no-migrate >"$WORK/demo.out" 2>&1; then
  fail "lvzhi demo 在生产模式下运行了"
fi
grep -q "生产模式下不能加载演示数据" "$WORK/demo.out" || fail "lvzhi demo 的拒绝信息不对: $(cat "$WORK/demo.out")"

step "账号、组织与已发布的职责目录"
DJANGO_SUPERUSER_PASSWORD="$(key)" "$LVZHI" createsuperuser --noinput \
  --username smoke-admin --email smoke@example.invalid >/dev/null || fail "createsuperuser 失败"
"$LVZHI" shell --no-imports -c '
from django.contrib.auth import get_user_model
from lvzhi.catalog.demo import load_seed_catalogs
from lvzhi.core.roles import ensure_default_roles
from lvzhi.core.models import Role
from lvzhi.orgs import services
from lvzhi.orgs.models import Kind, Level

admin = get_user_model().objects.get(username="smoke-admin")
ensure_default_roles(Role)
services.organization_create(
    actor=admin, parent=None, name="天津市滨海新区妇女联合会", short_name="滨海新区妇联",
    code="BH-FL", kind=Kind.LOCAL_FEDERATION, level=Level.COUNTY,
)
published = load_seed_catalogs(admin)
assert published.get("BH-FL"), published
print("   已发布职责目录:", published)
# An account created in production changes its password before it may do anything else.
import secrets
from lvzhi.core.accounts.services import password_change
password_change(actor=admin, user=admin, new_password=secrets.token_urlsafe(18) + "Aa1!")
' || fail "加载职责目录失败"
# 三员分立: in production the superuser is only the system administrator; the security and
# audit administrators are separate accounts given their roles at the console.
"$LVZHI" shell --no-imports -c '
import secrets
from django.contrib.auth import get_user_model
from lvzhi.core.duties.services.users import user_account_create
admin = get_user_model().objects.get(username="smoke-admin")
for name in ("smoke-security", "smoke-audit"):
    user_account_create(actor=admin, username=name, password=secrets.token_urlsafe(18) + "Aa1!")
' || fail "创建安全管理员、审计管理员账号失败"
step "lvzhi grant_admin_duty（安全管理员、审计管理员）"
"$LVZHI" grant_admin_duty smoke-security security_admin || fail "grant_admin_duty security_admin 失败"
"$LVZHI" grant_admin_duty smoke-audit audit_admin || fail "grant_admin_duty audit_admin 失败"
if "$LVZHI" grant_admin_duty smoke-admin audit_admin >"$WORK/grant.out" 2>&1; then
  fail "grant_admin_duty 把审计管理员授予了超级用户"
fi
grep -q "三员分立" "$WORK/grant.out" || fail "grant_admin_duty 的拒绝信息不对: $(cat "$WORK/grant.out")"
if "$LVZHI" grant_admin_duty smoke-security audit_admin >"$WORK/grant.out" 2>&1; then
  fail "grant_admin_duty 让一个账号同时担任安全管理员与审计管理员"
fi
VERSION_PK=$("$LVZHI" shell --no-imports -c 'from lvzhi.catalog.models import CatalogVersion; print(CatalogVersion.objects.filter(catalog__organization__code="BH-FL").latest("pk").pk)')
ORG_PK=$("$LVZHI" shell --no-imports -c 'from lvzhi.orgs.models import Organization; print(Organization.objects.get(code="BH-FL").pk)')
if "$LVZHI" help create_api_token >/dev/null 2>&1; then
  TOKEN=$("$LVZHI" create_api_token smoke-admin | tail -n 1)
else
  TOKEN=$("$LVZHI" drf_create_token smoke-admin | awk '{print $3}')
fi
[ -n "$TOKEN" ] || fail "没有得到 API 令牌"

# 3. gunicorn exactly as the README's systemd unit starts it.
step "gunicorn（127.0.0.1:$PORT，3 个 worker）"
"$WORK/venv/bin/gunicorn" lvzhi.wsgi:application --bind "127.0.0.1:$PORT" --workers 3 \
  >"$WORK/gunicorn.log" 2>&1 &
gunicorn_pid=$!
for _ in $(seq 1 60); do
  curl -s -o /dev/null "$BASE/login/" && break
  kill -0 "$gunicorn_pid" 2>/dev/null || fail "gunicorn 启动失败"
  sleep 0.5
done

# 4. The Celery worker exactly as the README's lvzhi-worker unit starts it (broker: the
#    Redis of LVZHI_REDIS_URL). Jobs started through the API run there, not in the request.
step "Celery worker（celery -A lvzhi worker）"
"$WORK/venv/bin/celery" -A lvzhi worker --loglevel INFO --concurrency 1 >"$WORK/celery.log" 2>&1 &
worker_pid=$!
for _ in $(seq 1 60); do
  grep -q "ready" "$WORK/celery.log" && break
  kill -0 "$worker_pid" 2>/dev/null || fail "Celery worker 启动失败"
  sleep 0.5
done
grep -q "ready" "$WORK/celery.log" || fail "Celery worker 30 秒内没有就绪"

# nginx: proxy_set_header X-Forwarded-Proto $scheme;
CURL=(curl -s -H "X-Forwarded-Proto: https" -o "$WORK/body" -D "$WORK/headers" -w "%{http_code}")
expect() {  # expect STATUS PATH [curl options…]
  local want=$1 path=$2
  shift 2
  local got
  got=$("${CURL[@]}" "$@" "$BASE$path") || fail "GET $path: 连接失败"
  [ "$got" = "$want" ] || fail "GET $path: 期望 HTTP $want，实际 $got"
  echo "   GET $path → $got"
}
header() { grep -i "^$1:" "$WORK/headers" | head -n 1 | cut -d: -f2- | tr -d '\r'; }
body_has() { grep -q -- "$1" "$WORK/body" || fail "$2"; }

# The headers every page and API answer carries in production (after an `expect`).
security_headers() {  # security_headers WHAT
  [ -n "$(header Content-Security-Policy)" ] || fail "$1缺少 Content-Security-Policy"
  header Content-Security-Policy | grep -q "default-src 'self'" \
    || fail "$1的 CSP 不对: $(header Content-Security-Policy)"
  header Content-Security-Policy | grep -q "frame-ancestors 'none'" \
    || fail "$1的 CSP 没有 frame-ancestors 'none': $(header Content-Security-Policy)"
  header Strict-Transport-Security | grep -q "max-age=[1-9]" \
    || fail "$1缺少 Strict-Transport-Security: $(header Strict-Transport-Security)"
  header X-Content-Type-Options | grep -qi "nosniff" || fail "$1缺少 X-Content-Type-Options: nosniff"
}

step "页面与接口"
expect 200 /login/
security_headers "登录页"
header Set-Cookie | grep -qi "secure" || fail "Cookie 没有 Secure 标记: $(header Set-Cookie)"
CSS=$(grep -o '/static/vendor/bootstrap/bootstrap\.min\.[0-9a-f]\{12\}\.css' "$WORK/body" | head -n 1 || true)
[ -n "$CSS" ] || fail "登录页没有引用带哈希的 Bootstrap 样式表"

expect 200 "$CSS"
header Cache-Control | grep -q "max-age" || fail "$CSS 缺少长期缓存"
expect 200 /static/vendor/htmx/htmx.min.js

expect 200 /catalog/public/
body_has "天津市滨海新区妇女联合会" "公开职责目录首页没有列出已发布的目录"
security_headers "公开职责目录首页"
expect 200 "/catalog/public/org/$ORG_PK/"
body_has "天津市滨海新区妇女联合会" "公开职责目录页没有组织名称"
security_headers "公开职责目录页"

expect 200 /api/v1/orgs/organizations/ -H "Authorization: Token $TOKEN"
body_has '"BH-FL"' "接口没有返回组织 BH-FL"
security_headers "接口 /api/v1/orgs/organizations/"
expect 401 /api/v1/orgs/organizations/
expect 401 /api/schema/
expect 302 /api/docs/
expect 200 /api/schema/ -H "Authorization: Token $TOKEN" -H "Accept: application/vnd.oai.openapi+json"
body_has '"openapi"' "接口描述不是 OpenAPI 文档"

step "健康检查与后台任务"
expect 200 /healthz
body_has '"broker": "ok"' "/healthz 没有检查消息队列: $(cat "$WORK/body")"
got=$(curl -s -H "X-Forwarded-Proto: https" -H "Authorization: Token $TOKEN" \
  -H "Content-Type: application/json" -o "$WORK/body" -w "%{http_code}" \
  -d "{\"kind\": \"catalog_export\", \"params\": {\"version\": $VERSION_PK, \"format\": \"xlsx\"}}" \
  "$BASE/api/v1/core/jobs/") || fail "POST /api/v1/core/jobs/: 连接失败"
[ "$got" = "202" ] || fail "POST /api/v1/core/jobs/: 期望 HTTP 202，实际 $got: $(cat "$WORK/body")"
JOB=$("$PYTHON" -c 'import json, sys; print(json.load(open(sys.argv[1]))["id"])' "$WORK/body")
echo "   POST /api/v1/core/jobs/ → 202（任务 $JOB）"
status=""
for _ in $(seq 1 120); do
  "${CURL[@]}" -H "Authorization: Token $TOKEN" "$BASE/api/v1/core/jobs/$JOB/" >/dev/null
  status=$("$PYTHON" -c 'import json, sys; print(json.load(open(sys.argv[1]))["status"])' "$WORK/body")
  case "$status" in done | failed) break ;; esac
  sleep 0.5
done
[ "$status" = "done" ] || fail "后台任务 $JOB 没有由 worker 完成（状态 $status）: $(cat "$WORK/body")"
grep -q "Task lvzhi" "$WORK/celery.log" || fail "任务不是在 Celery worker 中运行的"
expect 200 "/api/v1/core/jobs/$JOB/file/" -H "Authorization: Token $TOKEN"
# nginx sends the bytes named by X-Accel-Redirect from LVZHI_MEDIA_ROOT.
ACCEL=$(header X-Accel-Redirect)
[ -n "$ACCEL" ] || fail "任务结果没有经 X-Accel-Redirect 交给 nginx"
RESULT="$WORK/media/$("$PYTHON" -c 'import os, sys, urllib.parse; prefix = os.environ["LVZHI_X_ACCEL_REDIRECT"].rstrip("/") + "/"; print(urllib.parse.unquote(sys.argv[1].strip().removeprefix(prefix)))' "$ACCEL")"
head -c 2 "$RESULT" | grep -q "PK" || fail "任务结果 $RESULT 不是 Excel 文件"

expect 404 /media/x
expect 404 /no-such-page/
body_has "页面不存在" "404 页面不是中文"
body_has 'href="/"' "404 页面没有返回首页的链接"

# Without X-Forwarded-Proto (plain http): redirected to https.
got=$(curl -s -o /dev/null -w "%{http_code} %{redirect_url}" "$BASE/login/")
case "$got" in
  "301 https://"*) echo "   GET /login/（http）→ $got" ;;
  *) fail "http 请求没有重定向到 https: $got" ;;
esac

if grep -q "Internal Server Error" "$WORK/gunicorn.log"; then fail "gunicorn 日志中有服务器错误"; fi
if grep -q "ERROR" "$WORK/celery.log"; then fail "Celery worker 日志中有错误"; fi
echo "生产冒烟测试通过（$(($(date +%s) - started)) 秒）"
