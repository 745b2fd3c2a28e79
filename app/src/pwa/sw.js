// PartnerDesk service worker. The server fills in this build's id and files
// (app/src/pwa/worker.rs); a new release gives a new script, so the browser installs it.
"use strict";

const BUILD = __BUILD__;
// The app shell of this build: the offline page, the WebAssembly, JavaScript and CSS
// (under /pkg/<build>/), the icons and the manifest.
const PRECACHE = __PRECACHE__;
// Pages that work offline, cached (by path) each time they are opened online.
const OFFLINE_PAGES = __OFFLINE_PAGES__;
const OFFLINE_URL = __OFFLINE_PATH__;
// The offline page is kept rendered for a stand-in page name, and the name of the page asked
// for is written in when it is shown: the HTML is then what the server renders for that page
// name, so it hydrates without a mismatch.
const FROM_STAND_IN = "/__partnerdesk_from__";
const OFFLINE_TEMPLATE = OFFLINE_URL + "?from=" + encodeURIComponent(FROM_STAND_IN);
const CACHE = "partnerdesk-" + BUILD;

self.addEventListener("install", (event) => {
  // Waits (does not skip waiting): the page offers "Reload" and the user chooses when.
  event.waitUntil(caches.open(CACHE).then((cache) => Promise.all([cache.addAll(PRECACHE), keepOfflinePage(cache)])));
});

self.addEventListener("activate", (event) => {
  // Old builds' caches go: their pages and assets belong together and leave together.
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith("partnerdesk-") && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("message", (event) => {
  if (event.data === "skip-waiting") {
    self.skipWaiting();
  }
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) {
    return;
  }
  if (request.method !== "GET") {
    // Signing in or out changes whose pages these are: forget the cached ones.
    if (url.pathname === "/api/auth/sign-in" || url.pathname === "/api/auth/sign-out") {
      event.respondWith(forgetPagesAfter(request));
    }
    return; // Everything else that writes goes straight to the server.
  }
  if (request.mode === "navigate") {
    event.respondWith(page(request, url));
    return;
  }
  if (url.pathname.startsWith("/pkg/" + BUILD + "/") || PRECACHE.includes(url.pathname)) {
    event.respondWith(shellFile(request));
  }
  // Server functions (/api/…), logos and anything else: the network, never a cache.
});

// Pages: the network first. A page that works offline is kept (only when the server that
// answered is this build, so cached HTML always matches cached WebAssembly); without a
// network, the kept page or the offline page.
async function page(request, url) {
  try {
    const response = await fetch(request);
    if (
      response.ok &&
      response.headers.get("x-partnerdesk-build") === BUILD &&
      OFFLINE_PAGES.includes(url.pathname)
    ) {
      const cache = await caches.open(CACHE);
      await cache.put(url.pathname, response.clone());
      // The offline page names who is signed in and what works offline for them: keep it from
      // the same session as the page just kept (the copy from the worker's install may predate
      // signing in).
      keepOfflinePage(cache).catch(() => {});
    }
    return response;
  } catch (error) {
    const cache = await caches.open(CACHE);
    if (url.pathname === OFFLINE_URL) {
      return offlinePage(cache, url.searchParams.get("from"));
    }
    const kept = await cache.match(url.pathname);
    if (kept) {
      return kept;
    }
    // The offline page is its own route, so it hydrates as itself; it names the page asked for.
    return Response.redirect(OFFLINE_URL + "?from=" + encodeURIComponent(url.pathname + url.search), 303);
  }
}

// Files of this build: from the cache, else the network (and kept).
async function shellFile(request) {
  const cache = await caches.open(CACHE);
  const kept = await cache.match(request, { ignoreSearch: true });
  if (kept) {
    return kept;
  }
  const response = await fetch(request);
  if (response.ok) {
    await cache.put(request, response.clone());
  }
  return response;
}

// Fetches the offline page (rendered for the stand-in page name) and keeps it.
async function keepOfflinePage(cache) {
  const response = await fetch(OFFLINE_TEMPLATE, { credentials: "same-origin" });
  if (!response.ok || response.headers.get("x-partnerdesk-build") !== BUILD) {
    throw new Error("the offline page of this build could not be fetched");
  }
  await cache.put(OFFLINE_URL, response);
}

// The kept offline page, naming `from`: the same page name the page's own code works out
// (app::auth::safe_next: a path on this site, else "/").
async function offlinePage(cache, from) {
  const kept = await cache.match(OFFLINE_URL);
  if (!kept) {
    return Response.error();
  }
  const safe = from && from.startsWith("/") && !from.startsWith("//") && !from.includes("\\") ? from : "/";
  const html = (await kept.text()).split(FROM_STAND_IN).join(escapeHtml(safe));
  return new Response(html, { status: kept.status, statusText: kept.statusText, headers: kept.headers });
}

function escapeHtml(text) {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

async function forgetPagesAfter(request) {
  const response = await fetch(request);
  const cache = await caches.open(CACHE);
  await Promise.all(OFFLINE_PAGES.map((path) => cache.delete(path)));
  // The offline page shows who is signed in: fetch it again for the new session.
  try {
    await keepOfflinePage(cache);
  } catch (error) {
    // Offline now: it is fetched again at the next install or visit.
  }
  return response;
}
