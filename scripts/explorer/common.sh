# Shared by the explorer's browser and load tests: installing Debian
# packages when a command is missing, a free loopback port, and starting
# the explorer in the background (stopped when the script exits).

# install_if_missing COMMAND PACKAGE...: apt-get installs the packages when
# COMMAND is not found (as root, or with sudo).
install_if_missing() {
    local cmd=$1; shift
    command -v "$cmd" >/dev/null 2>&1 && return 0
    command -v apt-get >/dev/null 2>&1 || { echo "$cmd not found and no apt-get to install $*" >&2; return 1; }
    local sudo=""
    [ "$(id -u)" = 0 ] || sudo="sudo -n"
    echo "Installing $* with apt-get..."
    $sudo apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$@" >/dev/null
}

free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# start_explorer BINARY PORT [ARGS...]: starts it on 127.0.0.1:PORT and
# waits (at most 30 s) until GET /api/model answers.
start_explorer() {
    local bin=$1 port=$2; shift 2
    "$bin" "$@" --host 127.0.0.1 --port "$port" > "${EXPLORER_LOG:-/dev/null}" 2>&1 &
    EXPLORER_PID=$!
    trap 'kill $EXPLORER_PID 2>/dev/null || true; wait $EXPLORER_PID 2>/dev/null || true' EXIT
    for _ in $(seq 300); do
        if python3 -c "import urllib.request,sys; urllib.request.urlopen('http://127.0.0.1:$port/api/model', timeout=1)" 2>/dev/null; then return 0; fi
        kill -0 $EXPLORER_PID 2>/dev/null || { echo "the explorer exited at start" >&2; return 1; }
        sleep 0.1
    done
    echo "the explorer did not answer within 30 s" >&2
    return 1
}

# stop_explorer: Ctrl-C (SIGINT), as a person stops it; it must exit 0
# within 5 s.
stop_explorer() {
    kill -INT "$EXPLORER_PID"
    for _ in $(seq 50); do
        kill -0 "$EXPLORER_PID" 2>/dev/null || break
        sleep 0.1
    done
    if kill -0 "$EXPLORER_PID" 2>/dev/null; then
        echo "the explorer did not stop within 5 s of Ctrl-C" >&2
        return 1
    fi
    local status=0
    wait "$EXPLORER_PID" || status=$?
    trap - EXIT
    [ "$status" = 0 ] || { echo "the explorer exited $status after Ctrl-C" >&2; return 1; }
    echo "the explorer stopped cleanly on Ctrl-C"
}
