#!/usr/bin/env python3
"""The adversarial scenarios' checker, and their handle on the TDX sandbox (stdlib only).

It judges a run only by what is left afterwards: what TDX shows (the sandbox's /_sandbox/state,
against /_sandbox/truth), the ledger (meta.daemon_action_log, read with psql), and Temporal (every
workflow run, listed by Workflows.java). It prints one line:

  SCENARIO <name>: tickets=N wrong_or_missing_assets=0 duplicate_asset_links=0 summaries_not_one=0
  summary_lines_missing=0 comments_twice=0 ledger_not_final=0 failed_workflows=0

Counts, over the tickets in the report:
  wrong_or_missing_assets  tickets whose added assets (linked now, minus those the ticket had when
                           generated) differ from the truth's expected assets (none expected when
                           add_asset has a status condition the ticket does not meet)
  duplicate_asset_links    tickets with one asset linked more than once
  summaries_not_one        tickets without exactly one comment headed by the summary prefix (none
                           expected when the ledger holds no summary line for the ticket)
  summary_lines_missing    ledger summary lines (completed or skipped rows of the actions before
                           summary_comment, or of actions that ran after the summary) found in
                           neither the summary nor a follow-up comment headed
                           "Automated actions (follow-up)"
  comments_twice           comment references [tqd:xxxxxxxx] that appear in more than one entry
  ledger_not_final         (ticket, action) pairs not in a final state: a row in_progress, failed
                           but not parked (attempt < max runs), or an action whose condition holds
                           now (or that has none) without a completed/skipped row
  failed_workflows         tickets whose latest workflow run did not complete (failed, terminated,
                           timed out, cancelled, or still running)

Environment: TDX_SANDBOX_URL; TDX_BASE_URL, TDX_BEID, TDX_WEB_SERVICES_KEY, TDX_TICKET_APP_ID (for
set-status); PGHOST/PGPORT/PGUSER/PGDATABASE (psql); ADV_TEMPORAL (host:port) and
ADV_WORKFLOWS_CP (classpath of Workflows); ADV_PIPELINE_IDS (action IDs in pipeline order,
space-separated); ADV_WHEN ("action_id=117,121 other_id=115": status conditions); ADV_MAX_RUNS
(runs before an action is parked, default 3); ADV_SUMMARY_PREFIX; ADV_SUMMARY_ALWAYS=1 when the
pipeline's summary_comment has skip_if_empty false (every ticket then gets one).

Commands:
  count NAME                      print the line once (exit 1 if any count is not zero)
  settle NAME TIMEOUT [QUIET]     wait until every count is zero and no workflow is open, or until
                                  nothing has changed for QUIET seconds with none open, or TIMEOUT;
                                  then print details and the line (exit 1 if any count is not zero)
  faults JSON                     change the sandbox's faults
  add N                           generate N tickets into the report; print their IDs
  summaries [IDS...]              "<tickets with a summary comment> <tickets>" (report or IDS)
  set-status STATUS IDS...        set tickets' StatusID through the TDX API (JSON Patch)
  ledger SQL_WHERE                number of ledger rows matching the condition
  report                          the report's ticket IDs
"""
import html
import json
import os
import re
import subprocess
import sys
import time
import urllib.error
import urllib.request

SUMMARY_PREFIX = os.environ.get("ADV_SUMMARY_PREFIX", "\U0001F916 Automated Actions Summary")
FOLLOW_UP = "Automated actions (follow-up)"
REFERENCE = re.compile(r"\[tqd:[0-9a-f]{8}\]", re.IGNORECASE)
TAG = re.compile(r"<[^>]*>")
FINAL_DONE = ("completed", "skipped")
COUNTS = ("wrong_or_missing_assets", "duplicate_asset_links", "summaries_not_one",
          "summary_lines_missing", "comments_twice", "ledger_not_final", "failed_workflows")


# ---- the sandbox

def sandbox_url():
    return os.environ["TDX_SANDBOX_URL"].rstrip("/")


def get(path):
    with urllib.request.urlopen(sandbox_url() + path, timeout=60) as r:
        return json.load(r)


def post(path, body):
    req = urllib.request.Request(sandbox_url() + path, data=json.dumps(body).encode(),
                                 headers={"Content-Type": "application/json"}, method="POST")
    with urllib.request.urlopen(req, timeout=60) as r:
        return json.load(r)


def text(body):
    """Visible text of an HTML body, whitespace collapsed."""
    return " ".join(html.unescape(TAG.sub(" ", body or "")).split())


def is_follow_up(body):
    """A comment headed "Automated actions (follow-up)" (perhaps after an emoji or a prefix)."""
    return FOLLOW_UP.lower() in text(body)[:200].lower()


def is_summary(body):
    """A comment headed by the summary prefix that is not a follow-up."""
    return text(body).startswith(text(SUMMARY_PREFIX)) and not is_follow_up(body)


