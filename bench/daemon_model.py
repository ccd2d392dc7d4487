#!/usr/bin/env python3
"""A sequential Python model of the LSATS daemon's TDX calls for the standard pipeline.

The same calls, in the same order, as bench/src/main/java/org/tqd/bench/DaemonModel.java
(../shared/reference/lsats-daemon.md §1.2, §1.4, §1.5, §3.5-3.6, §4, §5, §7.4), made the way the
daemon makes them: Python 3, `requests` module functions with no Session (a new connection per
call), JSON through requests, one ticket and one call at a time, no client-side throttle, and on
a 429 a sleep until X-RateLimit-Reset plus 5 s, then the same call again.

With --database-url and psycopg2 importable, the daemon's state store is modelled too, as
DaemonStateStore.java does it: `has_executed` before add_asset and find_active_tickets (an action
already completed is skipped), `mark_completed` after each action that ran, each through a pooled
connection that SQLAlchemy's pool_pre_ping tests with `SELECT 1`, one statement, and COMMIT (write)
or the pool's reset-on-return ROLLBACK (read). Without psycopg2 the model makes its TDX calls only
and says so ("state_store": false).

Prints one JSON line: tickets, seconds, tickets_per_second, calls, calls_by_method,
state_store_calls, state_store, rate_limited_429, interpreter, python.

Usage: TDX_BEID=... TDX_WEB_SERVICES_KEY=... daemon_model.py BASE_URL REPORT_ID [--database-url URL]
       [--ticket-app 46] [--asset-app 48] [--actions JSON] [--wait-scale 1.0]
"""

import argparse
import email.utils
import html
import json
import os
import re
import sys
import time

try:
    import requests
except ImportError:  # pragma: no cover - reported to the caller, which records why
    print(json.dumps({"error": "the Python module 'requests' is not installed"}))
    sys.exit(3)

COMPUTER_NAME_PATTERNS = [
    r"\b([A-Za-z]{2,10}[-_][A-Za-z0-9]{4,15}[-_]?[A-Za-z0-9]{0,8})\b",
    r"\b(L-[A-Z0-9]{10,15})\b",
    r"\b([A-Z]{2,6}-[A-Z0-9]{5,12})\b",
    r"\b([a-z]{3,10}-[a-z0-9]{4,12}-?[a-z0-9]{0,6})\b",
]
SERIAL_NUMBER_PATTERNS = [
    r"\b([A-Z0-9]{10,15})\b",
    r"\b([CR][0-9][A-Z0-9]{8,12})\b",
]
SYSTEM_WORDS = [
    "system",
    "teamdynamix",
    "automated",
    "changed status from",
    "assigned to",
    "priority changed",
    "due date",
    "automatically took this ticket",
]
ACTIVE_TICKET_STATUSES = [115, 117, 121, 619, 620, 622]
LAB_TYPE_ID = 10132
COMPUTER_FORM = 2448
ACTIVE_ASSET_STATUS = 38

# The standard pipeline's actions as the state store records them; the benchmark passes tqd's
# own (--actions), these are for runs by hand.
DEFAULT_ACTIONS = [
    {"action_id": "add_asset:model:v2", "type": "add_asset", "action_hash": "model", "config": {}},
    {
        "action_id": "find_active_tickets:model:v1",
        "type": "find_active_tickets",
        "action_hash": "model",
        "config": {},
    },
    {
        "action_id": "summary_comment:model:v1",
        "type": "summary_comment",
        "action_hash": "model",
        "config": {},
    },
]

