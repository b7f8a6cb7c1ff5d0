#!/usr/bin/env bash
# Checks the Dockerfile without a Docker engine (none runs on the CI machines):
#   1. its required properties (multi-stage Node 22 slim, non-root USER, VOLUME /data, HEALTHCHECK without
#      curl, exec-form CMD, production ENV) and .dockerignore;
#   2. its commands, the way they run: the files the build stage COPYs go into a temp dir, where
#      `npm ci`, `npm run build` and `npm prune --omit=dev` run; the runtime stage's files are then moved
#      to a second dir, where the image's CMD starts the app with a test environment (HTTP mode, SQLite in
#      the temp dir, a loopback stand-in for Slack and Celigo). It checks that /healthz answers 200, that
#      the image's HEALTHCHECK command passes, that the CLI works there, and that SIGTERM ends the app
#      with exit code 0 within a few seconds.
#
# Native module: with no network to GitHub, better-sqlite3 cannot download its prebuilt binary and compiles
# SQLite from source (about 2.5 minutes on 2 cores). By default this script therefore installs with
# --ignore-scripts and reuses the binary already compiled in ./node_modules for this same Node version (what
# a prebuilt download would provide). CHECK_DOCKER_FULL=1 runs the plain `npm ci`, compiling as the image
# build does when no prebuilt binary is available.
#
# Usage: scripts/check-docker.sh        (exit 0 when every check passes; prints each check)
set -uo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DOCKERFILE="$ROOT/Dockerfile"
DOCKERIGNORE="$ROOT/.dockerignore"
FULL="${CHECK_DOCKER_FULL:-0}"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/check-docker.XXXXXX")"
BUILD="$WORK/build"
RUN="$WORK/app"
APP_PID=""
FAKE_PID=""
FAILURES=0

stop_pid() { # pid: ends a process this script started, quietly
  { kill -KILL "$1" && wait "$1"; } 2>/dev/null
}
cleanup() {
  [ -n "$APP_PID" ] && stop_pid "$APP_PID"
  [ -n "$FAKE_PID" ] && stop_pid "$FAKE_PID"
  rm -rf "$WORK"
}
trap cleanup EXIT

pass() { echo "  ✓ $*"; }
fail() {
  echo "  ✗ $*"
  FAILURES=$((FAILURES + 1))
}
step() { echo; echo "== $*"; }
abort() {
  fail "$*"
  echo
  echo "check-docker: stopped after a failed step ($FAILURES failure(s))."
  exit 1
}
has() { grep -Eq "$2" "$1"; }
check() { # description, extended regex (searched in the Dockerfile)
  if has "$DOCKERFILE" "$2"; then pass "$1"; else fail "$1"; fi
}

echo "check-docker: Dockerfile checks without a Docker engine (work dir $WORK)"
[ -f "$DOCKERFILE" ] || abort "no Dockerfile at $DOCKERFILE"

# ---------------------------------------------------------------------------------------------------------
step "Dockerfile properties"
if [ "$(grep -Ec '^FROM node:22-bookworm-slim( AS [a-z]+)?$' "$DOCKERFILE")" -ge 2 ]; then
  pass "multi-stage: build and runtime stages FROM node:22-bookworm-slim"
else
  fail "multi-stage: expected two stages FROM node:22-bookworm-slim"
fi
check "build stage installs python3, make and g++ for the native SQLite module" 'apt-get install .*python3 make g\+\+'
check "RUN npm ci" '^RUN npm ci( |$)'
check "RUN npm run build" '^RUN npm run build'
check "npm prune --omit=dev after the build" 'npm prune --omit=dev'
for item in node_modules dist bin package.json; do
  check "runtime copies $item from the build stage" "^COPY --from=build .*/app/$item "
done
check "ENV NODE_ENV=production" 'NODE_ENV=production'
check "ENV DATABASE_URL=sqlite:/data/celigo-bot.sqlite" 'DATABASE_URL=sqlite:/data/celigo-bot\.sqlite'
check "ENV PORT=3000" 'PORT=3000'
check "VOLUME /data" '^VOLUME \[?"?/data"?\]?$'
check "/data owned by the node user" 'chown node:node /data'
LAST_USER="$(grep -E '^USER ' "$DOCKERFILE" | tail -n 1 | awk '{print $2}')"
if [ -n "$LAST_USER" ] && [ "$LAST_USER" != "root" ] && [ "${LAST_USER%%:*}" != "0" ]; then
  pass "runs as a non-root user (USER $LAST_USER)"
