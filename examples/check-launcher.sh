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

# Start-up caches (issue 14): the AOT cache of jasyncio's classes exists after a build, a program is
# compiled once into .jasyncio/programs and run from there, an edit compiles afresh, a program that
# needs files beside it runs through the source launcher, and JASYNCIO_NO_CACHE=1 uses neither cache.
[[ -f .jasyncio/lib/jasyncio.aot ]] || fail "no AOT cache in .jasyncio/lib after the build (see .jasyncio/build.log)"
grep -qx Tour .jasyncio/programs/*/main-class || fail "the Tour's classes are not in .jasyncio/programs"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cat >"$work/Greeting.java" <<'JAVA'
import org.jasyncio.Asyncio;
public class Greeting {
    public static void main(String[] args) throws Exception {
        Asyncio.run(() -> System.out.println("hello " + String.join(",", args)));
    }
}
JAVA
[[ "$(./jasyncio run "$work/Greeting.java" a b 2>&1)" == "hello a,b" ]] || fail "the first run of Greeting"
entries="$(ls .jasyncio/programs | wc -l)"
[[ "$(./jasyncio run "$work/Greeting.java" c 2>&1)" == "hello c" ]] || fail "the cached run of Greeting"
[[ "$(ls .jasyncio/programs | wc -l)" == "$entries" ]] || fail "the second run compiled again"
sed -i 's/hello /hi /' "$work/Greeting.java"
[[ "$(./jasyncio run "$work/Greeting.java" d 2>&1)" == "hi d" ]] || fail "an edited program ran its old classes"
cat >"$work/Multi.java" <<'JAVA'
public class Multi {
    public static void main(String[] args) {
        System.out.println(Helper.greet());
    }
}
JAVA
cat >"$work/Helper.java" <<'JAVA'
public class Helper {
    static String greet() {
        return "from the file beside it";
    }
}
JAVA
[[ "$(./jasyncio run "$work/Multi.java" 2>&1)" == "from the file beside it" ]] || fail "a two-file program (source launcher)"
[[ "$(JASYNCIO_NO_CACHE=1 ./jasyncio run "$work/Greeting.java" e 2>&1)" == "hi e" ]] || fail "JASYNCIO_NO_CACHE=1"
echo "check-launcher: OK"