CREATE_TABLE = [
    "CREATE SCHEMA IF NOT EXISTS meta",
    "CREATE TABLE IF NOT EXISTS meta.daemon_action_log (log_id UUID PRIMARY KEY DEFAULT"
    " gen_random_uuid(), ticket_id INTEGER NOT NULL, action_type VARCHAR(100) NOT NULL,"
    " action_id VARCHAR(255) NOT NULL, action_hash VARCHAR(64), executed_at TIMESTAMP WITH TIME"
    " ZONE DEFAULT CURRENT_TIMESTAMP, status VARCHAR(20) NOT NULL DEFAULT 'completed',"
    " error_message TEXT, metadata JSONB DEFAULT '{}'::jsonb, CONSTRAINT unique_ticket_action"
    " UNIQUE (ticket_id, action_id))",
    "CREATE INDEX IF NOT EXISTS idx_daemon_log_ticket ON meta.daemon_action_log (ticket_id)",
    "CREATE INDEX IF NOT EXISTS idx_daemon_log_action_type ON meta.daemon_action_log"
    " (action_type)",
    "CREATE INDEX IF NOT EXISTS idx_daemon_log_executed_at ON meta.daemon_action_log"
    " (executed_at DESC)",
    "CREATE INDEX IF NOT EXISTS idx_daemon_log_status ON meta.daemon_action_log (status)",
    "CREATE INDEX IF NOT EXISTS idx_daemon_log_ticket_status ON meta.daemon_action_log"
    " (ticket_id, status)",
    "CREATE INDEX IF NOT EXISTS idx_daemon_log_metadata_gin ON meta.daemon_action_log"
    " USING gin (metadata)",
]

HAS_EXECUTED = (
    "SELECT EXISTS( SELECT 1 FROM meta.daemon_action_log WHERE ticket_id = %(ticket_id)s AND"
    " action_id = %(action_id)s AND status IN ('completed', 'skipped') ) AS executed"
)
MARK_COMPLETED = (
    "INSERT INTO meta.daemon_action_log ( ticket_id, action_id, action_type, action_hash, status,"
    " error_message, metadata, executed_at ) VALUES ( %(ticket_id)s, %(action_id)s,"
    " %(action_type)s, %(action_hash)s, %(status)s, %(error_message)s, %(metadata)s,"
    " %(executed_at)s ) ON CONFLICT (ticket_id, action_id) DO UPDATE SET status ="
    " EXCLUDED.status, error_message = EXCLUDED.error_message, metadata = EXCLUDED.metadata,"
    " executed_at = EXCLUDED.executed_at"
)


class StateStore:
    """meta.daemon_action_log through one pooled connection, pinged at each checkout."""

    def __init__(self, psycopg2, url):
        if url.startswith("jdbc:"):
            url = url[len("jdbc:"):]
        self.conn = psycopg2.connect(url)
        self.queries = 0
        with self.conn.cursor() as cur:
            cur.execute("SET timezone TO 'UTC'")
            for statement in CREATE_TABLE:
                cur.execute(statement)
        self.conn.commit()

    def _checkout(self, cur):
        # pool_pre_ping
        cur.execute("SELECT 1")
        cur.fetchone()

    def has_executed(self, ticket_id, action_id):
        with self.conn.cursor() as cur:
            self._checkout(cur)
            cur.execute(HAS_EXECUTED, {"ticket_id": ticket_id, "action_id": action_id})
            executed = bool(cur.fetchone()[0])
        self.queries += 1
        # reset-on-return
        self.conn.rollback()
        return executed

    def mark_completed(self, ticket_id, action, metadata):
        with self.conn.cursor() as cur:
            self._checkout(cur)
            cur.execute(
                MARK_COMPLETED,
                {
                    "ticket_id": ticket_id,
                    "action_id": action["action_id"],
                    "action_type": action["type"],
                    "action_hash": action["action_hash"],
                    "status": "completed",
                    "error_message": None,
                    "metadata": json.dumps(metadata),
                    "executed_at": time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime()),
                },
            )
        self.queries += 1
        self.conn.commit()

    def close(self):
        self.conn.close()


