#!/usr/bin/env bash
# Serve the demo: the task worker and the hourly reminder scheduler in the background, gunicorn
# in the foreground, all stopped together on Ctrl-C.
set -euo pipefail
port=${PORT:-8000}
bin=$(dirname "$0")/../.venv/bin
"$bin/hiwar" db_worker --interval 1 &
worker=$!
# The scheduler: deadline reminders once an hour (each reminder is sent once).
(while true; do "$bin/hiwar" send_deadline_reminders; sleep 3600; done) &
scheduler=$!
trap 'kill $worker $scheduler 2>/dev/null || true' EXIT INT TERM
echo "Hiwar is at http://127.0.0.1:$port/ (Ctrl-C stops the server and the task worker)"
"$bin/gunicorn" hiwar.wsgi:application --bind "127.0.0.1:$port" --workers 2 --access-logfile -
