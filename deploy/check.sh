#!/usr/bin/env bash
# Checks the deployment files without a Docker engine or a systemd PID 1:
#
#   compose     docker-compose.yml + .env.example through two real Compose parsers (Compose v2,
#               the reference Go implementation, and Debian 12's docker-compose 1.29), then policy
#               checks on the resolved model (pinned images, loopback ports, health checks,
#               dependency conditions, stop grace, no inline secrets, a missing password refused)
#   scripts     shellcheck on the compose helper scripts and on this file
#   units       systemd-analyze verify on the units (any message fails), structural checks
#               (StartLimit* in [Unit], hardening, no variable in ExecStart), the sysusers entry
#   dockerfile  deploy/Dockerfile through a Dockerfile linter (dockerfile-utils), structural checks
#               (multi-stage JDK 17 -> JRE 17, wrapper build, non-root, exec-form java entrypoint,
#               HEALTHCHECK, every Maven module copied into the dependency layer), .dockerignore
#   env         every setting tqd reads is in .env.example and deploy/systemd/tqd.env.example
#   cli         builds app/target/tqd.jar and runs `./tqd <subcommand...> --help` for every `tqd ...`
#               command quoted in docs/operations.md, checking that each quoted flag exists
#   deploy      the deployment as shipped, run where it can be: the sandbox profile (the sandbox
#               binds every address and .env.example holds its credentials), Temporal's setting
#               names in every template, the starter's own metrics port (compose and systemd), a
#               single `tqd run` binding no metrics port, the embedded PostgreSQL (compose's major
#               version, under $HOME, an earlier major version's ledger refused with exit 2), one
#               platform's PostgreSQL binaries in the jar, and every tctl command quoted in the
#               README and the runbook against the flags of the tctl the compose file pins
#
# Usage: deploy/check.sh [SECTION...]        (no argument: every section, in the order above)
# Non-interactive (reads nothing from stdin). Exits 0 only if every check passed. Tools it lacks
# are installed: Debian packages with apt-get (as root), Compose v2 by extracting Debian's
# docker-compose 2.x package into the tool cache, dockerfile-utils with npm into the tool cache
# (TQD_CHECK_TOOLS, default ~/.cache/tqd-check).
set -uo pipefail
export CI="${CI:-true}" DEBIAN_FRONTEND=noninteractive
exec </dev/null

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root" || exit 2
tools="${TQD_CHECK_TOOLS:-${XDG_CACHE_HOME:-$HOME/.cache}/tqd-check}"
work="$(mktemp -d "${TMPDIR:-/tmp}/tqd-check.XXXXXX")"
trap 'rm -rf "$work"' EXIT
mkdir -p "$tools"

passed=0
failed=0
failures=()
pass() { passed=$((passed + 1)); printf '  PASS  %s\n' "$1"; }
fail() {
  failed=$((failed + 1)); failures+=("$1"); printf '  FAIL  %s\n' "$1"
  if [[ -n "${2:-}" ]]; then printf '%s\n' "$2" | sed 's/^/        | /'; fi
}
section() { printf '\n== %s\n' "$1"; }
have() { command -v "$1" >/dev/null 2>&1; }

# The settings tqd reads (the contract of the tqd command line).
# Temporal's connection settings, by Temporal's names (issue 12, item 5).
TEMPORAL_VARS=(TEMPORAL_ADDRESS TEMPORAL_NAMESPACE TEMPORAL_PROFILE TEMPORAL_API_KEY TEMPORAL_TLS
  TEMPORAL_TLS_CLIENT_CERT_PATH TEMPORAL_TLS_CLIENT_KEY_PATH TEMPORAL_TLS_SERVER_CA_CERT_PATH
  TEMPORAL_TLS_SERVER_NAME)
# tqd's earlier names for three of them: still read (with a warning), never shipped.
DEPRECATED_VARS=(TEMPORAL_TLS_CERT TEMPORAL_TLS_KEY TEMPORAL_TLS_CA)
TQD_ENV_VARS=("${TEMPORAL_VARS[@]}" DATABASE_URL TDX_BASE_URL TDX_APP_ID TDX_TICKET_APP_ID TDX_BEID
  TDX_WEB_SERVICES_KEY TDX_USERNAME TDX_PASSWORD TDX_API_TOKEN TQD_TDX_RATE_LIMIT TQD_METRICS_PORT
  TQD_SHUTDOWN_GRACE TQD_PIPELINE DAEMON_REPORT_ID DAEMON_INTERVAL DAEMON_DRY_RUN
  TQD_STARTER_METRICS_PORT)

# ── tool provisioning ───────────────────────────────────────────────────────────────────────────
apt_updated=no
apt_install() { # apt_install PACKAGE... : Debian packages, as root only
  if [[ $(id -u) -ne 0 ]] || ! have apt-get; then
    echo "        (cannot install $* : needs apt-get as root)"; return 1
  fi
  if [[ $apt_updated == no ]]; then apt-get update -qq >/dev/null 2>&1 || return 1; apt_updated=yes; fi
  echo "        installing Debian package(s): $*"
  apt-get install -y -qq --no-install-recommends "$@" >"$work/apt.log" 2>&1 || { tail -5 "$work/apt.log"; return 1; }
}

# "version" output of a command, whole (grep -q on a pipe would SIGPIPE it under pipefail).
version_of() { "$@" version 2>/dev/null || true; }