class DaemonModel:
    def __init__(self, base, beid, key, ticket_app, asset_app, actions, state, wait_scale):
        self.base = base
        self.beid = beid
        self.key = key
        self.ticket_app = ticket_app
        self.asset_app = asset_app
        self.actions = actions
        self.state = state
        self.wait_scale = wait_scale
        self.headers = {"Content-Type": "application/json"}
        self.token = None
        self.calls = {}
        self.rate_limited = 0

    # ---- HTTP, a new connection per call

    def send(self, method, template, path, body=None):
        url = self.base + path
        while True:
            self.calls[template] = self.calls.get(template, 0) + 1
            if method == "GET":
                response = requests.get(url, headers=self.headers)
            else:
                response = requests.post(url, json=body, headers=self.headers)
            if response.status_code != 429:
                return response
            self.rate_limited += 1
            self.sleep_until_reset(response)

    def sleep_until_reset(self, response):
        wait = 0.0
        reset = response.headers.get("X-RateLimit-Reset")
        if reset:
            try:
                wait = max(0.0, email.utils.parsedate_to_datetime(reset).timestamp() - time.time())
            except (TypeError, ValueError):
                wait = 0.0
        time.sleep(wait + 5 * self.wait_scale)

    def call(self, method, template, path, body=None):
        response = self.send(method, template, path, body)
        if not response.text or not response.text.strip():
            return []
        try:
            return response.json()
        except ValueError:
            return []

    # ---- one run

    def start_run(self, report_id):
        if self.token is None:
            response = self.send(
                "POST",
                "POST auth/loginadmin",
                "/auth/loginadmin",
                {"BEID": self.beid, "WebServicesKey": self.key},
            )
            if response.status_code != 200:
                raise SystemExit(
                    "daemon_model.py: login (POST auth/loginadmin) answered %d: check the BEID and"
                    " the web services key" % response.status_code
                )
            self.token = response.text.strip().replace('"', "")
            self.headers["Authorization"] = "Bearer " + self.token
        report = self.call(
            "GET",
            "GET reports/{id}",
            "//reports/%d?withData=True&dataSortExpression=" % report_id,
        )
        rows = (report.get("DataRows") or []) if isinstance(report, dict) else []
        return [as_int(row.get("TicketID")) for row in rows]

    def process_ticket(self, ticket_id):
        summaries = []
        if self.should_execute(ticket_id, self.actions[0]):
            self.add_asset(ticket_id, summaries)
            self.mark_completed(ticket_id, self.actions[0])
        if self.should_execute(ticket_id, self.actions[1]):
            self.find_active_tickets(ticket_id, summaries)
            self.mark_completed(ticket_id, self.actions[1])
        self.summary_comment(ticket_id, summaries)
        self.mark_completed(ticket_id, self.actions[2])

    def should_execute(self, ticket_id, action):
        return self.state is None or not self.state.has_executed(ticket_id, action["action_id"])

    def mark_completed(self, ticket_id, action):
        if self.state is not None:
            self.state.mark_completed(
                ticket_id,
                action,
                {"details": {"ticket_id": ticket_id}, "config": action.get("config", {})},
            )

    # ---- summary_comment

    def summary_comment(self, ticket_id, summaries):
        if summaries:
            self.get_ticket(ticket_id)
            text = "🤖 Automated Actions Summary\n\n" + "\n".join(summaries)
            self.call(
                "POST",
                "POST tickets/{id}/feed",
                "/%d/tickets/%d/feed" % (self.ticket_app, ticket_id),
                {
                    "NewStatusID": 0,
                    "CascadeStatus": False,
                    "Comments": text,
                    "Notify": ["null"],
                    "IsPrivate": True,
                    "IsRichHTML": True,
                    "IsCommunication": False,
                },
            )

    # ---- add_asset

    def add_asset(self, ticket_id, summaries):
        ticket = self.get_ticket(ticket_id)
        existing = self.ticket_assets(ticket_id)
        existing_ci_ids = {as_int(ci.get("ID")) for ci in existing}
        title_ids = identifiers(text(ticket, "Title") + " " + text(ticket, "Description"))
        if title_ids and self.add_matches(ticket_id, title_ids, existing_ci_ids):
            summaries.append("<br>1. Added asset(s) (phase 1)")
            return
        messages = self.conversation(ticket_id)
        conversation_ids = identifiers(" ".join(messages))
        if conversation_ids and self.add_matches(ticket_id, conversation_ids, existing_ci_ids):
            summaries.append("<br>1. Added asset(s) (phase 2)")
            return
        uid = ticket.get("RequestorUid") or ""
        if existing or not uid:
            summaries.append("<br>1. No assets added")
            return
        computers = [
            a
            for a in self.call(
                "POST",
                "POST assets/search",
                "/%d/assets/search" % self.asset_app,
                {"OwningCustomerIDs": [uid]},
            )
            if as_int(a.get("FormID")) == COMPUTER_FORM
        ]
        if len(computers) == 1 and as_int(computers[0].get("ID")) not in existing_ci_ids:
            self.add_and_verify(ticket_id, as_int(computers[0].get("ID")))
        summaries.append("<br>1. Requestor's computer (phase 3)")

    def add_matches(self, ticket_id, idents, existing_ci_ids):
        candidates = {}
        for ident in idents:
            for field in ("SerialLike", "SearchText"):
                search = {field: ident, "StatusIDs": [ACTIVE_ASSET_STATUS], "FormIDs": [COMPUTER_FORM]}
                for a in self.call(
                    "POST", "POST assets/search", "/%d/assets/search" % self.asset_app, search
                ):
                    candidates.setdefault(as_int(a.get("ID")), a)
        terms = {i.strip().lower() for i in idents}
        verified = []
        for a in candidates.values():
            name, serial, tag = lower(a, "Name"), lower(a, "SerialNumber"), lower(a, "Tag")
            if name in terms or (serial and serial in terms) or (tag and tag in terms):
                # The daemon's "already added" filter compares asset IDs with CI IDs.
                if as_int(a.get("ID")) not in existing_ci_ids:
                    verified.append(as_int(a.get("ID")))
        if not verified:
            return False
        for asset_id in verified[:10]:
            self.add_and_verify(ticket_id, asset_id)
        return True

    def add_and_verify(self, ticket_id, asset_id):
        self.call(
            "POST",
            "POST tickets/{id}/assets/{assetId}",
            "/%d/tickets/%d/assets/%d" % (self.ticket_app, ticket_id, asset_id),
            {},
        )
        self.ticket_assets(ticket_id)

    def conversation(self, ticket_id):
        messages = []
        for entry in self.call(
            "GET", "GET tickets/{id}/feed", "/%d/tickets/%d/feed" % (self.ticket_app, ticket_id)
        ):
            feed_id = re.sub(r"\D", "", entry.get("Uri") or "", flags=re.ASCII)
            full = self.call("GET", "GET feed/{id}", "//feed/" + feed_id)
            if not isinstance(full, dict):
                full = {}
            keep(full, messages)
            for reply in full.get("Replies") or []:
                keep(reply, messages)
        return messages

    # ---- find_active_tickets

    def find_active_tickets(self, ticket_id, summaries):
        ticket = self.get_ticket(ticket_id)
        found = 0
        uid = ticket.get("RequestorUid") or ""
        if uid:
            search = {"RequestorUids": [uid], "StatusIDs": list(ACTIVE_TICKET_STATUSES)}
            found += count(self.search_tickets(search), ticket_id)
        for ci in self.ticket_assets(ticket_id):
            if as_int(ci.get("TypeID")) != LAB_TYPE_ID and as_int(ci.get("BackingItemType")) == 27:
                search = {
                    "ConfigurationItemIDs": [as_int(ci.get("ID"))],
                    "StatusIDs": list(ACTIVE_TICKET_STATUSES),
                }
                found += count(self.search_tickets(search), ticket_id)
        # Lab tickets: the assets again, then the tickets of the first CI of the lab type.
        for ci in self.ticket_assets(ticket_id):
            if as_int(ci.get("TypeID")) == LAB_TYPE_ID:
                for t in self.call(
                    "GET",
                    "GET cmdb/{id}/tickets",
                    "/%d/cmdb/%d/tickets" % (self.asset_app, as_int(ci.get("BackingItemID"))),
                ):
                    if (
                        as_int(t.get("StatusID")) in ACTIVE_TICKET_STATUSES
                        and as_int(t.get("ID")) != ticket_id
                    ):
                        found += 1
                break
        if found > 0:
            summaries.append("<br>2. Related Active Tickets (%d)" % found)

    def search_tickets(self, search):
        return self.call(
            "POST", "POST tickets/search", "/%d/tickets/search" % self.ticket_app, search
        )

    def get_ticket(self, ticket_id):
        ticket = self.call(
            "GET", "GET tickets/{id}", "/%d/tickets/%d" % (self.ticket_app, ticket_id)
        )
        return ticket if isinstance(ticket, dict) else {}

    def ticket_assets(self, ticket_id):
        assets = self.call(
            "GET", "GET tickets/{id}/assets", "/%d/tickets/%d/assets" % (self.ticket_app, ticket_id)
        )
        return assets if isinstance(assets, list) else []


