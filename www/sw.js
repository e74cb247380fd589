// MeshScope's service worker: the app shell and the wasm are cached at install, so the site opens offline
// after the first visit. The build step fills in the build id and the list of files.
const BUILD = "__BUILD__";
const FILES = [
    "/",
    "__FILES__",
];
const CACHE = `meshscope-${BUILD}`;

self.addEventListener('install', (event) => {
    event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(FILES)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
    event.waitUntil(
        caches.keys()
            .then((keys) => Promise.all(keys.filter((key) => key.startsWith('meshscope-') && key !== CACHE)
                .map((key) => caches.delete(key))))
            .then(() => self.clients.claim()),
    );
});

self.addEventListener('fetch', (event) => {
    const request = event.request;
    const url = new URL(request.url);
    if (request.method !== 'GET' || url.origin !== self.location.origin) return;
    if (request.mode === 'navigate') {
        // Every page of the app is the same shell; the router picks the page from the URL.
        event.respondWith(fetch(request).catch(() => caches.match('/index.html')));
        return;
    }
    event.respondWith(caches.match(request).then((cached) => cached ?? fetch(request)));
});
