#!/usr/bin/env bash
# Builds every fuzz target (libFuzzer + AddressSanitizer, optimized, debug assertions on) and runs
# each for SECONDS (default 60); the vector target runs a second time, built with the test-only
# branching factor 4 (`--cfg cowtree_small_branching`: deep trees from short inputs). The committed seeds in fuzz/seeds/<target> are read; new inputs go
# to fuzz/corpus/<target> (not committed). A crash stops the script with a non-zero status and
# leaves the input in fuzz/artifacts/<target>.
#
# `-len_control=0` lets inputs grow to `-max_len` at once: libFuzzer otherwise starts from short
# inputs and lengthens them slowly, so a 60 s run saw sequences of about a dozen operations;
# long sequences reach deep trees, collision nodes and many live snapshots.
#
# Usage: bash fuzz/run.sh [SECONDS] [TARGET...]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
secs=${1:-60}
shift || true
if [ $# -gt 0 ]; then
  targets=("$@")
else
  mapfile -t targets < <(cargo +nightly fuzz list)
fi
for t in "${targets[@]}"; do
  cargo +nightly fuzz build -O -a "$t"
done
run() { # run TARGET CORPUS_NAME [extra cargo-fuzz flags...]
  local t=$1 c=$2
  shift 2
  mkdir -p "corpus/$c" "seeds/$t"
  echo "--- fuzzing $c for ${secs}s"
  cargo +nightly fuzz run -O -a "$@" "$t" "corpus/$c" "seeds/$t" -- \
    -max_total_time="$secs" -max_len=8192 -len_control=0 -timeout=30 -rss_limit_mb=4096 \
    -print_final_stats=1
}
for t in "${targets[@]}"; do
  run "$t" "$t"
  if [ "$t" = vector ]; then
    RUSTFLAGS="--cfg cowtree_small_branching" run vector vector-b4 --target-dir target/small-branching
  fi
done