def identifiers(value):
    # Insertion order (the daemon's set has none fixed between processes; the order only
    # decides which ten of more than ten verified assets are added).
    out = {}
    for pattern in COMPUTER_NAME_PATTERNS + SERIAL_NUMBER_PATTERNS:
        for match in re.findall(pattern, value):
            out.setdefault(match, None)
    return list(out)


def keep(entry, messages):
    author = entry.get("CreatedFullName") or ""
    body = entry.get("Body") or ""
    if author.lower() == "system" or any(w in body.lower() for w in SYSTEM_WORDS):
        return
    clean = html.unescape(re.sub(r"<[^>]+>", "", body))
    messages.append(re.sub(r"\s+", " ", clean).strip())


def count(tickets, self_id):
    return sum(0 if as_int(t.get("ID")) == self_id else 1 for t in tickets or [])


def text(node, field):
    # .get(key, "") on a JSON null gives None, formatted as "None".
    return "%s" % node.get(field, "")


def lower(node, field):
    v = node.get(field)
    return "" if v is None else str(v).strip().lower()


def as_int(v):
    try:
        return int(v)
    except (TypeError, ValueError):
        return 0


def main(argv):
    parser = argparse.ArgumentParser(description="Sequential Python model of the daemon's calls.")
    parser.add_argument("base_url", help="TDX API base, e.g. http://127.0.0.1:8080/TDWebApi/api")
    parser.add_argument("report_id", type=int)
    parser.add_argument("--database-url", help="PostgreSQL URL of the state store")
    parser.add_argument("--ticket-app", type=int, default=46)
    parser.add_argument("--asset-app", type=int, default=48)
    parser.add_argument(
        "--actions",
        help="JSON list of the three actions (action_id, type, action_hash, config)",
    )
    parser.add_argument(
        "--wait-scale", type=float, default=1.0, help="the 5 s after a 429's reset, times this"
    )
    args = parser.parse_args(argv)
    # The credentials come from the environment under the daemon's names, never from the command
    # line, where any user of the machine could read them.
    beid = os.environ.get("TDX_BEID", "").strip()
    web_services_key = os.environ.get("TDX_WEB_SERVICES_KEY", "").strip()
    if not beid or not web_services_key:
        parser.error("set TDX_BEID and TDX_WEB_SERVICES_KEY (the sandbox prints both)")
    actions = json.loads(args.actions) if args.actions else DEFAULT_ACTIONS
    if len(actions) != 3:
        parser.error("--actions needs the three actions of the standard pipeline")

    state = None
    state_note = None
    if args.database_url:
        try:
            import psycopg2
        except ImportError:
            state_note = "psycopg2 is not installed: TDX calls only"
        else:
            try:
                state = StateStore(psycopg2, args.database_url)
            except psycopg2.Error as e:
                print(
                    "daemon_model.py: cannot use the state store database (--database-url): %s"
                    % str(e).strip(),
                    file=sys.stderr,
                )
                return 1
    else:
        state_note = "no --database-url: TDX calls only"

    model = DaemonModel(
        args.base_url.rstrip("/"),
        beid,
        web_services_key,
        args.ticket_app,
        args.asset_app,
        actions,
        state,
        args.wait_scale,
    )
    t0 = time.perf_counter()
    try:
        ids = model.start_run(args.report_id)
        for ticket_id in ids:
            model.process_ticket(ticket_id)
    except requests.RequestException as e:
        print("daemon_model.py: cannot reach TDX at %s: %s" % (args.base_url, e), file=sys.stderr)
        return 1
    seconds = time.perf_counter() - t0
    if state is not None:
        state.close()
    result = {
        "tickets": len(ids),
        "seconds": round(seconds, 2),
        "tickets_per_second": round(len(ids) / seconds, 2) if seconds > 0 else -1,
        "calls": sum(model.calls.values()),
        "calls_by_method": dict(sorted(model.calls.items())),
        "state_store_calls": 0 if state is None else state.queries,
        "state_store": state is not None,
        "rate_limited_429": model.rate_limited,
        "interpreter": sys.executable,
        "python": sys.version.split()[0],
        "requests": requests.__version__,
    }
    if state_note:
        result["state_store_note"] = state_note
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
