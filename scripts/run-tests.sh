#!/bin/bash
# The whole test suite as two pytest sessions side by side (make test):
#   - the tests on the 198.51.100.0/24 test network (marker testnet: the LXC, AD and
#     CTDB labs and the real QEMU guests on the test bridge), which must run one at a
#     time, and
#   - everything else (units, CLI, simulators, real smbd and btrfs, GUI), including the
#     tests that take minutes without the network (marker long).
# The second session's output follows the first's. Exit code: the first non-zero one.
#
# Usage: scripts/run-tests.sh [PYTEST OPTION]...   (run from the repository root)
set -uo pipefail

PY=${PY:-/usr/bin/python3}
pytest=("$PY" -m pytest -q -rs --durations=15 -p no:cacheprovider "$@")

log=$(mktemp /tmp/pvgwt-testnet-XXXXXX.log)
trap 'rm -f "$log"' EXIT

# Its own part of the default account id range (tests/lib/clihost.py agent_config).
PVGWT_ACCOUNT_IDS=2050000-2099999 "${pytest[@]}" -m "testnet" tests >"$log" 2>&1 &
net_pid=$!
"${pytest[@]}" -m "not testnet" tests
rest=$?
wait "$net_pid"
net=$?

printf '\n=== tests on the test network (marker testnet), run alongside ===\n'
cat "$log"

# 5: pytest collected nothing, which an option selecting one part of the suite causes.
for rc in "$rest" "$net"; do
    if [ "$rc" -ne 0 ] && [ "$rc" -ne 5 ]; then exit "$rc"; fi
done
if [ "$rest" -eq 5 ] && [ "$net" -eq 5 ]; then
    echo "make test: no tests collected"
    exit 5
fi
exit 0
