#!/usr/bin/env bash
# The explorer in a real browser: Debian's chromium and chromedriver
# (installed when missing) open the page, change a PUE, wait for the
# headline, and check it equals the CLI's figure for the same --set; then a
# refused value must show its message next to the input. Saves a
# screenshot to .build/explorer-test/page.png.
#   scripts/explorer/browser-test.sh EXPLORER_BINARY   (FOOTPRINT_BIN: the footprint binary)
set -euo pipefail
cd "$(dirname "$0")/../.."
. scripts/explorer/common.sh
bin=${1:?usage: browser-test.sh EXPLORER_BINARY}
install_if_missing chromium chromium
install_if_missing chromedriver chromium-driver
port=$(free_port)
driver_port=$(free_port)
mkdir -p .build/explorer-test
EXPLORER_LOG=.build/explorer-test/explorer.log start_explorer "$bin" "$port"
chromedriver --port="$driver_port" > .build/explorer-test/chromedriver.log 2>&1 &
driver=$!
trap 'kill $EXPLORER_PID $driver 2>/dev/null; wait 2>/dev/null' EXIT
timeout 180 python3 scripts/explorer/browser_test.py "http://127.0.0.1:$port" "http://127.0.0.1:$driver_port" \
    "${FOOTPRINT_BIN:-.build/release/footprint}" .build/explorer-test/page.png