compose_v2=()
find_compose_v2() {
  if have docker && grep -qE '[Vv]ersion v?2\.' <<<"$(version_of docker compose)"; then compose_v2=(docker compose); return 0; fi
  local c
  for c in docker-compose "$tools/compose-v2/usr/libexec/docker/cli-plugins/docker-compose"; do
    if have "$c" && grep -qE '[Vv]ersion v?2\.' <<<"$(version_of "$c")"; then compose_v2=("$c"); return 0; fi
  done
  # Debian 12 packages only Compose 1.29; Debian 13 (trixie) packages Compose 2.x, a static Go
  # binary. Download that package with apt through a private source list (the system's apt
  # configuration is not touched) and unpack it into the tool cache.
  if ! have apt-get || ! have dpkg-deb; then echo "        (no apt-get/dpkg-deb to fetch Compose v2)"; return 1; fi
  local apt="$work/apt-trixie" keyring=/usr/share/keyrings/debian-archive-keyring.gpg
  [[ -r $keyring ]] || { echo "        (no $keyring)"; return 1; }
  mkdir -p "$apt/lists/partial" "$apt/cache/archives/partial" "$apt/dl"
  echo "deb [signed-by=$keyring] http://deb.debian.org/debian trixie main" >"$apt/sources.list"
  local opts=(-o "Dir::Etc::SourceList=$apt/sources.list" -o Dir::Etc::SourceParts=/dev/null
    -o "Dir::State::Lists=$apt/lists" -o "Dir::Cache=$apt/cache" -o APT::Sandbox::User=root)
  echo "        fetching Compose v2: Debian trixie package docker-compose (apt-get download)"
  apt-get "${opts[@]}" update -qq >"$work/apt2.log" 2>&1 || { tail -3 "$work/apt2.log"; return 1; }
  (cd "$apt/dl" && apt-get "${opts[@]}" download docker-compose) >>"$work/apt2.log" 2>&1 || { tail -3 "$work/apt2.log"; return 1; }
  rm -rf "$tools/compose-v2" && mkdir -p "$tools/compose-v2"
  dpkg-deb -x "$apt"/dl/docker-compose_*.deb "$tools/compose-v2" || return 1
  c="$tools/compose-v2/usr/libexec/docker/cli-plugins/docker-compose"
  if grep -qE '[Vv]ersion v?2\.' <<<"$(version_of "$c")"; then compose_v2=("$c"); else return 1; fi
}

compose_v1=()
find_compose_v1() {
  if have docker-compose && grep -q 'version 1\.' <<<"$(version_of docker-compose)"; then compose_v1=(docker-compose); return 0; fi
  apt_install docker-compose || return 1
  if grep -q 'version 1\.' <<<"$(version_of docker-compose)"; then compose_v1=(docker-compose); else return 1; fi
}

dockerfile_utils=""
find_dockerfile_utils() {
  local bin="$tools/npm/node_modules/.bin/dockerfile-utils"
  if [[ ! -x $bin ]]; then
    have npm || { echo "        (npm is not installed)"; return 1; }
    echo "        installing npm package dockerfile-utils@0.16.3 into $tools/npm"
    npm install --silent --no-audit --no-fund --prefix "$tools/npm" dockerfile-utils@0.16.3 >"$work/npm.log" 2>&1 \
      || { tail -5 "$work/npm.log"; return 1; }
  fi
  dockerfile_utils="$bin"
}

# ── compose ─────────────────────────────────────────────────────────────────────────────────────
check_compose() {
  section "compose: docker-compose.yml with .env.example"
  # A clean environment, so variables of the calling shell cannot mask a missing one.
  local cenv=(env -i "PATH=$PATH" "HOME=$work")
  local args=(-f docker-compose.yml --env-file .env.example)

  if find_compose_v2; then
    local out
    if out=$("${cenv[@]}" "${compose_v2[@]}" "${args[@]}" config -q 2>&1); then
      pass "Compose v2 parses it ($("${compose_v2[@]}" version 2>/dev/null | head -1))"
    else
      fail "Compose v2 parses it" "$out"
    fi
    if "${cenv[@]}" "${compose_v2[@]}" "${args[@]}" config --format json >"$work/compose.json" 2>"$work/compose.err"; then
      compose_policy "$work/compose.json"
    else
      fail "Compose v2 renders the resolved model" "$(cat "$work/compose.err")"
    fi
    grep -v '^POSTGRES_PASSWORD=' .env.example >"$work/env.nopw"
    if out=$("${cenv[@]}" "${compose_v2[@]}" -f docker-compose.yml --env-file "$work/env.nopw" config -q 2>&1); then
      fail "Compose v2 refuses to run without POSTGRES_PASSWORD" "it accepted the file"
    elif grep -q 'set POSTGRES_PASSWORD in .env' <<<"$out"; then
      pass "Compose v2 refuses to run without POSTGRES_PASSWORD, naming it"
    else
      fail "Compose v2 refuses to run without POSTGRES_PASSWORD, naming it" "$out"
    fi
  else
    fail "Compose v2 is available" "could not find or fetch a Compose 2.x binary"
  fi

  if find_compose_v1; then
    local out1
    if out1=$("${cenv[@]}" "${compose_v1[@]}" "${args[@]}" config -q 2>&1); then
      pass "Debian's docker-compose 1.29 parses it"
    else
      fail "Debian's docker-compose 1.29 parses it" "$out1"
    fi
  else
    fail "Debian's docker-compose 1.29 is available" "apt-get install docker-compose failed"
  fi

  local bad
  bad=$(grep -nE '^[[:space:]]*[A-Z_]*(PASSWORD|PWD|KEY|TOKEN)[A-Z_]*:[[:space:]]*[^$[:space:]]' docker-compose.yml || true)
  if [[ -z $bad ]]; then pass "no literal secret in docker-compose.yml (all come from .env)"; else fail "no literal secret in docker-compose.yml" "$bad"; fi
}

