{% load static %}/* The screen player's service worker: keeps the player (page, script, style) and its last schedule in a cache,
   so that the screen keeps playing when the network drops or the server stops, even after a reload. Media are
   cached by the page itself (addresses carry the slide's version, so they never go stale). */
"use strict";
const CACHE = "cchc-player-v1";
const SCOPE = "{{ scope|escapejs }}";
const PRECACHE = [SCOPE, "{% static 'screens/player.js' %}", "{% static 'screens/player.css' %}"];

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(PRECACHE)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(caches.keys()
    .then((names) => Promise.all(names.filter((n) => n.startsWith("cchc-player-") && n !== CACHE && n !== "cchc-player-media").map((n) => caches.delete(n))))
    .then(() => self.clients.claim()));
});

async function networkFirst(request, cacheKey) {
  const cache = await caches.open(CACHE);
  try {
    const response = await fetch(request);
    if (response.ok) {
      await cache.put(cacheKey, response.clone());
    }
    return response;
  } catch (error) {
    const cached = await cache.match(cacheKey, {ignoreSearch: true, ignoreVary: true});
    if (cached) {
      return cached;
    }
    throw error;
  }
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") {
    return;
  }
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) {
    return;
  }
  if (request.mode === "navigate" && url.pathname === SCOPE) {
    event.respondWith(networkFirst(request, SCOPE));
  } else if (PRECACHE.includes(url.pathname)) {
    event.respondWith(networkFirst(request, url.pathname));
  } else if (url.pathname.includes("/screens/player/media/")) {
    event.respondWith(caches.open("cchc-player-media").then((cache) => cache.match(url.pathname))
      .then((cached) => cached || fetch(request)));
  }
});
