{% autoescape off %}/* lvzhi 履职: service worker of the member's phone pages (scope /members/).
 * Keeps the phone page, the recording form and their static files so that the pages open
 * without network; the activities recorded offline are kept by members/offline.js. */
"use strict";
const CONFIG = {{ config }};
const CACHE = "lvzhi-members-" + CONFIG.version;
const PAGES = new Set(CONFIG.pages);

async function keepPages(cache) {
  // Pages are kept only as the logged-in member sees them (never a redirect to login).
  await Promise.all(
    CONFIG.pages.map(async (url) => {
      try {
        const response = await fetch(url, { credentials: "same-origin", cache: "no-store" });
        if (response.ok && !response.redirected) await cache.put(url, response);
      } catch (error) {
        /* offline at install: kept at the next visit */
      }
    })
  );
}

self.addEventListener("install", (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      await cache.addAll(CONFIG.assets);
      await keepPages(cache);
      await self.skipWaiting();
    })()
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) {
        if (name.startsWith("lvzhi-members-") && name !== CACHE) await caches.delete(name);
      }
      await self.clients.claim();
    })()
  );
});

async function page(request) {
  const url = new URL(request.url);
  const key = url.pathname;
  const cache = await caches.open(CACHE);
  try {
    const response = await fetch(request);
    if (PAGES.has(key)) {
      if (response.ok && !response.redirected) {
        await cache.put(key, response.clone());
      } else if (response.redirected || response.type === "opaqueredirect") {
        await cache.delete(key); // logged out: keep no page of hers
      }
    }
    return response;
  } catch (error) {
    const kept = await cache.match(key);
    if (kept) return kept;
    const home = await cache.match(CONFIG.home);
    if (home) return home;
    throw error;
  }
}

async function asset(request) {
  const cache = await caches.open(CACHE);
  const kept = await cache.match(request, { ignoreSearch: true });
  if (kept) return kept;
  const response = await fetch(request);
  if (response.ok) await cache.put(request, response.clone());
  return response;
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === "navigate" && url.pathname.startsWith(CONFIG.scope)) {
    event.respondWith(page(request));
  } else if (url.pathname.startsWith(CONFIG.static)) {
    event.respondWith(asset(request));
  }
});
{% endautoescape %}
