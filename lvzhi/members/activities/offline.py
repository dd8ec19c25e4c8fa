"""The member's phone pages as an installable web app: the manifest (履职, start page
``/members/me/``) and the service worker, served from ``/members/`` so that its scope
covers the member's pages. Both are public (a browser fetches them again without asking
the user, also after she logged out) and hold no personal data; the pages the worker
keeps are fetched with the member's own session in her browser.

The worker keeps the phone page, the recording form and the static files they load
(members/offline.js keeps the activities recorded offline in IndexedDB and sends them
when the network returns)."""

import hashlib
import json

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

# Bump when the worker's own behaviour changes (the asset URLs are part of the version).
WORKER_VERSION = "1"
ASSETS = (
    "vendor/bootstrap/bootstrap.min.css",
    "lvzhi/app.css",
    "lvzhi/print.css",
    "vendor/htmx/htmx.min.js",
    "vendor/bootstrap/bootstrap.bundle.min.js",
    "lvzhi/app.js",
    "members/offline.js",
    "members/icons/icon-192.png",
    "members/icons/icon-512.png",
)


def worker_config() -> dict:
    assets = [static(name) for name in ASSETS]
    pages = [reverse("members:my"), reverse("members:activity-new")]
    digest = hashlib.sha256(json.dumps([WORKER_VERSION, assets, pages]).encode()).hexdigest()
    return {
        "version": digest[:12],
        "scope": reverse("members:my").rsplit("/", 2)[0] + "/",
        "home": pages[0],
        "pages": pages,
        "assets": assets,
        "static": settings.STATIC_URL,
    }


@require_safe
@cache_control(no_cache=True, max_age=0)
def service_worker(request):
    body = render_to_string("members/offline_sw.js", {"config": json.dumps(worker_config())})
    response = HttpResponse(body, content_type="application/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = worker_config()["scope"]
    return response


@require_safe
@cache_control(max_age=3600)
def manifest(request):
    body = {
        "name": "履职",
        "short_name": "履职",
        "lang": "zh-Hans",
        "dir": "ltr",
        "start_url": reverse("members:my"),
        "scope": worker_config()["scope"],
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#c8102e",
        "icons": [
            {
                "src": static(f"members/icons/icon-{size}.png"),
                "sizes": f"{size}x{size}",
                "type": "image/png",
                "purpose": "any",
            }
            for size in (192, 512)
        ],
    }
    return JsonResponse(
        body,
        content_type="application/manifest+json",
        json_dumps_params={"ensure_ascii": False},
    )
