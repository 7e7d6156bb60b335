#!/usr/bin/env bash
# Compares Lighthouse's performance score of one page on two running builds,
# run by run in turn (A, B, A, B …), so that whatever else the machine is
# doing falls on both alike. Lighthouse's score on a 2-core VM moves by 1–2
# points from run to run, and by more from hour to hour, so a change is only
# measured against the build before it, interleaved, never against yesterday's
# number.
#
#   tests/bench/lighthouse-ab.sh RUNS PATH BASE_A BASE_B
#   e.g. tests/bench/lighthouse-ab.sh 8 /zh/story/san-jiao-zhou-xiao-zhen-hai-di \
#          http://127.0.0.1:18181 http://127.0.0.1:18183
#
# Start the two builds first, each on its own copy of a data directory
# (bin/broadsheet --data DIR --addr 127.0.0.1:PORT). Needs `make test-deps`
# (Chromium and the checkers' node_modules). One line per run: the build,
# score, total blocking time, speed index, and the first contentful paint
# Lighthouse observed before simulating the throttled phone; then each
# build's tally.
set -euo pipefail

cd "$(dirname "$0")/../.."
if [ $# -ne 4 ]; then
	sed -n '9,11p' "$0" >&2
	exit 2
fi
runs=$1 path=$2
lighthouse=tests/checkers/node_modules/lighthouse/cli/index.js
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

for i in $(seq "$runs"); do
	for build in A B; do
		base=$3
		[ "$build" = B ] && base=$4
		CHROME_PATH=$(command -v chromium) node "$lighthouse" "$base$path" --quiet \
			--output=json --output-path="$out/run.json" --only-categories=performance \
			"--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage"
		python3 - "$build" "$out/run.json" <<'PY' | tee -a "$out/all"
import json, sys
r = json.load(open(sys.argv[2]))
a = r["audits"]
m = a["metrics"]["details"]["items"][0]
print(sys.argv[1], round(r["categories"]["performance"]["score"] * 100),
      "TBT", round(a["total-blocking-time"]["numericValue"]),
      "SI", round(a["speed-index"]["numericValue"]),
      "observedFCP", m.get("observedFirstContentfulPaint"))
PY
	done
done
awk '{n[$1]++; if ($2 == 100) top[$1]++; tbt[$1] += $4}
	END {for (b in n) printf "%s: 100 in %d of %d runs, mean blocking time %.0f ms\n", b, top[b], n[b], tbt[b] / n[b]}' "$out/all" | sort