compose_policy() { # compose_policy RESOLVED_JSON
  local out
  if out=$(python3 - "$1" "$root/.env.example" 2>&1 <<'PY'
import json, re, sys
model = json.load(open(sys.argv[1]))
env = dict(l.split("=", 1) for l in open(sys.argv[2]).read().splitlines() if l and not l.startswith("#") and "=" in l)
svcs = model["services"]
problems, notes = [], []

def seconds(v):
    if v is None: return 0
    if isinstance(v, (int, float)): return v / 1e9 if v > 1e6 else v
    total = 0
    for n, u in re.findall(r"(\d+(?:\.\d+)?)(h|ms|m|s)", str(v)):
        total += float(n) * {"h": 3600, "m": 60, "s": 1, "ms": 0.001}[u]
    return total

one_shots = {n for n, s in svcs.items() if s.get("restart") in ("no", None) and "profiles" not in s}
expected = {"postgresql", "postgres-init", "temporal-schema", "temporal", "temporal-init", "temporal-ui",
            "temporal-admin-tools", "tqd-worker", "tqd-starter"}
missing = expected - svcs.keys()
if missing: problems.append(f"services missing: {sorted(missing)}")

for name, s in svcs.items():
    image = s.get("image", "")
    if "auto-setup" in image: problems.append(f"{name}: uses the retired auto-setup image")
    if "build" not in s:
        tag = image.rsplit(":", 1)[1] if ":" in image.rsplit("/", 1)[-1] else ""
        if not tag or tag == "latest": problems.append(f"{name}: image {image!r} is not pinned")
    for p in s.get("ports", []):
        if p.get("host_ip") != "127.0.0.1":
            problems.append(f"{name}: port {p.get('published')} is published on {p.get('host_ip') or 'all addresses'}")
    restart = s.get("restart")
    if name in one_shots:
        if restart not in ("no", None): problems.append(f"{name}: one-shot step restarts ({restart})")
    elif "profiles" not in s:
        if restart not in ("unless-stopped", "always", "on-failure"): problems.append(f"{name}: no restart policy")
        if name not in ("temporal-admin-tools",) and "healthcheck" not in s and "build" not in s:
            problems.append(f"{name}: long-running service without a health check")
    for dep, cond in (s.get("depends_on") or {}).items():
        c = cond.get("condition")
        want = "service_completed_successfully" if dep in one_shots else "service_healthy"
        if c != want: problems.append(f"{name}: depends on {dep} with {c}, expected {want}")

if svcs["temporal"]["image"].split(":")[0] != "temporalio/server":
    problems.append("temporal: not the temporalio/server image")
for step in ("temporal-schema", "temporal-init"):
    if not svcs[step]["image"].startswith("temporalio/admin-tools:"):
        problems.append(f"{step}: not run in temporalio/admin-tools")
for name in ("postgresql", "postgres-init"):
    if svcs[name].get("user") != "postgres": problems.append(f"{name}: does not run as the postgres user")
for name in ("tqd-worker", "tqd-starter"):
    s = svcs[name]
    if not s.get("read_only"): problems.append(f"{name}: root filesystem is writable")
    if "ALL" not in (s.get("cap_drop") or []): problems.append(f"{name}: capabilities not dropped")
    for var in ("TEMPORAL_ADDRESS", "TEMPORAL_NAMESPACE", "DATABASE_URL", "TDX_BASE_URL", "TQD_SHUTDOWN_GRACE"):
        if var not in (s.get("environment") or {}): problems.append(f"{name}: {var} not passed")
grace = float(env.get("TQD_SHUTDOWN_GRACE", "30"))
stop = seconds(svcs["tqd-worker"].get("stop_grace_period"))
if stop <= grace: problems.append(f"tqd-worker: stop_grace_period {stop}s is not above TQD_SHUTDOWN_GRACE {grace}s")
else: notes.append(f"worker stop_grace_period {stop:.0f}s > TQD_SHUTDOWN_GRACE {grace:.0f}s")
if svcs["tqd-starter"].get("command") != ["run", "--daemon"]: problems.append("tqd-starter: command is not run --daemon")
if svcs["tqd-worker"].get("command") != ["worker"]: problems.append("tqd-worker: command is not worker")
if "healthcheck" not in svcs["tqd-worker"]: problems.append("tqd-worker: no health check")
versions = {k: env.get(k) for k in ("TEMPORAL_VERSION", "TEMPORAL_ADMINTOOLS_VERSION", "TEMPORAL_UI_VERSION", "POSTGRESQL_VERSION")}
notes.append("versions " + ", ".join(f"{k}={v}" for k, v in versions.items()))
for n in notes: print(n)
if problems:
    print("\n".join(problems)); sys.exit(1)
PY
  ); then
    pass "resolved model: pinned images, ports on 127.0.0.1, restart policies, health checks, depends_on conditions, non-root, stop grace ($(tr '\n' ';' <<<"$out"))"
  else
    fail "resolved model policy" "$out"
  fi

  local script="deploy/compose/temporal-init.sh" missing=()
  for needle in TicketId ReportId PipelineId "--retention" "search-attribute create" "--type Keyword"; do
    grep -q -- "$needle" "$script" || missing+=("$needle")
  done
  if [[ ${#missing[@]} -eq 0 ]]; then pass "temporal-init.sh sets the retention and registers TicketId, ReportId, PipelineId as Keyword"
  else fail "temporal-init.sh registers the search attributes and the retention" "missing: ${missing[*]}"; fi
}

# ── scripts ─────────────────────────────────────────────────────────────────────────────────────
check_scripts() {
  section "scripts: shellcheck"
  if ! have shellcheck; then apt_install shellcheck || true; fi
  if ! have shellcheck; then fail "shellcheck is available"; return; fi
  local f out
  for f in deploy/compose/*.sh; do
    if out=$(shellcheck -s sh "$f" 2>&1); then pass "shellcheck $f"; else fail "shellcheck $f" "$out"; fi
  done
  if out=$(shellcheck -s bash deploy/check.sh 2>&1); then pass "shellcheck deploy/check.sh"; else fail "shellcheck deploy/check.sh" "$out"; fi
}

# ── units ───────────────────────────────────────────────────────────────────────────────────────
unit_keys() { # unit_keys FILE SECTION -> KEY=VALUE lines of that section
  awk -v s="[$2]" '/^\[/{in_s = ($0 == s); next} in_s && /^[A-Za-z]/ {print}' "$1"
}

check_units() {
  section "units: deploy/systemd"
  if ! have systemd-analyze; then apt_install systemd || true; fi
  if ! have systemd-analyze; then fail "systemd-analyze is available"; return; fi

  # systemd-analyze verify insists that the ExecStart binary exists. The units name /usr/bin/java;
  # where that is missing, verify a copy that names this machine's java instead.
  local vdir="$work/units" java_path=/usr/bin/java note=""
  mkdir -p "$vdir"
  cp deploy/systemd/*.service "$vdir/"
  if [[ ! -x $java_path ]]; then
    java_path="$(command -v java || true)"
    if [[ -n $java_path ]]; then
      sed -i "s|^ExecStart=/usr/bin/java |ExecStart=$java_path |" "$vdir"/*.service
      note=" (copy with ExecStart java at $java_path)"
    fi
  fi
  local u out
  for u in "$vdir"/*.service; do
    out=$(systemd-analyze verify "$u" 2>&1)
    local rc=$?
    if [[ $rc -eq 0 && -z $out ]]; then pass "systemd-analyze verify $(basename "$u"): no messages$note"
    else fail "systemd-analyze verify $(basename "$u")" "$out"; fi
  done

  local grace
  grace=$(sed -n 's/^TQD_SHUTDOWN_GRACE=//p' deploy/systemd/tqd.env.example)
  for u in deploy/systemd/*.service; do
    local unit service problems=()
    unit=$(unit_keys "$u" Unit)
    service=$(unit_keys "$u" Service)
    grep -q '^StartLimitIntervalSec=' <<<"$unit" || problems+=("StartLimitIntervalSec missing from [Unit]")
    grep -q '^StartLimitBurst=' <<<"$unit" || problems+=("StartLimitBurst missing from [Unit]")
    grep -q '^StartLimit' <<<"$service" && problems+=("StartLimit* under [Service], where systemd ignores it")
    local k
    for k in 'EnvironmentFile=/etc/tqd/tqd.env' 'User=tqd' 'Restart=on-failure' 'KillSignal=SIGTERM' \
      'NoNewPrivileges=yes' 'ProtectSystem=strict' 'ProtectHome=yes' 'PrivateTmp=yes' 'ReadWritePaths=/var/lib/tqd' \
      'RestartPreventExitStatus=2' 'SuccessExitStatus=143'; do
      grep -qx -- "$k" <<<"$service" || problems+=("[Service] lacks $k")
    done
    local exec stop
    exec=$(sed -n 's/^ExecStart=//p' <<<"$service")
    [[ $exec == *'$'* ]] && problems+=("ExecStart expands a variable: $exec")
    [[ $exec == */usr/bin/java*' -jar /opt/tqd/tqd.jar '* ]] || problems+=("ExecStart is not java -jar /opt/tqd/tqd.jar: $exec")
    stop=$(sed -n 's/^TimeoutStopSec=//p' <<<"$service")
    if [[ ! $stop =~ ^[0-9]+$ ]] || ((stop <= ${grace:-30})); then
      problems+=("TimeoutStopSec=$stop is not above TQD_SHUTDOWN_GRACE=${grace:-30}")
    fi
    if [[ ${#problems[@]} -eq 0 ]]; then
      pass "$(basename "$u"): StartLimit* in [Unit], EnvironmentFile, SIGTERM stop ${stop}s > grace ${grace:-30}s, hardening, no ExecStart expansion"
    else
      fail "$(basename "$u") structure" "$(printf '%s\n' "${problems[@]}")"
    fi
  done
  if grep -q 'tqd-worker.service' <<<"$(unit_keys deploy/systemd/tqd-starter.service Unit)"; then
    pass "tqd-starter.service orders itself after tqd-worker.service"
  else
    fail "tqd-starter.service orders itself after tqd-worker.service"
  fi

  if have systemd-sysusers; then
    mkdir -p "$work/sysroot/etc"
    local sout
    if sout=$(systemd-sysusers --root="$work/sysroot" - <deploy/systemd/tqd.sysusers.conf 2>&1) \
      && grep -q '^tqd:' "$work/sysroot/etc/passwd"; then
      pass "systemd-sysusers creates user tqd from tqd.sysusers.conf"
    else
      fail "systemd-sysusers accepts tqd.sysusers.conf" "$sout"
    fi
  fi
}

# ── dockerfile ──────────────────────────────────────────────────────────────────────────────────
check_dockerfile() {
  section "dockerfile: deploy/Dockerfile"
  local df=deploy/Dockerfile out
  if find_dockerfile_utils; then
    if out=$("$dockerfile_utils" lint "$df" 2>&1) && [[ -z $out ]]; then
      pass "dockerfile-utils lint: no problems"
    else
      fail "dockerfile-utils lint" "$out"
    fi
  else
    fail "a Dockerfile linter (npm dockerfile-utils) is available"
  fi
  # (npm's dockerfilelint was tried and not used: unmaintained, it rejects HEALTHCHECK --start-period
  # and ARG-parameterised FROM lines. hadolint is in neither Debian nor npm.)

  local problems=()
  [[ $(grep -c '^FROM ' "$df") -ge 2 ]] || problems+=("not multi-stage")
  grep -qE '^ARG JDK_IMAGE=eclipse-temurin:17-jdk' "$df" || problems+=("build stage is not a JDK 17 image")
  grep -qE '^ARG JRE_IMAGE=eclipse-temurin:17-jre' "$df" || problems+=("runtime stage is not a JRE 17 image")
  grep -qE '^RUN \./mvnw ' "$df" || problems+=("does not build with the Maven wrapper")
  local user
  user=$(grep -E '^USER ' "$df" | tail -1 | awk '{print $2}')
  [[ -n $user && ${user%%:*} != 0 && ${user%%:*} != root ]] || problems+=("last USER is root or missing")
  grep -qE '^ENTRYPOINT \["java", .*"-jar", "/opt/tqd/tqd.jar"\]$' "$df" || problems+=("ENTRYPOINT is not exec-form java ... -jar /opt/tqd/tqd.jar")
  grep -q 'MaxRAMPercentage' "$df" || problems+=("no container-aware heap flag")
  grep -qE '^HEALTHCHECK .*' "$df" || problems+=("no HEALTHCHECK")
  local m
  while read -r m; do
    grep -qE "^COPY $m/pom.xml $m/" "$df" || problems+=("module $m's pom is not copied into the dependency layer")
  done < <(sed -n 's:.*<module>\(.*\)</module>.*:\1:p' pom.xml)
  if [[ ${#problems[@]} -eq 0 ]]; then
    pass "structure: JDK 17 wrapper build -> JRE 17, dependency layer copies every module pom, USER $user, exec-form java ENTRYPOINT, HEALTHCHECK"
  else
    fail "Dockerfile structure" "$(printf '%s\n' "${problems[@]}")"
  fi
  local ig=()
  for m in .env '**/target' .git; do grep -qxF -- "$m" .dockerignore || ig+=("$m"); done
  if [[ ${#ig[@]} -eq 0 ]]; then pass ".dockerignore keeps .env, target/ and .git out of the build context"
  else fail ".dockerignore" "missing: ${ig[*]}"; fi
}

# ── env ─────────────────────────────────────────────────────────────────────────────────────────
check_env() {
  section "env: settings templates"
  local f v missing
  for f in .env.example deploy/systemd/tqd.env.example; do
    missing=()
    for v in "${TQD_ENV_VARS[@]}"; do grep -qE "^$v=" "$f" || missing+=("$v"); done
    if [[ ${#missing[@]} -eq 0 ]]; then pass "$f sets all ${#TQD_ENV_VARS[@]} tqd settings"
    else fail "$f sets every tqd setting" "missing: ${missing[*]}"; fi
    local bad
    bad=$(grep -nE '^[A-Z_]+=.*(\s#|")' "$f" || true)
    if [[ -z $bad ]]; then pass "$f: plain KEY=value lines (no quotes, no trailing comments)"
    else fail "$f: plain KEY=value lines" "$bad"; fi
  done
  local unused
  unused=$(grep -oE '^[A-Z_]+' .env.example | sort -u | while read -r v; do
    grep -q "$v" docker-compose.yml || [[ " ${TQD_ENV_VARS[*]} COMPOSE_PROJECT_NAME COMPOSE_PROFILES " == *" $v "* ]] || echo "$v"
  done)
  if [[ -z $unused ]]; then pass ".env.example has no setting that nothing reads"
  else fail ".env.example has no setting that nothing reads" "$unused"; fi
}

# ── cli ─────────────────────────────────────────────────────────────────────────────────────────
jar_built=no
build_jar() { # builds app/target/tqd.jar once per run of this script
  local jar=app/target/tqd.jar log="$work/build.log"
  [[ $jar_built == yes ]] && return 0
  echo "        building $jar: ./mvnw -B -q -DskipTests -Dspotless.check.skip=true package -pl app -am"
  if ! ./mvnw -B -q -DskipTests -Dspotless.check.skip=true package -pl app -am >"$log" 2>&1 || [[ ! -f $jar ]]; then
    fail "CLI not built yet: $jar cannot be built" "$(tail -15 "$log")"
    return 1
  fi
  jar_built=yes
  pass "built $jar"
}

check_cli() {
  section "cli: tqd commands quoted in docs/operations.md, docker-compose.yml and the units"
  local jar=app/target/tqd.jar
  build_jar || return

  # One line per distinct subcommand path: path, flags, first quotation; fields separated by \x1f.
  # Quotations: lines of fenced code blocks and inline code spans that start with tqd or ./tqd.
  python3 - docs/operations.md >"$work/commands.tsv" <<'PY'
import re, shlex, sys
text = open(sys.argv[1]).read()
quoted = []
for block in re.findall(r"^```[^\n]*\n(.*?)^```", text, re.S | re.M):
    quoted += [l.strip() for l in block.splitlines()]
prose = re.sub(r"^```[^\n]*\n.*?^```", "", text, flags=re.S | re.M)
quoted += re.findall(r"`([^`\n]+)`", prose)
# The commands the deployment files run: compose `command:` lists and the units' ExecStart.
for line in open("docker-compose.yml"):
    m = re.match(r'\s*command:\s*\[(.*)\]\s*$', line)
    if m:
        args = re.findall(r'"([^"]*)"', m.group(1))
        quoted.append("tqd " + " ".join(re.sub(r"\$\{[A-Z_]+:-([^}]*)\}", r"\1", a) for a in args))
for unit in ("deploy/systemd/tqd-worker.service", "deploy/systemd/tqd-starter.service"):
    for line in open(unit):
        m = re.match(r"ExecStart=.* -jar /opt/tqd/tqd\.jar (.*)$", line.strip())
        if m:
            quoted.append("tqd " + m.group(1))
commands = {}
for q in quoted:
    m = re.match(r"^(?:\$\s+)?(?:\./)?tqd\s+(.*)$", q)
    if not m:
        continue
    words = shlex.split(re.sub(r"\s+#.*$", "", m.group(1)))
    path = []
    for w in words:
        if not re.fullmatch(r"[a-z][a-z0-9-]*", w):
            break
        path.append(w)
    if not path:
        continue
    flags = {w.split("=", 1)[0] for w in words if w.startswith("--")}
    entry = commands.setdefault(" ".join(path), [set(), q])
    entry[0] |= flags
for path, (flags, q) in sorted(commands.items()):
    print(f"{path}\x1f{' '.join(sorted(flags))}\x1f{q}")
PY
  if [[ ! -s $work/commands.tsv ]]; then fail "docs/operations.md quotes tqd commands" "none found"; return; fi

  local path flags line out rc missing cli_usage_missing=0
  # Run from an empty directory so no .env is read.
  mkdir -p "$work/cwd"
  while IFS=$'\x1f' read -r path flags line; do
    read -r -a words <<<"$path"
    out=$(cd "$work/cwd" && timeout 120 "$root/tqd" "${words[@]}" --help 2>&1)
    rc=$?
    missing=()
    local f
    for f in $flags; do grep -qe "$f" <<<"$out" || missing+=("$f"); done
    if [[ $rc -ne 0 ]]; then
      fail "tqd $path --help (quoted as: $line)" "exit $rc: $(head -5 <<<"$out")"
    elif ! grep -qi 'usage' <<<"$out" || ! grep -q -- "${words[-1]}" <<<"$out"; then
      cli_usage_missing=$((cli_usage_missing + 1))
      fail "tqd $path --help (quoted as: $line)" "no usage text for '$path': $(head -3 <<<"$out")"
    elif [[ ${#missing[@]} -gt 0 ]]; then
      fail "tqd $path --help (quoted as: $line)" "documented flags not in the help: ${missing[*]}"
    else
      pass "tqd $path --help${flags:+ (flags: $flags)}"
    fi
  done <"$work/commands.tsv"
  if [[ $cli_usage_missing -gt 0 && $cli_usage_missing -eq $(wc -l <"$work/commands.tsv") ]]; then
    echo "        note: $jar prints no usage text for any subcommand: the tqd command line has not landed yet"
  fi
}

# ── deploy ──────────────────────────────────────────────────────────────────────────────────────
env_value() { sed -n "s/^$2=//p" "$1" | tail -1; } # env_value FILE KEY

free_port() { python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'; }

check_deploy() {
  section "deploy: the deployment as shipped (issue 12, items 5 and 6)"
  local jar=app/target/tqd.jar f v problems out
  build_jar || return
  mkdir -p "$work/cwd" # no .env is read there

  # Temporal's names everywhere; the deprecated ones nowhere.
  problems=()
  for f in .env.example deploy/systemd/tqd.env.example; do
    for v in "${DEPRECATED_VARS[@]}"; do grep -qE "^$v=" "$f" && problems+=("$f sets the deprecated $v"); done
  done
  for v in "${DEPRECATED_VARS[@]}"; do grep -qE "^[[:space:]]+$v:" docker-compose.yml && problems+=("docker-compose.yml passes the deprecated $v"); done
  for v in TEMPORAL_API_KEY TEMPORAL_TLS TEMPORAL_TLS_CLIENT_CERT_PATH TEMPORAL_TLS_CLIENT_KEY_PATH TEMPORAL_TLS_SERVER_CA_CERT_PATH TEMPORAL_TLS_SERVER_NAME; do
    grep -qF "  $v: \${$v:-}" docker-compose.yml || problems+=("docker-compose.yml does not pass $v to the tqd services")
  done
  if [[ ${#problems[@]} -eq 0 ]]; then pass "Temporal's setting names in .env.example, tqd.env.example and docker-compose.yml; no deprecated TEMPORAL_TLS_CERT/KEY/CA"
  else fail "Temporal's setting names" "$(printf '%s\n' "${problems[@]}")"; fi

  # The compose sandbox profile: the sandbox binds every address of its container, and the
  # credentials .env.example ships are those the sandbox of TQD_SANDBOX_SEED accepts.
  local seed base_url sport sout spid
  seed=$(env_value .env.example TQD_SANDBOX_SEED)
  base_url=$(env_value .env.example TDX_BASE_URL)
  if grep -qE '^    command: \["sandbox", "--host", "0.0.0.0", "--port", "8085"' docker-compose.yml \
    && [[ $base_url == http://tdx-sandbox:8085/TDWebApi/api ]] \
    && grep -qE '^COMPOSE_PROFILES=.*sandbox' .env.example; then
    pass "compose: tdx-sandbox binds 0.0.0.0:8085 in its container, and .env.example points TDX_BASE_URL at it ($base_url)"
  else
    fail "compose: tdx-sandbox reachable from the tqd services" "command: $(grep -A0 -E 'command: \["sandbox"' docker-compose.yml); TDX_BASE_URL=$base_url"
  fi
  sport=$(free_port)
  (cd "$work/cwd" && exec java -jar "$root/$jar" sandbox --host 0.0.0.0 --port "$sport" --tickets 1 --seed "${seed:-1}") >"$work/sandbox.out" 2>&1 &
  spid=$!
  for _ in $(seq 1 150); do grep -q '^TDX_SANDBOX_URL=' "$work/sandbox.out" && break; sleep 0.2; done
  local listen
  listen=$(ss -ltnH "sport = :$sport" 2>/dev/null | awk '{print $4}' | head -1)
  if [[ $(env_value "$work/sandbox.out" TDX_BEID) == "$(env_value .env.example TDX_BEID)" \
    && $(env_value "$work/sandbox.out" TDX_WEB_SERVICES_KEY) == "$(env_value .env.example TDX_WEB_SERVICES_KEY)" ]]; then
    pass ".env.example's TDX_BEID and TDX_WEB_SERVICES_KEY are those of the sandbox with seed ${seed:-1}"
  else
    fail ".env.example's TDX credentials match the sandbox profile (seed ${seed:-1})" "$(grep -E '^TDX_(BEID|WEB_SERVICES_KEY)=' "$work/sandbox.out")"
  fi
  if [[ $listen == 0.0.0.0:$sport || $listen == \*:$sport || $listen == "[::]:$sport" ]]; then
    pass "tqd sandbox --host 0.0.0.0 listens on every address ($listen)"
  elif ! have ss; then
    pass "tqd sandbox --host 0.0.0.0 started (ss is not installed to show the address)"
  else
    fail "tqd sandbox --host 0.0.0.0 listens on every address" "listening on: ${listen:-nothing}"
  fi

  # The starter's own metrics port: compose and the systemd settings file.
  local wport sport2
  wport=$(env_value deploy/systemd/tqd.env.example TQD_METRICS_PORT)
  sport2=$(env_value deploy/systemd/tqd.env.example TQD_STARTER_METRICS_PORT)
  # shellcheck disable=SC2016 # the compose text itself, not a shell expansion
  if [[ -n $sport2 && $sport2 != "$wport" ]] && grep -qF 'TQD_STARTER_METRICS_HOST_PORT:-9465}:${TQD_STARTER_METRICS_PORT:-9465}' docker-compose.yml \
    && ! grep -q 'Environment=TQD_METRICS_PORT' docs/operations.md; then
    pass "starter metrics: TQD_STARTER_METRICS_PORT=$sport2 beside the worker's TQD_METRICS_PORT=$wport in /etc/tqd/tqd.env; compose publishes the starter's own port"
  else
    fail "starter metrics port of its own" "tqd.env.example: TQD_METRICS_PORT=$wport TQD_STARTER_METRICS_PORT=$sport2"
  fi

  # One poll of tqd run against the sandbox: no metrics port, though both settings are set; the
  # embedded PostgreSQL under $HOME (not Java's user.home), of compose's major version.
  local home="$work/home" pgport rc pgmajor composepg
  mkdir -p "$home"
  pgport=$(free_port)
  (cd "$work/cwd" && env -i "PATH=$PATH" "HOME=$home" \
    TDX_BASE_URL="$(env_value "$work/sandbox.out" TDX_BASE_URL)" TDX_BEID="$(env_value "$work/sandbox.out" TDX_BEID)" \
    TDX_WEB_SERVICES_KEY="$(env_value "$work/sandbox.out" TDX_WEB_SERVICES_KEY)" TDX_APP_ID=48 TDX_TICKET_APP_ID=46 \
    TQD_METRICS_PORT="$(free_port)" TQD_STARTER_METRICS_PORT="$(free_port)" TQD_EMBEDDED_PG_PORT="$pgport" \
    timeout 300 java -jar "$root/$jar" run --report-id 1344) >"$work/run.out" 2>&1
  rc=$?
  if [[ $rc -eq 0 ]] && ! grep -q 'metrics on http' "$work/run.out"; then
    pass "a single tqd run (exit 0) served no metrics port with TQD_METRICS_PORT and TQD_STARTER_METRICS_PORT set"
  else
    fail "a single tqd run binds no metrics port" "exit $rc; $(grep -E 'metrics on|ERROR|tqd:' "$work/run.out" | head -5)"
  fi
  pgmajor=$(cat "$home/.tqd/postgres-16/PG_VERSION" 2>/dev/null)
  composepg=$(env_value .env.example POSTGRESQL_VERSION)
  if [[ $pgmajor == "$composepg" ]] && grep -q "<embedded-postgres-binaries.version>$composepg\." pom.xml; then
    pass "embedded PostgreSQL $pgmajor (compose runs $composepg) in \$HOME/.tqd/postgres-16 (HOME=$home)"
  else
    fail "embedded PostgreSQL follows \$HOME and compose's major version" "PG_VERSION under $home: '${pgmajor}', compose: $composepg; $(find "$home" -maxdepth 2 2>&1 | tr '\n' ' ')"
  fi
  kill "$spid" 2>/dev/null; wait "$spid" 2>/dev/null

  # A ledger of an earlier major version is refused with exit 2 (no restart loop under systemd's
  # RestartPreventExitStatus=2), and left as it is.
  local old="$work/home15"
  mkdir -p "$old/.tqd/postgres" && echo 15 >"$old/.tqd/postgres/PG_VERSION"
  out=$(cd "$work/cwd" && env -i "PATH=$PATH" "HOME=$old" TQD_EMBEDDED_PG_PORT="$(free_port)" timeout 120 java -jar "$root/$jar" ledger stats 2>&1)
  rc=$?
  if [[ $rc -eq 2 ]] && grep -q 'An embedded PostgreSQL 15 ledger is in' <<<"$out" && [[ ! -e $old/.tqd/postgres-16/PG_VERSION ]]; then
    pass "an embedded PostgreSQL 15 ledger is refused with exit 2 and how to carry it over; nothing created beside it"
  else
    fail "an embedded PostgreSQL 15 ledger is refused with exit 2" "exit $rc: $(head -3 <<<"$out")"
  fi

  # Only one platform's PostgreSQL binaries in the production jar.
  local txz
  txz=$(unzip -Z1 "$jar" 2>/dev/null | grep -E '^postgres-.*\.txz$' || python3 -c 'import sys,zipfile;[print(n) for n in zipfile.ZipFile(sys.argv[1]).namelist() if n.startswith("postgres-") and n.endswith(".txz")]' "$jar")
  if [[ $(grep -c . <<<"$txz") -eq 1 ]]; then
    pass "the jar carries one platform's PostgreSQL binaries: $txz ($(du -h "$jar" | cut -f1))"
  else
    fail "the jar carries one platform's PostgreSQL binaries" "$txz"
  fi

  check_tctl
}

# tctl's flags, read from temporalio/tctl at tag v1.18.4 (commit b2ac63ff7f63e0529264c40a77928cdb33389b18),
# the tctl of the image docker-compose.yml pins (TEMPORAL_TCTL_IMAGE_TAG ...-tctl-1.18.4-...). Its
# default command set is cli_curr/ (cli/ only with `tctl config set version next`): flags in
# cli_curr/flags.go (FlagWorkflowID = "workflow_id", FlagResetType = "reset_type", FlagListQuery =
# "query", FlagJobID = "job_id", FlagBatchType = "batch_type", ...), per command in cli_curr/workflow.go
# and cli_curr/batch.go. Long names only; re-read them when the pinned tag changes.
TCTL_VERSION=1.18.4
check_tctl() {
  local tag
  tag=$(env_value .env.example TEMPORAL_TCTL_IMAGE_TAG)
  if [[ $tag == *"-tctl-$TCTL_VERSION-"* ]] && grep -q "TEMPORAL_TCTL_IMAGE_TAG:-$tag}" docker-compose.yml; then
    pass "the compose tctl service pins tctl $TCTL_VERSION ($tag), whose flags are listed here"
  else
    fail "the pinned tctl is the $TCTL_VERSION whose flags this script lists" "TEMPORAL_TCTL_IMAGE_TAG=$tag: re-read the flags from tctl's source at that tag"
  fi
  if out=$(python3 - README.md docs/operations.md <<'PY'
import re, shlex, sys
flags = {
    "workflow list": {"query", "open", "earliest_time", "latest_time", "workflow_id", "workflow_type",
                      "status", "more", "pagesize", "print_raw_time", "print_datetime", "print_memo",
                      "print_search_attr", "print_full", "print_json"},
    "workflow describe": {"workflow_id", "run_id", "print_raw", "reset_points_only"},
    "workflow show": {"workflow_id", "run_id", "print_datetime", "print_raw_time", "output_filename",
                      "print_full", "print_event_version", "event_id", "max_field_length",
                      "reset_points_only"},
    "workflow query": {"workflow_id", "run_id", "query_type", "input", "input_file",
                       "query_reject_condition"},
    "workflow reset": {"workflow_id", "run_id", "event_id", "reason", "reset_type",
                       "reset_reapply_type", "reset_bad_binary_checksum"},
    "workflow reset-batch": {"input_file", "query", "exclude_file", "input_separator", "reason",
                             "input_parallism", "skip_current_open", "skip_base_is_not_current",
                             "only_non_deterministic", "dry_run", "reset_type",
                             "reset_bad_binary_checksum"},
    "workflow cancel": {"workflow_id", "run_id", "query", "reason", "yes"},
    "workflow terminate": {"workflow_id", "run_id", "query", "reason", "yes"},
    "batch start": {"query", "reason", "batch_type", "signal_name", "input", "rps", "yes", "concurrency"},
    "batch list": {"pagesize"},
    "batch describe": {"job_id"},
    "batch terminate": {"job_id", "reason"},
}
required = {"workflow reset": {"reason"}, "workflow reset-batch": {"reason", "reset_type"},
            "batch start": {"query", "reason", "batch_type"}, "batch terminate": {"job_id", "reason"}}
problems, seen = [], {}
for path in sys.argv[1:]:
    text = open(path).read()
    lines = []
    for block in re.findall(r"^```[^\n]*\n(.*?)^```", text, re.S | re.M):
        lines += [l.strip() for l in block.splitlines()]
    prose = re.sub(r"^```[^\n]*\n.*?^```", "", text, flags=re.S | re.M)
    lines += re.findall(r"`([^`\n]+)`", prose)
    for line in lines:
        m = re.match(r"^tctl\s+(.*)$", line)
        if not m:
            continue
        words = shlex.split(re.sub(r"\s+#.*$", "", m.group(1)).replace("…", "x"))
        cmd = " ".join(words[:2])
        if cmd not in flags:
            problems.append(f"{path}: unknown tctl command '{cmd}': {line}")
            continue
        used = {w[2:].split("=", 1)[0] for w in words if w.startswith("--")}
        bad = used - flags[cmd]
        if bad:
            problems.append(f"{path}: tctl {cmd} has no flag --{', --'.join(sorted(bad))} in tctl 1.18.4: {line}")
        missing = required.get(cmd, set()) - used
        if missing:
            problems.append(f"{path}: tctl {cmd} needs --{', --'.join(sorted(missing))}: {line}")
        seen.setdefault(path, {}).setdefault(cmd, set()).update(used)
readme, runbook = seen.get(sys.argv[1], {}), seen.get(sys.argv[2], {})
if not runbook:
    problems.append("docs/operations.md quotes no tctl command")
for cmd, used in readme.items():
    if cmd not in runbook:
        problems.append(f"README.md quotes tctl {cmd}, which the runbook does not")
    elif not used <= runbook[cmd]:
        problems.append(f"README.md's tctl {cmd} uses --{', --'.join(sorted(used - runbook[cmd]))}, the runbook's does not")
print(f"{len(runbook)} tctl command(s) in the runbook, {len(readme)} in the README")
if problems:
    print("\n".join(problems)); sys.exit(1)
PY
  ); then
    pass "tctl commands of the README and the runbook use tctl $TCTL_VERSION's flags and agree ($out)"
  else
    fail "tctl commands use tctl $TCTL_VERSION's flags and agree" "$out"
  fi
}

# ── main ────────────────────────────────────────────────────────────────────────────────────────
all=(compose scripts units dockerfile env cli deploy)
sections=("$@")
[[ ${#sections[@]} -eq 0 ]] && sections=("${all[@]}")
for s in "${sections[@]}"; do
  case "$s" in
    compose | scripts | units | dockerfile | env | cli | deploy) "check_$s" ;;
    *) echo "deploy/check.sh: unknown section '$s' (sections: ${all[*]})" >&2; exit 2 ;;
  esac
done

printf '\ndeploy/check.sh (%s):\n' "${sections[*]}"
if [[ $failed -gt 0 ]]; then printf '  failed: %s\n' "${failures[@]}"; fi
printf '%d passed, %d failed\n' "$passed" "$failed"
[[ $failed -eq 0 ]]
