#!/usr/bin/env bash
# Open an interactive shell in OpenAI's codex-universal image (Python 3.13, Node.js 22)
# with a project mounted at /workspace/<project name>, as memory-bank/dockerWorkflow.md
# describes ("Bootstrapping Codex CLI Environment Locally").
set -euo pipefail

readonly IMAGE="ghcr.io/openai/codex-universal:latest"

usage() {
  cat <<'EOF'
Usage: scripts/run_codex_cli.sh [--pull] [PROJECT_DIR]

Start ghcr.io/openai/codex-universal:latest with PROJECT_DIR (default: the current
directory) mounted at /workspace/<name of PROJECT_DIR>, CODEX_ENV_PYTHON_VERSION=3.13 and
CODEX_ENV_NODE_VERSION=22, and drop into its login shell there. The container is removed
on exit.

The image is pulled only when it is not present locally, so running this again does not
download it again.

Options:
  --pull      pull the image even when it is present (to update :latest)
  -h, --help  show this help and exit

Needs Docker with a running daemon.
EOF
}

die() {
  printf 'run_codex_cli.sh: %s\n' "$1" >&2
  exit "${2:-1}"
}

main() {
  local pull=0 project=""
  while (($# > 0)); do
    case "$1" in
      -h | --help) usage; return 0 ;;
      --pull) pull=1 ;;
      -*) die "unknown option \`$1\` (see --help)" 2 ;;
      *)
        [[ -z "$project" ]] || die "one PROJECT_DIR at most, got \`$project\` and \`$1\`" 2
        project="$1"
        ;;
    esac
    shift
  done

  project="${project:-.}"
  [[ -d "$project" ]] || die "\`$project\` is not a directory" 2
  project="$(cd "$project" && pwd -P)"
  local name="${project##*/}"
  [[ -n "$name" ]] || die "mount a project directory, not \`/\`" 2

  command -v docker >/dev/null 2>&1 \
    || die "\`docker\` is not installed or not on PATH; install Docker first (https://docs.docker.com/get-docker/)"
  docker info >/dev/null 2>&1 \
    || die "the Docker daemon does not answer (\`docker info\` failed); start Docker and try again"

  if ((pull)) || ! docker image inspect "$IMAGE" >/dev/null 2>&1; then
    docker pull "$IMAGE"
  fi

  # -t only with a terminal on stdin, so piped input (CI, tests) still works.
  local interactive=(-i)
  [[ -t 0 ]] && interactive=(-it)

  # No command: the image's entrypoint applies CODEX_ENV_* and then starts `bash --login`.
  exec docker run --rm "${interactive[@]}" \
    -e CODEX_ENV_PYTHON_VERSION=3.13 \
    -e CODEX_ENV_NODE_VERSION=22 \
    -v "$project:/workspace/$name" \
    -w "/workspace/$name" \
    "$IMAGE"
}

main "$@"
