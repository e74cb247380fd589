#!/usr/bin/env python3
"""Serves a built MeshScope site like a static host does: files as they are, and the app for any other path
(so deep links such as /nodes/<key> work on reload). Usage: static_server.py DIR PORT"""
import http.server
import os
import socket
import sys
from functools import partial


class AppHandler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".wasm": "application/wasm",
        ".js": "text/javascript",
        ".webmanifest": "application/manifest+json",
    }

    def send_head(self):
        path = self.translate_path(self.path)
        if not os.path.exists(path):
            self.path = "/index.html"
        return super().send_head()

    def end_headers(self):
        self.send_header("Cache-Control", "no-cache")
        super().end_headers()

    def log_message(self, format, *args):
        if os.environ.get("STATIC_SERVER_LOG"):
            super().log_message(format, *args)


class DualStackServer(http.server.ThreadingHTTPServer):
    """Listens on IPv6 and IPv4 loopback alike, so both localhost and 127.0.0.1 reach it."""

    address_family = socket.AF_INET6

    def server_bind(self):
        self.socket.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
        super().server_bind()


def main():
    directory, port = sys.argv[1], int(sys.argv[2])
    handler = partial(AppHandler, directory=directory)
    try:
        server = DualStackServer(("::", port), handler)
    except OSError:
        server = http.server.ThreadingHTTPServer(("0.0.0.0", port), handler)
    with server:
        server.serve_forever()


if __name__ == "__main__":
    main()