def tdx_token():
    base = os.environ["TDX_BASE_URL"].rstrip("/")
    body = {"BEID": os.environ["TDX_BEID"], "WebServicesKey": os.environ["TDX_WEB_SERVICES_KEY"]}
    req = urllib.request.Request(base + "/auth/loginadmin", data=json.dumps(body).encode(),
                                 headers={"Content-Type": "application/json"}, method="POST")
    with urllib.request.urlopen(req, timeout=60) as r:
        return r.read().decode().strip().strip('"')


def set_status(status, ids):
    base = os.environ["TDX_BASE_URL"].rstrip("/")
    app = os.environ.get("TDX_TICKET_APP_ID", "46")
    token = tdx_token()
    patch = json.dumps([{"op": "add", "path": "/StatusID", "value": int(status)}]).encode()
    for ticket in ids:
        for attempt in range(20):  # the sandbox's rate limits may answer 429: wait and retry
            req = urllib.request.Request(f"{base}/{app}/tickets/{ticket}", data=patch, method="PATCH",
                                         headers={"Content-Type": "application/json",
                                                  "Authorization": "Bearer " + token})
            try:
                with urllib.request.urlopen(req, timeout=60):
                    break
            except urllib.error.HTTPError as e:
                if e.code != 429 or attempt == 19:
                    raise
                time.sleep(1)


# ---- the ledger and Temporal

def psql(sql):
    out = subprocess.run(["psql", "-X", "-At", "-v", "ON_ERROR_STOP=1", "-c", sql],
                         capture_output=True, text=True, timeout=60)
    if out.returncode != 0:
        raise RuntimeError("psql: " + out.stderr.strip())
    return out.stdout.strip()


def ledger_rows():
    raw = psql("select coalesce(json_agg(json_build_object('ticket', ticket_id, 'action', action_id,"
               " 'type', action_type, 'status', status, 'attempt', attempt, 'summary', summary)),"
               " '[]') from meta.daemon_action_log")
    return json.loads(raw or "[]")


def workflow_runs():
    cp = os.environ["ADV_WORKFLOWS_CP"]
    out = subprocess.run(["java", "-cp", cp, "Workflows", os.environ["ADV_TEMPORAL"]],
                         capture_output=True, text=True, timeout=120)
    if out.returncode != 0:
        raise RuntimeError("Workflows: " + (out.stderr.strip().splitlines() or ["?"])[-1])
    return json.loads(out.stdout)


# ---- the counts

def conditions():
    when = {}
    for part in os.environ.get("ADV_WHEN", "").split():
        action, _, statuses = part.partition("=")
        when[action] = {int(s) for s in statuses.split(",") if s}
    return when


def measure():
    """(counts, details, fingerprint, open workflows)."""
    pipeline = os.environ.get("ADV_PIPELINE_IDS", "").split()
    when = conditions()
    max_runs = int(os.environ.get("ADV_MAX_RUNS", "3"))
    summary_index = next((i for i, a in enumerate(pipeline) if a.startswith("summary_comment:")), None)
    asset_action = next((a for a in pipeline if a.startswith("add_asset:")), None)
    summary_always = os.environ.get("ADV_SUMMARY_ALWAYS") == "1"

    report = get("/report")["ticketIds"]
    truth = {t["ticketId"]: t for t in get("/truth")["tickets"]}
    states = {t["ticketId"]: t for t in get("/state")["tickets"]}
    rows = {(r["ticket"], r["action"]): r for r in ledger_rows()}
    runs = workflow_runs()

    counts = dict.fromkeys(COUNTS, 0)
    details = {k: [] for k in COUNTS}

    def note(kind, message):
        counts[kind] += 1
        details[kind].append(message)

    latest = {}
    for run in runs:
        wid = run["workflowId"]
        if not wid.startswith("tqd:"):
            continue
        try:
            ticket = int(wid.split(":")[1])
        except (IndexError, ValueError):
            continue
        if ticket not in latest or run["startMillis"] >= latest[ticket]["startMillis"]:
            latest[ticket] = run
    open_runs = sum(1 for r in runs if r["status"] == "RUNNING")

    for t in report:
        state, tt = states.get(t), truth.get(t)
        if state is None:
            note("wrong_or_missing_assets", f"ticket {t}: not in the sandbox")
            continue
        linked = state["assetIds"]
        if len(linked) != len(set(linked)):
            note("duplicate_asset_links", f"ticket {t}: an asset linked twice: {linked}")
        if tt is not None:
            added = sorted(set(linked) - set(tt.get("initialAssetIds", [])))
            expected = sorted(tt["expectedAssetIds"])
            if asset_action in when and state["statusId"] not in when[asset_action]:
                expected = []  # add_asset's condition does not hold: it must not have run
            if added != expected:
                note("wrong_or_missing_assets", f"ticket {t}: added {added}, truth {expected}")

        feed = state["feed"]
        summaries = [f["body"] for f in feed if is_summary(f["body"])]
        follow_ups = [f["body"] for f in feed if is_follow_up(f["body"])]
        refs = {}
        for f in feed:
            for ref in {m.lower() for m in REFERENCE.findall(text(f["body"]))}:
                refs[ref] = refs.get(ref, 0) + 1
        for ref, n in sorted(refs.items()):
            if n > 1:
                note("comments_twice", f"ticket {t}: {ref} in {n} feed entries")

        lines = []
        for i, action in enumerate(pipeline):
            row = rows.get((t, action))
            holds = action not in when or state["statusId"] in when[action]
            status = row["status"] if row else None
            if row is None or status == "not_applicable":
                if holds:
                    note("ledger_not_final", f"ticket {t}: {action} has "
                         + ("no ledger row" if row is None else "status not_applicable")
                         + ("" if action not in when else f" but its condition holds (status {state['statusId']})"))
            elif status == "in_progress":
                note("ledger_not_final", f"ticket {t}: {action} in_progress")
            elif status == "failed" and (row["attempt"] or 1) < max_runs:
                note("ledger_not_final", f"ticket {t}: {action} failed after {row['attempt']} run(s), not parked")
            if (summary_index is not None and i != summary_index and status in FINAL_DONE
                    and (row.get("summary") or "").strip()):
                lines.append((action, row["summary"]))
        if summary_index is not None:
            expected_summaries = 1 if lines or summary_always else 0
            if len(summaries) != expected_summaries:
                note("summaries_not_one", f"ticket {t}: {len(summaries)} summary comments"
                     + ("" if expected_summaries else " (none expected)"))
            carriers = summaries + follow_ups
            for action, line in lines:
                if not any(line in b or text(line) in text(b) for b in carriers):
                    note("summary_lines_missing", f"ticket {t}: line of {action} missing: {text(line)[:90]}")

        run = latest.get(t)
        if run is not None and run["status"] != "COMPLETED":
            note("failed_workflows", f"ticket {t}: latest run {run['workflowId']} {run['status']}")

    fingerprint = (tuple(counts.values()), len(runs), open_runs,
                   sum(len(s["feed"]) for s in states.values()),
                   tuple(sorted((k[0], k[1], v["status"]) for k, v in rows.items())))
    return len(report), counts, details, fingerprint, open_runs


