#!/usr/bin/env bash
# End-to-end check of the launcher: ./jasyncio builds what it needs, runs the Tour (on virtual time,
# so it takes a JVM start, not 7 s) and answers --version and --help. Run from anywhere:
#   examples/check-launcher.sh
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

fail() {
    echo "check-launcher: FAIL: $*" >&2
    exit 1
}

./jasyncio --version | grep -q '^jasyncio ' || fail "--version"
./jasyncio --help | grep -q 'run' || fail "--help does not list run"

out="$(./jasyncio run examples/Tour.java --virtual-time)" || fail "the Tour exited with $?"
for expected in "ASYNCHRONOUS PROGRAMMING PRACTICE" "Time: 1.00s" "Time: 0.50s (concurrent)" "PRACTICE COMPLETE!" \
        "TOTAL                                     6.80s"; do
    grep -qF "$expected" <<<"$out" || fail "the Tour's output lacks: $expected"
done

# Through the CLI's own run (a child JVM), with an option of the program after the file.
out="$(./jasyncio run --engine=virtual examples/Tour.java --virtual-time)" || fail "run --engine=virtual exited with $?"
grep -qF "PRACTICE COMPLETE!" <<<"$out" || fail "run --engine=virtual: no PRACTICE COMPLETE!"

if ./jasyncio run examples/NoSuchExample.java 2>/dev/null; then
    fail "a missing file did not fail"
fi
echo "check-launcher: OK"
