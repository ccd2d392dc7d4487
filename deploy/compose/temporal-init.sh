#!/bin/sh
# One-shot step of docker-compose.yml, run in temporalio/admin-tools once the server is healthy.
#
# Makes the namespace tqd uses exist with an explicit retention, and registers tqd's search
# attributes in it. Safe to run any number of times:
#   - an existing namespace gets its retention set again (so changing
#     TEMPORAL_NAMESPACE_RETENTION in .env and re-running `docker compose up` applies it);
#   - an attribute already registered as Keyword is left alone; one registered with another type
#     is an error, because tqd would then fail to start workflows.
# The temporal CLI reads TEMPORAL_ADDRESS and TEMPORAL_NAMESPACE from the environment.
set -eu

namespace="${TEMPORAL_NAMESPACE:?TEMPORAL_NAMESPACE is not set}"
retention="${TEMPORAL_NAMESPACE_RETENTION:-30d}"
attributes="TicketId ReportId PipelineId PipelineName"

address="${TEMPORAL_ADDRESS:?TEMPORAL_ADDRESS is not set}"
# Like Temporal's own compose scripts, dial the frontend by its IPv4 address: the CLI's resolver
# may otherwise try an address family the container network does not route.
host="${address%:*}"
port="${address##*:}"
ip=$(getent ahosts "$host" 2>/dev/null | awk '/STREAM/ && $1 ~ /^[0-9.]+$/ { print $1; exit }')
if [ -n "$ip" ]; then
  export TEMPORAL_ADDRESS="$ip:$port"
fi

echo "temporal-init: waiting for the Temporal frontend at $address (${TEMPORAL_ADDRESS})"
tries=0
until temporal operator cluster health >/dev/null 2>&1; do
  tries=$((tries + 1))
  if [ "$tries" -ge 60 ]; then
    echo "temporal-init: the server did not report SERVING within 120 s" >&2
    temporal operator cluster health || true
    exit 1
  fi
  sleep 2
done

changed=no
if temporal operator namespace describe --namespace "$namespace" >/dev/null 2>&1; then
  echo "temporal-init: namespace $namespace exists; setting retention to $retention"
  temporal operator namespace update --namespace "$namespace" --retention "$retention"
else
  echo "temporal-init: creating namespace $namespace with retention $retention"
  temporal operator namespace create --namespace "$namespace" --retention "$retention" \
    --description "tqd: TDX ticket-queue automation"
  changed=yes
fi

# A namespace just created takes a moment to reach every frontend's namespace cache.
tries=0
until temporal operator search-attribute list --namespace "$namespace" >/tmp/sa.txt 2>/dev/null; do
  tries=$((tries + 1))
  if [ "$tries" -ge 30 ]; then
    echo "temporal-init: cannot list search attributes of namespace $namespace" >&2
    temporal operator search-attribute list --namespace "$namespace" || true
    exit 1
  fi
  sleep 2
done

for name in $attributes; do
  # The list is a table "Name Type"; the type prints as Keyword or INDEXED_VALUE_TYPE_KEYWORD
  # depending on the CLI version.
  type=$(awk -v n="$name" '$1 == n { print tolower($2) }' /tmp/sa.txt)
  case "$type" in
    keyword | indexed_value_type_keyword)
      echo "temporal-init: search attribute $name (Keyword) already registered"
      ;;
    "")
      echo "temporal-init: registering search attribute $name (Keyword)"
      temporal operator search-attribute create --namespace "$namespace" --name "$name" --type Keyword
      changed=yes
      ;;
    *)
      echo "temporal-init: search attribute $name exists in $namespace with type '$type', not Keyword." >&2
      echo "temporal-init: tqd cannot use this namespace; remove the attribute or choose another namespace." >&2
      exit 1
      ;;
  esac
done

if [ "$changed" = yes ]; then
  # Frontends cache namespaces and search attributes and refresh them every 60 s by default. Wait
  # that long once, on first start, so the first workflow tqd starts does not fail with
  # "search attribute TicketId is not defined".
  echo "temporal-init: waiting 65 s for the server's search attribute cache to pick up the changes"
  sleep 65
fi

echo "temporal-init: namespace $namespace is ready (retention $retention; search attributes: $attributes)"
