#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Runs every kcv test: installs what is missing, builds with warnings as
# errors, runs all suites (core, methods, fft, kernels, ui under Xvfb, gimp
# end-to-end, gimp3: GIMP 3 in a cached Debian 13 root), then the core
# suites again under AddressSanitizer +
# UndefinedBehaviorSanitizer, then scripts/test-extra.sh (libFuzzer, ThreadSanitizer,
# valgrind). Ends with one line: "N passed, N failed, N skipped".
set -uo pipefail
cd "$(dirname "$0")/.."
top=$PWD

bash scripts/deps.sh || { echo "0 passed, 1 failed"; exit 1; }

fail_setup() {
  echo "test.sh: $1" >&2
  echo "0 passed, 1 failed"
  exit 1
}

build=$top/build/test
asan=$top/build/asan
jobs=$(nproc)

# Reconfigure from scratch each time so stale options never hide a problem.
rm -rf "$build" "$asan"
meson setup "$build" --buildtype=release --werror -Dgimp_tests=enabled >/dev/null ||
  fail_setup "meson setup failed (see $build/meson-logs/meson-log.txt)"
ninja -C "$build" || fail_setup "build failed"
meson setup "$asan" --buildtype=debugoptimized --werror -Db_sanitize=address,undefined \
  -Db_lundef=false -Dplugin=disabled -Dui=disabled >/dev/null ||
  fail_setup "meson setup of the sanitizer build failed"
ninja -C "$asan" || fail_setup "sanitizer build failed"

meson test -C "$build" --print-errorlogs --num-processes "$jobs"
meson test -C "$asan" --print-errorlogs --num-processes "$jobs" --no-suite slow \
  --no-suite gimp --no-suite gimp3 --no-suite ui

# Hardening: libFuzzer on every parser, ThreadSanitizer, valgrind memcheck.
extra_rc=0
bash scripts/test-extra.sh || extra_rc=$?
extra_logs=()
for d in fuzz tsan valgrind; do
  extra_logs+=("$top/build/$d/meson-logs/testlog.json")
done

# Count from meson's own results: one per meson test.
python3 - "$extra_rc" "$build/meson-logs/testlog.json" "$asan/meson-logs/testlog.json" \
  "${extra_logs[@]}" <<'PY'
import json, sys
passed = failed = skipped = 0
if sys.argv[1] != "0":
    # test-extra.sh failed; its failing runs are counted from their logs
    # below, and a run that left no log is counted here.
    print(f"test-extra.sh exited with {sys.argv[1]}")
for path in sys.argv[2:]:
    try:
        lines = open(path).read().splitlines()
    except OSError:
        failed += 1
        print(f"missing {path}")
        continue
    for line in lines:
        r = json.loads(line)
        res = r.get("result")
        if res in ("OK", "EXPECTEDFAIL"):
            passed += 1
        elif res == "SKIP":
            skipped += 1
            # The reason: the TAP plan's "1..0 # SKIP why" (a missing tool).
            why = [l.split("# SKIP", 1)[1].strip() for l in (r.get("stdout") or "").splitlines()
                   if l.startswith("1..0") and "# SKIP" in l]
            print(f"skipped: {r.get('name')}: {why[0] if why else 'see the test log'}")
        else:
            failed += 1
            print(f"FAILED: {r.get('name')} ({res}) in {path}")
if sys.argv[1] != "0" and failed == 0:
    failed += 1  # a failure no log recorded
print(f"{passed} passed, {failed} failed, {skipped} skipped")
sys.exit(1 if failed else 0)
PY
