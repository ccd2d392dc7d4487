"""A stand-in for the TDX Web API that answers the way a broken TDX (or a proxy in front of it)
does, for the adversarial scenarios: logins succeed, and the report answers according to the mode
written in a file, read on every request so that one stub serves every case.

Usage: python3 tdx_stub.py PORT MODE_FILE CALL_LOG
Modes (the report of any ID): ok-empty, no-ticket-column, non-numeric-ids, malformed-json,
html-error (500 with an HTML page), html-ok (200 with an HTML page), login-html (the login answers
502 with an HTML page). Every request is appended to CALL_LOG as "METHOD PATH".
"""
import base64
import json
import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PORT, MODE_FILE, CALL_LOG = int(sys.argv[1]), sys.argv[2], sys.argv[3]

HTML = (b"<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body>"
        b"<h1>Bad Gateway</h1><p>The proxy server received an invalid response from an upstream"
        b" server.</p><hr><address>Apache Server at tdx.example.edu Port 443</address>"
        b"</body></html>\n")


def jwt():
    enc = lambda b: base64.urlsafe_b64encode(b).rstrip(b"=").decode()
    now = int(time.time())
    payload = json.dumps({"nbf": now - 5, "exp": now + 86400, "iss": "stub"}).encode()
    return enc(b'{"typ":"JWT","alg":"HS256"}') + "." + enc(payload) + ".c3R1Yg"


def report(rows, columns):
    return json.dumps({"ID": 1344, "Name": "Stub queue", "MaxResults": 1000,
                       "DisplayedColumns": [{"ColumnName": c, "HeaderText": c} for c in columns],
                       "DataRows": rows}).encode()


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def answer(self, status, body, ctype="application/json; charset=utf-8"):
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def handle_any(self):
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)
        with open(CALL_LOG, "a") as log:
            log.write(f"{self.command} {self.path}\n")
        try:
            mode = open(MODE_FILE).read().strip()
        except OSError:
            mode = "ok-empty"
        path = self.path.split("?")[0].lower()
        if "/auth/login" in path:
            if mode == "login-html":
                return self.answer(502, HTML, "text/html")
            return self.answer(200, jwt().encode(), "text/plain")
        if "/reports/" in path and self.command == "GET":
            if mode == "no-ticket-column":
                rows = [{"Title": "Printer jam", "StatusName": "New"}]
                return self.answer(200, report(rows, ["Title", "StatusName"]))
            if mode == "non-numeric-ids":
                rows = [{"TicketID": v, "Title": "t"} for v in ["abc", "12.5", -4, "", None, "1e3x"]]
                return self.answer(200, report(rows, ["TicketID", "Title"]))
            if mode == "malformed-json":
                return self.answer(200, b'{"ID": 1344, "DataRows": [{"TicketID": 5,')
            if mode == "html-error":
                return self.answer(500, HTML, "text/html")
            if mode == "html-ok":
                return self.answer(200, HTML, "text/html")
            return self.answer(200, report([], ["TicketID", "Title"]))
        return self.answer(404, json.dumps({"Message": "Not found in the stub."}).encode())

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = handle_any


ThreadingHTTPServer(("127.0.0.1", PORT), Handler).serve_forever()
