#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The hardening runs (issue 7), called by scripts/test.sh after the main and
# ASan/UBSan runs; each leaves a meson testlog.json that test.sh counts:
#   build/fuzz      clang, every libFuzzer target for a bounded time (suite fuzz)
#   build/tsan      ThreadSanitizer over the core suites (core, fft, methods,
#                   deconv)
#   build/valgrind  valgrind memcheck over suites core, deconv and kernels: no
#                   leak, no invalid access, no use of unwritten memory
# Both tools run code 10-50x slower: KCV_TEST_SMALL=1 has the longest tests
# use smaller images that still reach every path (tests/common/kcv-test.h).
# Exits non-zero when any run fails. KCV_EXTRA=fuzz,tsan,valgrind picks runs.
set -uo pipefail
cd "$(dirname "$0")/.."
top=$PWD
runs=${KCV_EXTRA:-fuzz,tsan,valgrind}
failed=0

want() {
  case ",$runs," in *",$1,"*) return 0 ;; esac
  return 1
}

note_failure() {
  echo "test-extra.sh: $1" >&2
  failed=1
}

# Every build is configured from scratch, without the plug-in or the dialog:
# these runs are about the core and the kernel files.
setup() {
  local dir=$1
  shift
  rm -rf "$dir"
  meson setup "$dir" -Dplugin=disabled -Dui=disabled -Dgimp_tests=disabled "$@" >/dev/null ||
    { note_failure "meson setup of $dir failed (see $dir/meson-logs/meson-log.txt)"; return 1; }
  ninja -C "$dir" >/dev/null || { note_failure "build of $dir failed"; return 1; }
}

if want fuzz; then
  # The fuzz targets add -fsanitize=fuzzer,address,undefined themselves (and
  # build an instrumented copy of the core), so b_sanitize stays off: meson
  # would otherwise add the flags to every target, the plain tools included.
  # No --werror: clang warns about the core's GCC-style target_clones list.
  if CC=clang setup "$top/build/fuzz" --buildtype=debugoptimized -Dfuzz=true -Dtests=disabled; then
    meson test -C "$top/build/fuzz" --suite fuzz --print-errorlogs ||
      note_failure "fuzz run failed (inputs kept in build/fuzz/fuzz/crashes/)"
  fi
fi

if want tsan; then
  if setup "$top/build/tsan" --buildtype=debugoptimized --werror -Db_sanitize=thread \
    -Db_lundef=false; then
    TSAN_OPTIONS=${TSAN_OPTIONS:-halt_on_error=1 second_deadlock_stack=1} KCV_TEST_SMALL=1 \
      meson test -C "$top/build/tsan" --suite core --suite fft --suite methods --suite deconv \
      --no-suite slow --print-errorlogs --num-processes "$(nproc)" --timeout-multiplier 4 ||
      note_failure "ThreadSanitizer run failed"
  fi
fi

if want valgrind; then
  # -O2 -g: memcheck is 20-50x slower than native, so the optimised build
  # keeps this run to minutes. The thread and cancel tests only repeat the
  # same paths on more threads for a long time (ThreadSanitizer and ASan
  # cover them; the other tests run on every core by default, the 1500x1000
  # scenes of core-hdr in many tiles) and are skipped: even at
  # KCV_TEST_SMALL's size the thread test took over 5 minutes of CPU here. KCV_ALLOC_PLAIN=1: the deconvolution's
  # planes on malloc, which memcheck tracks (fresh mappings read as written
  # zeros to it).
  if setup "$top/build/valgrind" --buildtype=debugoptimized --werror; then
    vg="valgrind --error-exitcode=1 --leak-check=full --show-leak-kinds=definite,indirect"
    vg+=" --errors-for-leak-kinds=definite,indirect --track-fds=no --quiet"
    vg+=" --suppressions=$top/tests/hardening/valgrind.supp"
    skip="-s /core/threads/bit-identical -s /core/progress/cancel -s /core/sweep/all-sizes"
    skip+=" -s /core/interleaved/streamed-output -s /core/interleaved/streamed-reference" # 64 MiB images: ASan covers them
    skip+=" -s /core/nonfinite/issue-counts" # 1500x1000 images, 51x51 im2col: ASan covers them
    # Suites run side by side: memcheck runs a program's threads one at a time.
    KCV_TEST_SMALL=1 KCV_ALLOC_PLAIN=1 meson test -C "$top/build/valgrind" --suite core \
      --suite deconv --suite kernels --no-suite slow --print-errorlogs --num-processes "$(nproc)" \
      --timeout-multiplier 10 --wrap="$vg" --test-args="$skip" ||
      note_failure "valgrind memcheck run failed"
    # meson names the log after the wrapper; test.sh reads testlog.json.
    cp "$top/build/valgrind/meson-logs/testlog-valgrind.json" \
      "$top/build/valgrind/meson-logs/testlog.json" 2>/dev/null
  fi
fi

exit "$failed"
