#!/usr/bin/env bash
# Builds the app and serves it on http://127.0.0.1:${PORT:-8080}/ (installs what is missing first).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
PORT="${PORT:-8080}"
say "serving on http://127.0.0.1:$PORT/  (press the 'Load demo data' button to start)"
exec trunk serve --release --locked --address 127.0.0.1 --port "$PORT"