def line(name, tickets, counts):
    return f"SCENARIO {name}: tickets={tickets} " + " ".join(f"{k}={counts[k]}" for k in COUNTS)


def print_details(details):
    for kind in COUNTS:
        for message in details[kind][:8]:
            print(f"  {kind}: {message}", file=sys.stderr)
        if len(details[kind]) > 8:
            print(f"  {kind}: ... {len(details[kind]) - 8} more", file=sys.stderr)


def settle(name, timeout, quiet):
    deadline = time.monotonic() + timeout
    last_change, last_print, previous = time.monotonic(), 0.0, None
    result = None
    while True:
        try:
            result = measure()
        except Exception as e:  # a service may still be recovering: try again until the deadline
            print(f"  settle: {e}", file=sys.stderr)
            if time.monotonic() > deadline:
                raise
            time.sleep(3)
            continue
        tickets, counts, details, fingerprint, open_runs = result
        now = time.monotonic()
        if fingerprint != previous:
            previous, last_change = fingerprint, now
        if now - last_print > 15:
            print(f"  settle: {open_runs} open run(s); " + line(name, tickets, counts), file=sys.stderr)
            last_print = now
        if open_runs == 0 and not any(counts.values()):
            break
        if open_runs == 0 and now - last_change >= quiet:
            print(f"  settle: nothing changed for {quiet} s with no run open", file=sys.stderr)
            break
        if now > deadline:
            print(f"  settle: gave up after {timeout} s", file=sys.stderr)
            break
        time.sleep(2)
    tickets, counts, details, _, _ = result
    print_details(details)
    print(line(name, tickets, counts), flush=True)
    return 1 if any(counts.values()) else 0


def main(argv):
    cmd, args = argv[1], argv[2:]
    if cmd == "count":
        tickets, counts, details, _, _ = measure()
        print_details(details)
        print(line(args[0], tickets, counts))
        return 1 if any(counts.values()) else 0
    if cmd == "settle":
        return settle(args[0], float(args[1]), float(args[2]) if len(args) > 2 else 30.0)
    if cmd == "faults":
        post("/faults", json.loads(args[0]))
    elif cmd == "add":
        print(" ".join(str(i) for i in post("/tickets", {"count": int(args[0])})["ticketIds"]))
    elif cmd == "summaries":
        ids = [int(i) for i in args] or get("/report")["ticketIds"]
        states = {t["ticketId"]: t for t in get("/state")["tickets"]}
        done = sum(1 for i in ids if any(is_summary(f["body"]) for f in states[i]["feed"]))
        print(done, len(ids))
    elif cmd == "set-status":
        set_status(args[0], args[1:])
    elif cmd == "ledger":
        print(psql("select count(*) from meta.daemon_action_log where " + args[0]))
    elif cmd == "report":
        print(" ".join(str(i) for i in get("/report")["ticketIds"]))
    else:
        sys.exit("unknown command " + cmd)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