else
  fail "runs as a non-root user (last USER is '${LAST_USER:-none}')"
fi
check "EXPOSE 3000" '^EXPOSE 3000$'
check "HEALTHCHECK against /healthz" '^HEALTHCHECK .*'
check "HEALTHCHECK uses node's fetch (slim images have no curl)" "CMD \[\"node\", \"-e\", \"fetch\(.*/healthz"
if grep -Eq '^HEALTHCHECK.*(curl|wget)' "$DOCKERFILE"; then fail "HEALTHCHECK must not need curl or wget"; fi
LAST_CMD="$(grep -E '^CMD ' "$DOCKERFILE" | tail -n 1)"
if [[ "$LAST_CMD" =~ ^CMD\ \[\"node\",\ *\"dist/main.js\"\]$ ]]; then
  pass "exec-form CMD [\"node\", \"dist/main.js\"] (SIGTERM reaches node)"
else
  fail "exec-form CMD [\"node\", \"dist/main.js\"] (found: ${LAST_CMD:-none})"
fi
if grep -Eq '^ENTRYPOINT' "$DOCKERFILE"; then fail "no ENTRYPOINT (a shell wrapper would swallow SIGTERM)"; fi

step ".dockerignore"
if [ -f "$DOCKERIGNORE" ]; then
  for entry in node_modules dist data .env .git test-results; do
    if grep -Eqx "/?$(printf '%s' "$entry" | sed 's/\./\\./g')/?" "$DOCKERIGNORE"; then
      pass "ignores $entry"
    else
      fail "ignores $entry"
    fi
  done
else
  fail ".dockerignore exists"
fi

# ---------------------------------------------------------------------------------------------------------
step "Build stage: COPY the same files, then npm ci, npm run build, npm prune --omit=dev"
mkdir -p "$BUILD" "$RUN"
# Every COPY without --from copies repo paths into WORKDIR under the same names.
while read -r _ args; do
  # shellcheck disable=SC2206 # word splitting of the COPY arguments is intended
  parts=($args)
  n=${#parts[@]}
  for ((i = 0; i < n - 1; i++)); do
    src="${parts[$i]}"
    [ -e "$ROOT/$src" ] || abort "COPY source $src does not exist in the repository"
    mkdir -p "$BUILD/$(dirname "$src")"
    cp -a "$ROOT/$src" "$BUILD/$src"
    pass "COPY $src"
  done
done < <(grep -E '^COPY ' "$DOCKERFILE" | grep -v -- '--from=')
[ -f "$BUILD/package-lock.json" ] || abort "the build stage must COPY package-lock.json (npm ci needs it)"

cd "$BUILD" || abort "cannot enter $BUILD"
if [ "$FULL" = "1" ]; then
  echo "  … npm ci (full: compiles native modules when no prebuilt binary can be downloaded)"
  npm ci --no-audit --no-fund --prefer-offline >"$WORK/npm-ci.log" 2>&1 || { tail -n 30 "$WORK/npm-ci.log"; abort "npm ci"; }
  pass "npm ci"
else
  echo "  … npm ci --ignore-scripts (set CHECK_DOCKER_FULL=1 to compile better-sqlite3 as the image build may)"
  npm ci --no-audit --no-fund --prefer-offline --ignore-scripts >"$WORK/npm-ci.log" 2>&1 ||
    { tail -n 30 "$WORK/npm-ci.log"; abort "npm ci"; }
  pass "npm ci"
  NATIVE="node_modules/better-sqlite3/build/Release/better_sqlite3.node"
  if [ -f "$ROOT/$NATIVE" ]; then
    mkdir -p "$(dirname "$BUILD/$NATIVE")"
    cp "$ROOT/$NATIVE" "$BUILD/$NATIVE"
    pass "better-sqlite3 binary for Node $(node -p process.versions.node) taken from ./node_modules"
  else
    echo "  … no compiled better-sqlite3 in ./node_modules: running its install script"
    npm rebuild better-sqlite3 >>"$WORK/npm-ci.log" 2>&1 || { tail -n 30 "$WORK/npm-ci.log"; abort "better-sqlite3 install"; }
    pass "better-sqlite3 installed"
  fi
fi
npm run build >"$WORK/build.log" 2>&1 || { tail -n 40 "$WORK/build.log"; abort "npm run build"; }
pass "npm run build"
[ -f dist/main.js ] || abort "npm run build produced dist/main.js"
[ -f dist/cli/main.js ] || fail "npm run build produced dist/cli/main.js (the celigo-bot CLI)"
npm prune --omit=dev --no-audit --no-fund >"$WORK/prune.log" 2>&1 || { tail -n 20 "$WORK/prune.log"; abort "npm prune --omit=dev"; }
pass "npm prune --omit=dev"

# ---------------------------------------------------------------------------------------------------------
step "Runtime stage: only package.json, node_modules, dist and bin"
for item in package.json node_modules dist bin; do
  mv "$BUILD/$item" "$RUN/$item" || abort "runtime copy of $item"
done
cd "$RUN" || abort "cannot enter $RUN"
if [ -d node_modules/typescript ] || [ -d node_modules/vitest ]; then
  fail "dev dependencies pruned (typescript/vitest still present)"
else
  pass "dev dependencies pruned"
fi
if node -e "require('better-sqlite3')(':memory:').prepare('select 1').get()" 2>"$WORK/native.log"; then
  pass "better-sqlite3 loads in the runtime files"
else
  cat "$WORK/native.log"
  fail "better-sqlite3 loads in the runtime files"
fi

# A loopback stand-in for Slack's Web API and Celigo's API: enough for the app to start and report ready.
cat >"$WORK/fake-upstream.mjs" <<'JS'
import http from 'node:http';
import { writeFileSync } from 'node:fs';
const server = http.createServer((req, res) => {
  const path = new URL(req.url ?? '/', 'http://x').pathname;
  req.resume();
  req.on('end', () => {
    const json = (status, body) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (path === '/api/auth.test') return json(200, { ok: true, team: 'Check', user: 'celigo-bot', team_id: 'T1', user_id: 'UBOT', bot_id: 'BBOT' });
    if (path.startsWith('/api/')) return json(200, { ok: true });
    if (path === '/v1/tokenInfo') return json(200, { _userId: 'check-user' });
    if (path === '/v1/connections') { res.writeHead(204); return res.end(); }
    return json(404, { errors: [{ code: 'not_found', message: 'Not found' }] });
  });
});
server.listen(0, '127.0.0.1', () => writeFileSync(process.argv[2], String(server.address().port)));
JS
node "$WORK/fake-upstream.mjs" "$WORK/fake.port" &
FAKE_PID=$!
for _ in $(seq 1 50); do [ -s "$WORK/fake.port" ] && break; sleep 0.1; done
[ -s "$WORK/fake.port" ] || abort "start the loopback Slack/Celigo stand-in"
FAKE_PORT="$(cat "$WORK/fake.port")"
PORT="$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")"

# The image's environment (ENV lines) plus the settings an operator would pass with --env-file.
APP_ENV=(
  "PATH=$PATH"
  "HOME=$WORK"
  NODE_ENV=production
  "DATABASE_URL=sqlite:$RUN/data/celigo-bot.sqlite"
  "PORT=$PORT"
  HOST=127.0.0.1
  SLACK_BOT_TOKEN=xoxb-docker-check
  SLACK_SIGNING_SECRET=docker-check-signing-secret
  "SLACK_API_URL=http://127.0.0.1:$FAKE_PORT/api/"
  CELIGO_API_TOKEN=docker-check-token
  "CELIGO_API_URL=http://127.0.0.1:$FAKE_PORT"
  LOG_LEVEL=info
)
# The exact argv of the image's CMD and HEALTHCHECK (exec form JSON arrays, continuation lines joined).
read_exec_form() { # instruction: CMD or HEALTHCHECK
  node -e '
    const text = require("fs").readFileSync(process.argv[1], "utf8").replace(/\\\n/g, " ");
    const lines = text.split("\n").filter((l) => l.startsWith(process.argv[2] + " "));
    const m = /CMD\s+(\[.*\])\s*$/.exec(lines[lines.length - 1] ?? "");
    if (!m) process.exit(1);
    for (const a of JSON.parse(m[1])) console.log(a);
  ' "$DOCKERFILE" "$1"
}
mapfile -t CMD_ARGV < <(read_exec_form CMD)
mapfile -t HEALTH_ARGV < <(read_exec_form HEALTHCHECK)
[ "${#CMD_ARGV[@]}" -gt 0 ] || abort "read the CMD exec-form array"
[ "${#HEALTH_ARGV[@]}" -gt 0 ] || abort "read the HEALTHCHECK CMD exec-form array"

step "Start: ${CMD_ARGV[*]} (HTTP mode, SQLite in the temp dir, PORT=$PORT)"
env -i "${APP_ENV[@]}" "${CMD_ARGV[@]}" >"$WORK/app.log" 2>&1 &
APP_PID=$!
STARTED=0
for _ in $(seq 1 150); do
  if ! kill -0 "$APP_PID" 2>/dev/null; then break; fi
  if node -e "fetch('http://127.0.0.1:$PORT/healthz').then(r=>process.exit(r.status===200?0:1),()=>process.exit(1))" 2>/dev/null; then
    STARTED=1
    break
  fi
  sleep 0.2
done
if [ "$STARTED" = "1" ]; then
  pass "GET /healthz answers 200"
else
  echo "----- app output -----"
  tail -n 40 "$WORK/app.log"
  abort "GET /healthz answers 200 within 30 s"
fi
if env -i "${APP_ENV[@]}" "${HEALTH_ARGV[@]}"; then
  pass "the image's HEALTHCHECK command passes"
else
  fail "the image's HEALTHCHECK command passes"
fi
READY="$(node -e "fetch('http://127.0.0.1:$PORT/readyz').then(r=>console.log(r.status),()=>console.log('error'))")"
if [ "$READY" = "200" ]; then pass "GET /readyz answers 200 (database, Slack and Celigo stand-ins reachable)"; else fail "GET /readyz answers 200 (got $READY)"; fi
[ -f "$RUN/data/celigo-bot.sqlite" ] && pass "SQLite database created under DATABASE_URL" || fail "SQLite database created under DATABASE_URL"

step "CLI in the runtime files: bin/celigo-bot.js"
if OUT="$(env -i "${APP_ENV[@]}" node bin/celigo-bot.js audit verify 2>&1)" && [[ "$OUT" == OK:* ]]; then
  pass "celigo-bot audit verify: $OUT"
else
  fail "celigo-bot audit verify (got: $OUT)"
fi
if env -i "${APP_ENV[@]}" node bin/celigo-bot.js manifest 2>/dev/null | grep -q '^  socket_mode_enabled: true$'; then
  pass "celigo-bot manifest prints the Socket Mode manifest"
else
  fail "celigo-bot manifest prints the Socket Mode manifest"
fi

step "SIGTERM: stop, finish in-flight work, exit 0"
kill -TERM "$APP_PID"
STOPPED=0
for _ in $(seq 1 50); do
  if ! kill -0 "$APP_PID" 2>/dev/null; then STOPPED=1; break; fi
  sleep 0.1
done
if [ "$STOPPED" = "1" ]; then
  wait "$APP_PID"
  CODE=$?
  APP_PID=""
  if [ "$CODE" = "0" ]; then pass "exited with code 0 within 5 s of SIGTERM"; else fail "exit code after SIGTERM is 0 (got $CODE)"; fi
else
  fail "exits within 5 s of SIGTERM"
fi

echo
if [ "$FAILURES" -eq 0 ]; then
  echo "check-docker: all checks passed in ${SECONDS}s."
  exit 0
fi
echo "----- app output (last 30 lines) -----"
tail -n 30 "$WORK/app.log"
echo "check-docker: $FAILURES check(s) failed (${SECONDS}s)."
exit 1
