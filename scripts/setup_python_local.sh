#!/usr/bin/env bash
# Set up a local (container-free) environment with uv: install uv if it is missing,
# `uv sync` the project, then smoke-test it by checking the project's own Memory Bank.
# Running it again reuses uv and the existing .venv (`uv sync` only applies changes).
set -euo pipefail

usage() {
  cat <<'EOF'
Usage: scripts/setup_python_local.sh

Prepare this project for local development:
  1. install uv with `python3 -m pip install --user uv` unless `uv` is already on PATH
  2. `uv sync` in the project root (creates or updates .venv with the dev tools)
  3. `uv run mbtool check memory-bank` as a smoke test

Safe to run again: an installed uv is reused and `uv sync` changes only what changed.

Options:
  -h, --help  show this help and exit
EOF
}

die() {
  printf 'setup_python_local.sh: %s\n' "$1" >&2
  exit "${2:-1}"
}

# The project root is the parent of this script's folder, wherever it is called from.
SELF="${BASH_SOURCE[0]}"
[[ "$SELF" == */* ]] || SELF="./$SELF"
ROOT="$(cd "${SELF%/*}/.." && pwd -P)"
readonly ROOT

install_uv() {
  command -v python3 >/dev/null 2>&1 \
    || die "\`uv\` is missing and so is \`python3\` to install it; see https://docs.astral.sh/uv/"
  echo "Installing uv with pip (--user)"
  python3 -m pip install --user uv \
    || die "\`pip install --user uv\` failed (an externally managed Python refuses it); install uv with \`pipx install uv\` or see https://docs.astral.sh/uv/"
  # pip puts console scripts in the user base's bin folder, which may not be on PATH yet.
  local user_bin
  user_bin="$(python3 -m site --user-base)/bin"
  PATH="$user_bin:$PATH"
  command -v uv >/dev/null 2>&1 \
    || die "uv was installed but is not on PATH; add \`$user_bin\` to PATH"
}

main() {
  case "${1:-}" in
    -h | --help) usage; return 0 ;;
    "") ;;
    *) die "unknown argument \`$1\` (see --help)" 2 ;;
  esac

  if command -v uv >/dev/null 2>&1; then
    echo "uv is already installed"
  else
    install_uv
  fi

  cd "$ROOT"
  uv sync
  uv run mbtool check memory-bank
  echo "Local environment ready: run \`uv run mbtool --help\` or \`uv run pytest\`"
}

main "$@"
