/* lvzhi 履职: the member's phone pages offline.
 *
 * - registers the service worker (members:service-worker) that keeps the phone page, the
 *   recording form and their static files, and links the web app manifest;
 * - the recording form gets a client id (crypto.randomUUID()); submitted without network,
 *   the activity (its fields and photos as Blobs) is kept in IndexedDB and the member goes
 *   back to her page, where it shows under 待上传;
 * - the kept activities are sent to the API (session cookie + CSRF token) when the
 *   network returns (the `online` event) or at the next page load; the server saves each
 *   client id once, so a send that is repeated (two tabs, a lost answer) is harmless.
 *   An activity sent is removed from the list; one the server refuses (400) stays with
 *   the server's reason and can be removed by the member.
 *
 * Plain JavaScript, no build step; the texts come from the page (data-msg-*). */
(function () {
  "use strict";

  const root = document.getElementById("members-offline");
  if (!root) return;
  const cfg = root.dataset;
  const DB_NAME = "lvzhi-members";
  const STORE = "pending";
  const FLASH = "lvzhi-members-offline-saved";

  // Web app manifest: browsers read it from <head> only.
  const manifest = document.getElementById("members-manifest");
  if (manifest && manifest.parentNode !== document.head) document.head.appendChild(manifest);

  if ("serviceWorker" in navigator && cfg.worker) {
    navigator.serviceWorker.register(cfg.worker, { scope: cfg.scope }).catch(function (error) {
      console.warn("service worker", error);
    });
  }

  // IndexedDB ---------------------------------------------------------------------

  function openDb() {
    return new Promise(function (resolve, reject) {
      const request = indexedDB.open(DB_NAME, 1);
      request.onupgradeneeded = function () {
        request.result.createObjectStore(STORE, { keyPath: "client_id" });
      };
      request.onsuccess = function () {
        resolve(request.result);
      };
      request.onerror = function () {
        reject(request.error);
      };
    });
  }

  function withStore(mode, work) {
    return openDb().then(function (db) {
      return new Promise(function (resolve, reject) {
        const tx = db.transaction(STORE, mode);
        const result = work(tx.objectStore(STORE));
        tx.oncomplete = function () {
          db.close();
          resolve(result && "result" in result ? result.result : undefined);
        };
        tx.onerror = tx.onabort = function () {
          db.close();
          reject(tx.error);
        };
      });
    });
  }

  const pending = {
    all: function () {
      return withStore("readonly", function (store) {
        return store.getAll();
      }).then(function (rows) {
        return (rows || []).sort(function (a, b) {
          return a.saved_at < b.saved_at ? -1 : 1;
        });
      });
    },
    put: function (row) {
      return withStore("readwrite", function (store) {
        store.put(row);
      });
    },
    remove: function (id) {
      return withStore("readwrite", function (store) {
        store.delete(id);
      });
    },
  };

  function newId() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    const bytes = crypto.getRandomValues(new Uint8Array(16));
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    const hex = Array.from(bytes, function (b) {
      return b.toString(16).padStart(2, "0");
    }).join("");
    return [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20), hex.slice(20)].join("-");
  }

  // The recording form --------------------------------------------------------------

  function localToday() {
    const now = new Date();
    const pad = function (n) {
      return String(n).padStart(2, "0");
    };
    return now.getFullYear() + "-" + pad(now.getMonth() + 1) + "-" + pad(now.getDate());
  }

  function setUpForm(form) {
    const clientId = form.querySelector('input[name="client_id"]');
    if (clientId && !clientId.value) clientId.value = newId();
    // A form kept by the service worker: its day and the kind asked for in the link.
    const date = form.querySelector('input[name="date"]');
    const today = localToday();
    if (date && form.dataset.today && date.value === form.dataset.today && today > date.value) {
      date.value = today;
    }
    const kind = form.querySelector('select[name="kind"]');
    const wanted = new URLSearchParams(location.search).get("kind");
    if (kind && !kind.value && wanted) kind.value = wanted;
    if (form.dataset.offline !== "1") return;
    form.addEventListener("submit", function (event) {
      if (navigator.onLine) return; // sent as usual
      event.preventDefault();
      keep(form).then(
        function () {
          sessionStorage.setItem(FLASH, "1");
          location.assign(cfg.home);
        },
        function (error) {
          showFormError(form, cfg.msgNotKept + (error && error.message ? "（" + error.message + "）" : ""));
        }
      );
    });
  }

  function showFormError(form, text) {
    let box = form.querySelector("#offline-error");
    if (!box) {
      box = document.createElement("div");
      box.id = "offline-error";
      box.className = "alert alert-danger";
      box.setAttribute("role", "alert");
      form.prepend(box);
    }
    box.textContent = text;
    box.scrollIntoView({ block: "center" });
  }

  function keep(form) {
    const data = new FormData(form);
    if (!data.get("kind") || !data.get("date")) {
      return Promise.reject(new Error(cfg.msgRequired));
    }
    const fields = [];
    const photos = [];
    data.forEach(function (value, name) {
      if (name === "csrfmiddlewaretoken") return;
      if (value instanceof Blob) {
        if (value.size > 0) photos.push({ name: value.name || "photo", type: value.type, blob: value });
      } else {
        fields.push([name, value]);
      }
    });
    const kind = form.querySelector('select[name="kind"]');
    const row = {
      client_id: data.get("client_id") || newId(),
      saved_at: new Date().toISOString(),
      label: kind ? kind.options[kind.selectedIndex].text : data.get("kind"),
      date: data.get("date"),
      place: data.get("place") || "",
      fields: fields.filter(function (pair) {
        return pair[0] !== "client_id";
      }),
      photos: photos,
      error: "",
    };
    return pending.put(row);
  }

  // The list 待上传 and the sending ---------------------------------------------------------

  const section = document.getElementById("offline-pending");
  const list = document.getElementById("offline-pending-list");

  function render() {
    if (!section || !list) return Promise.resolve([]);
    return pending.all().then(function (rows) {
      list.replaceChildren();
      rows.forEach(function (row) {
        const item = document.createElement("li");
        item.className = "list-group-item pending-activity";
        item.dataset.clientId = row.client_id;
        const head = document.createElement("div");
        head.className = "d-flex justify-content-between";
        const title = document.createElement("span");
        title.className = "fw-semibold";
        title.textContent = row.label;
        const badge = document.createElement("span");
        badge.className = "badge pending-status " + (row.error ? "text-bg-danger" : "text-bg-secondary");
        badge.textContent = row.error ? cfg.msgRefused : cfg.msgPending;
        head.append(title, badge);
        const meta = document.createElement("div");
        meta.className = "small text-muted";
        meta.textContent =
          row.date + (row.place ? " · " + row.place : "") + (row.photos.length ? " · " + cfg.msgPhotos.replace("%n", row.photos.length) : "");
        item.append(head, meta);
        if (row.error) {
          const why = document.createElement("div");
          why.className = "small text-danger pending-error";
          why.textContent = row.error;
          const drop = document.createElement("button");
          drop.type = "button";
          drop.className = "btn btn-sm btn-outline-secondary mt-1";
          drop.textContent = cfg.msgRemove;
          drop.addEventListener("click", function () {
            pending.remove(row.client_id).then(render);
          });
          item.append(why, drop);
        }
        list.append(item);
      });
      section.classList.toggle("d-none", rows.length === 0);
      const saved = document.getElementById("offline-saved");
      if (saved) saved.classList.toggle("d-none", !(rows.length && sessionStorage.getItem(FLASH)));
      return rows;
    });
  }

  function csrfToken() {
    const match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    if (match) return decodeURIComponent(match[1]);
    const input = document.querySelector('input[name="csrfmiddlewaretoken"]');
    return input ? input.value : cfg.csrf || "";
  }

  function firstMessage(body) {
    if (!body || typeof body !== "object") return "";
    for (const key of Object.keys(body)) {
      const value = body[key];
      if (typeof value === "string") return value;
      if (Array.isArray(value) && value.length) return typeof value[0] === "string" ? value[0] : firstMessage(value[0]);
      if (value && typeof value === "object") {
        const inner = firstMessage(value);
        if (inner) return inner;
      }
    }
    return "";
  }

  function send(row) {
    const body = new FormData();
    row.fields.forEach(function (pair) {
      if (pair[1] !== "") body.append(pair[0], pair[1]);
    });
    body.append("client_id", row.client_id);
    row.photos.forEach(function (photo) {
      body.append("photos", photo.blob, photo.name);
    });
    return fetch(cfg.api, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrfToken(), Accept: "application/json" },
    });
  }

  let syncing = false;

  async function sync() {
    if (syncing || !navigator.onLine || !list) return;
    syncing = true;
    let sent = 0;
    try {
      const rows = await pending.all();
      for (const row of rows) {
        if (row.error) continue;
        let response;
        try {
          response = await send(row);
        } catch (error) {
          break; // no network after all: next time
        }
        if (response.status === 200 || response.status === 201) {
          await pending.remove(row.client_id);
          sent += 1;
        } else if (response.status === 400) {
          let message = "";
          try {
            message = firstMessage(await response.json());
          } catch (error) {
            message = "";
          }
          row.error = message || cfg.msgRefused;
          await pending.put(row);
        } else {
          break; // logged out, server busy…: kept, tried again later
        }
      }
    } finally {
      syncing = false;
    }
    await render();
    if (sent) {
      sessionStorage.removeItem(FLASH);
      location.reload(); // the counts of the quarter as the server has them now
    }
  }

  const form = document.getElementById("activity-form");
  if (form) setUpForm(form);
  if (list) {
    render().then(sync);
    window.addEventListener("online", sync);
  }
})();
