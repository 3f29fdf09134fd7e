#!/usr/bin/env bash
# A 30-second load test of POST /api/run (2,000 draws of the default
# scenario, as the page asks) with wrk (installed when missing): 8
# connections on loopback only. Fails on any socket error or non-200
# answer; prints wrk's latency percentiles. Then Ctrl-C must stop the
# explorer cleanly (exit 0).
#   scripts/explorer/load-test.sh EXPLORER_BINARY [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/../.."
. scripts/explorer/common.sh
bin=${1:?usage: load-test.sh EXPLORER_BINARY [SECONDS]}
seconds=${2:-30}
install_if_missing wrk wrk
port=$(free_port)
mkdir -p .build/explorer-test
EXPLORER_LOG=.build/explorer-test/explorer-load.log start_explorer "$bin" "$port"
out=$(timeout $((seconds + 30)) wrk -t2 -c8 -d"${seconds}s" --timeout 10s --latency -s scripts/explorer/run.lua "http://127.0.0.1:$port/api/run")
echo "$out"
if echo "$out" | grep -q -E "Non-2xx|Socket errors"; then
    echo "load test: errors under load (above)" >&2
    exit 1
fi
echo "$out" | grep -q "requests in" || { echo "load test: wrk printed no result" >&2; exit 1; }
echo "load test: no errors"
stop_explorer
