#!/usr/bin/env bash
# Build and start the development container stack (docker-compose.yml merged with
# docker-compose.override.yml), wait until `docs` is healthy and print its URL.
# Running it again while `docs` is healthy does nothing but print the URL.
set -euo pipefail

usage() {
  cat <<'EOF'
Usage: scripts/setup_python_docker.sh [--rebuild] [--timeout SECONDS]

Build and start the development stack of this project: a one-shot `check` service
(`mbtool check memory-bank`), then `docs` (`mbtool serve` with live reload on the
bind-mounted checkout). Waits until `docs` reports healthy, then prints its URL.

If `docs` is already running and healthy, nothing is built or restarted.

Options:
  --rebuild          rebuild the images and recreate the containers even when healthy
                     (needed after a dependency change in pyproject.toml)
  --timeout SECONDS  how long to wait for `docs` to become healthy (default: 180)
  -h, --help         show this help and exit

Environment:
  MBTOOL_DEV_PORT    host port of the preview (default: 8000)
  MBTOOL_UID, MBTOOL_GID
                     user and group the dev image runs as (default: 1000; set them to
                     `id -u` and `id -g` so files in the checkout stay yours)
  MBTOOL_POLL_SECONDS
                     pause between health polls (default: 2)

Needs Docker with a running daemon and the Compose plugin (or `docker-compose`).
EOF
}

die() {
  printf 'setup_python_docker.sh: %s\n' "$1" >&2
  exit "${2:-1}"
}

# The project root is the parent of this script's folder, wherever it is called from.
SELF="${BASH_SOURCE[0]}"
[[ "$SELF" == */* ]] || SELF="./$SELF"
ROOT="$(cd "${SELF%/*}/.." && pwd -P)"
readonly ROOT
readonly SERVICE=docs
COMPOSE=()

find_compose() {
  local files=(--project-directory "$ROOT" -f "$ROOT/docker-compose.yml" -f "$ROOT/docker-compose.override.yml")
  if docker compose version >/dev/null 2>&1; then
    COMPOSE=(docker compose "${files[@]}")
  elif command -v docker-compose >/dev/null 2>&1; then
    COMPOSE=(docker-compose "${files[@]}")
  else
    die "neither \`docker compose\` nor \`docker-compose\` is available; install the Docker Compose plugin"
  fi
}

# healthy, starting, unhealthy, or missing when no `docs` container is running.
docs_health() {
  local ids
  ids="$("${COMPOSE[@]}" ps --quiet "$SERVICE")"
  if [[ -z "$ids" ]]; then
    echo missing
    return
  fi
  local id status worst=healthy
  for id in $ids; do
    status="$(docker inspect --format '{{if .State.Health}}{{.State.Health.Status}}{{else}}none{{end}}' "$id")"
    [[ "$status" == healthy ]] || worst="$status"
  done
  echo "$worst"
}

wait_healthy() {
  local timeout="$1" status
  local deadline=$((SECONDS + timeout))
  while :; do
    status="$(docs_health)"
    case "$status" in
      healthy) return 0 ;;
      unhealthy) die "\`$SERVICE\` is unhealthy; see: docker compose logs $SERVICE" ;;
      *) ;; # starting, or not created yet
    esac
    ((SECONDS < deadline)) \
      || die "\`$SERVICE\` was not healthy after ${timeout}s (last status: $status); see: docker compose logs $SERVICE"
    sleep "${MBTOOL_POLL_SECONDS:-2}"
  done
}

main() {
  local rebuild=0 timeout=180
  while (($# > 0)); do
    case "$1" in
      -h | --help) usage; return 0 ;;
      --rebuild) rebuild=1 ;;
      --timeout)
        [[ $# -ge 2 && "$2" =~ ^[0-9]+$ ]] || die "--timeout needs a number of seconds" 2
        timeout="$2"
        shift
        ;;
      *) die "unknown argument \`$1\` (see --help)" 2 ;;
    esac
    shift
  done

  command -v docker >/dev/null 2>&1 \
    || die "\`docker\` is not installed or not on PATH; install Docker first (https://docs.docker.com/get-docker/)"
  docker info >/dev/null 2>&1 \
    || die "the Docker daemon does not answer (\`docker info\` failed); start Docker and try again"
  find_compose

  local url="http://localhost:${MBTOOL_DEV_PORT:-8000}" health
  health="$(docs_health)"
  if ((rebuild == 0)) && [[ "$health" == healthy ]]; then
    echo "The development stack is already running and healthy: $url"
    return 0
  fi

  local up=(up --detach --build)
  ((rebuild == 0)) || up+=(--force-recreate)
  # `up` fails when the one-shot `check` fails: its report is in the logs.
  "${COMPOSE[@]}" "${up[@]}" \
    || die "starting the stack failed; if \`check\` failed, see: docker compose logs check"

  wait_healthy "$timeout"
  echo "The development stack is up: $url (stop it with \`docker compose down\`)"
}

main "$@"
