#!/usr/bin/env python3
"""Trunk post-build step (TRUNK_STAGING_DIR is the site about to be published):

1. moves Trunk's inline module script into a file, so the Content-Security-Policy can forbid inline scripts;
2. adds that policy to index.html;
3. writes the service worker's list of files to cache, keyed by a hash of the build, so a new build replaces the
   old cache and an unchanged build keeps it;
4. copies index.html to 404.html, so static hosts answer deep links with the app.
"""
import hashlib
import os
import re
import sys

CSP = (
    "default-src 'self'; "
    "script-src 'self' 'wasm-unsafe-eval'; "
    "style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: https://tile.openstreetmap.org; "
    "connect-src 'self' ws: wss:; "
    "worker-src 'self'; "
    "manifest-src 'self'; "
    "object-src 'none'; "
    "base-uri 'none'; "
    "form-action 'none'"
)


def main():
    site = os.environ.get("TRUNK_STAGING_DIR") or sys.argv[1]
    index_path = os.path.join(site, "index.html")
    with open(index_path, encoding="utf-8") as f:
        index = f.read()

    inline = re.search(r'<script type="module">(.*?)</script>', index, re.S)
    if inline is None:
        sys.exit("post_build: no inline module script found in index.html")
    code = inline.group(1).strip() + "\n"
    digest = hashlib.sha256(code.encode()).hexdigest()[:16]
    loader = f"init-{digest}.js"
    with open(os.path.join(site, loader), "w", encoding="utf-8") as f:
        f.write(code)
    index = index.replace(inline.group(0), f'<script type="module" src="/{loader}"></script>')
    index = index.replace(
        "<title>",
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n    <title>',
        1,
    )
    for name in ("index.html", "404.html"):
        with open(os.path.join(site, name), "w", encoding="utf-8") as f:
            f.write(index)

    files = sorted(
        os.path.relpath(os.path.join(folder, name), site).replace(os.sep, "/")
        for folder, _, names in os.walk(site)
        for name in names
        if name not in ("sw.js", "404.html", ".trunk-lock") and not name.startswith(".")
    )
    build = hashlib.sha256()
    for name in files:
        with open(os.path.join(site, name), "rb") as f:
            build.update(name.encode() + b"\0" + hashlib.sha256(f.read()).digest())
    worker_path = os.path.join(site, "sw.js")
    with open(worker_path, encoding="utf-8") as f:
        worker = f.read()
    listing = ",\n    ".join(f'"/{name}"' for name in files)
    worker = worker.replace('"__BUILD__"', f'"{build.hexdigest()[:16]}"').replace(
        '"__FILES__"', listing
    )
    with open(worker_path, "w", encoding="utf-8") as f:
        f.write(worker)


if __name__ == "__main__":
    main()
