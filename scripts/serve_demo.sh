#!/usr/bin/env bash
# Serve the demo: the task worker in the background, gunicorn in the foreground, both stopped
# together on Ctrl-C.
set -euo pipefail
port=${PORT:-8000}
bin=$(dirname "$0")/../.venv/bin
"$bin/hiwar" db_worker --interval 1 &
worker=$!
trap 'kill $worker 2>/dev/null || true' EXIT INT TERM
echo "Hiwar is at http://127.0.0.1:$port/ (Ctrl-C stops the server and the task worker)"
"$bin/gunicorn" hiwar.wsgi:application --bind "127.0.0.1:$port" --workers 2 --access-logfile -
