#!/usr/bin/env bash
# make bench, part two: requests per second and p99 of a warm article page
# under load, against two references measured in the same run (DESIGN.md,
# "Budgets"; NOTES.md, "Load on 2 cores"):
#
#   broadsheet  the site itself, serving the article from its page cache
#   bare Go     tests/bench/refserver: net/http writing the same bytes from memory
#   nginx       the same bytes as a static file, gzip_static with a pre-made .gz
#
# Every server is pinned to one core (taskset -c 0) and wrk to the other
# (taskset -c 1); all traffic stays on 127.0.0.1. Misses are reported, not
# fatal: absolute numbers depend on the machine, the ratios are what count.
#
# Knobs (environment): BENCH_DURATION (10s), BENCH_WARMUP (5s),
# BENCH_CONNECTIONS (64), BENCH_THREADS (2), BENCH_SERVER_CPU (0),
# BENCH_CLIENT_CPU (1), GO (go), BENCH_PATH (the page measured: the demo's
# seawall story in English; e.g. /zh-hant/story/san-jiao-zhou-xiao-zhen-hai-di
# or /zh/story/san-jiao-zhou-xiao-zhen-hai-di/bilingual).
set -euo pipefail

cd "$(dirname "$0")/../.."

GO=${GO:-go}
DURATION=${BENCH_DURATION:-10s}
WARMUP=${BENCH_WARMUP:-5s}
CONNS=${BENCH_CONNECTIONS:-64}
THREADS=${BENCH_THREADS:-2}
SERVER_CPU=${BENCH_SERVER_CPU:-0}
CLIENT_CPU=${BENCH_CLIENT_CPU:-1}
EDITION=internal/demo/edition/river-delta-seawall.en.md

# Budgets from DESIGN.md.
BUDGET_VS_GO=0.90
BUDGET_P99_MS=10
BUDGET_GZ_BYTES=$((30 * 1024))

source tests/bench/lib.sh

# --- build and start ---------------------------------------------------------

log "load on this machine before the run: $(cut -d' ' -f1-3 /proc/loadavg) (other work skews the numbers)"
log "building broadsheet and refserver"
CGO_ENABLED=0 "$GO" build -trimpath -ldflags="-s -w" -o "$tmp/broadsheet" ./cmd/broadsheet
CGO_ENABLED=0 "$GO" build -trimpath -ldflags="-s -w" -o "$tmp/refserver" ./tests/bench/refserver

slug=$(sed -n 's/^slug *= *"\(.*\)"$/\1/p' "$EDITION" | head -n1)
[[ -n $slug ]] || die "no slug in $EDITION"
path=${BENCH_PATH:-/en/story/$slug}

bs_port=$(free_port)
log "starting broadsheet on 127.0.0.1:$bs_port (core $SERVER_CPU)"
taskset -c "$SERVER_CPU" "$tmp/broadsheet" --addr "127.0.0.1:$bs_port" --data "$tmp/data" >"$tmp/broadsheet.log" 2>&1 &
pids+=($!)
wait_http "http://127.0.0.1:$bs_port/healthz" broadsheet "${pids[-1]}" "$tmp/broadsheet.log"
bs_url="http://127.0.0.1:$bs_port$path"

# The exact bytes a reader gets, both ways; they feed both references.
fetch "$bs_url" "$tmp/page.html"
fetch "$bs_url" "$tmp/page.html.gz" gzip
grep -qi '^content-encoding: *gzip' "$tmp/page.html.gz.headers" || die "broadsheet did not gzip $path"
gzip -dc "$tmp/page.html.gz" | cmp -s - "$tmp/page.html" || die "gzipped and plain $path differ"
html_bytes=$(stat -c %s "$tmp/page.html")
html_gz_bytes=$(stat -c %s "$tmp/page.html.gz")

ref_port=$(free_port)
log "starting the bare Go reference on 127.0.0.1:$ref_port (core $SERVER_CPU)"
# It sends Broadsheet's own response headers, so the ratio measures the handler, not the headers.
taskset -c "$SERVER_CPU" "$tmp/refserver" -addr "127.0.0.1:$ref_port" -file "$tmp/page.html" -gzip -gzfile "$tmp/page.html.gz" \
	-headers "$tmp/page.html.headers" -gzheaders "$tmp/page.html.gz.headers" >"$tmp/refserver.log" 2>&1 &
pids+=($!)
wait_http "http://127.0.0.1:$ref_port/healthz" refserver "${pids[-1]}" "$tmp/refserver.log"
ref_url="http://127.0.0.1:$ref_port$path"

mkdir -p "$tmp/www$(dirname "$path")"
cp "$tmp/page.html" "$tmp/www$path"
cp "$tmp/page.html.gz" "$tmp/www$path.gz"
touch -r "$tmp/www$path" "$tmp/www$path.gz"
start_nginx "$tmp/www" 64
ngx_url="http://127.0.0.1:$ngx_port$path"
wait_http "$ngx_url" nginx "${pids[-1]}" "$tmp/nginx/logs/error.log"

# All three must send the very same gzipped bytes.
for u in "$ref_url" "$ngx_url"; do
	fetch "$u" "$tmp/check.gz" gzip
	grep -qi '^content-encoding: *gzip' "$tmp/check.gz.headers" || die "$u did not answer gzipped"
	cmp -s "$tmp/check.gz" "$tmp/page.html.gz" || die "$u sends different bytes from broadsheet"
done

# --- load --------------------------------------------------------------------

declare -A rps p99 errs cpu other
runs=0
# run_load NAME URL PID [wrk args]: warm-up, then the measured run.
run_load() {
	local name=$1 url=$2 pid=$3 out="$tmp/wrk-$((runs += 1)).txt" t0 t1 b0 a0 b1 a1 n
	shift 3
	log "$name: warm-up $WARMUP, then $DURATION with $CONNS connections (wrk on core $CLIENT_CPU)"
	wrk_run -t"$THREADS" -c"$CONNS" -d"$WARMUP" "$@" "$url" >/dev/null
	t0=$(cpu_ticks "$pid")
	read -r b0 a0 < <(core_ticks "$SERVER_CPU")
	wrk_run -t"$THREADS" -c"$CONNS" -d"$DURATION" --latency "$@" "$url" >"$out"
	t1=$(cpu_ticks "$pid")
	read -r b1 a1 < <(core_ticks "$SERVER_CPU")
	# Share of the server's core that went to anything but the server: other load skews req/s.
	other[$name]=$(awk -v b=$((b1 - b0)) -v a=$((a1 - a0)) -v s=$((t1 - t0)) 'BEGIN { o = a > 0 ? (b - s) * 100 / a : 0; printf "%.0f", o < 0 ? 0 : o }')
	n=$(awk '/ requests in / { print $1 }' "$out")
	# Server CPU time per request: unlike req/s, barely moved by other load on the machine.
	cpu[$name]=$(awk -v d=$((t1 - t0)) -v n="${n:-0}" -v hz="$CLK_TCK" 'BEGIN { if (n > 0) printf "%.1f", d * 1e6 / hz / n; else printf "n/a" }')
	rps[$name]=$(awk '/^Requests\/sec:/ { printf "%.0f", $2 }' "$out")
	p99[$name]=$(to_ms "$(awk '$1 == "99%" { print $2 }' "$out")")
	errs[$name]=$(awk '/Non-2xx or 3xx responses:/ { n += $NF } /Socket errors:/ { for (i = 4; i <= NF; i += 2) n += $i } END { print n + 0 }' "$out")
	[[ -n ${rps[$name]} ]] || {
		cat "$out" >&2
		die "could not read wrk's output for $name"
	}
}

gz=(-H 'Accept-Encoding: gzip')
run_load broadsheet "$bs_url" "${pids[0]}" "${gz[@]}"
run_load "bare Go" "$ref_url" "${pids[1]}" "${gz[@]}"
run_load nginx "$ngx_url" "${pids[2]}" "${gz[@]}"
# The same page uncompressed (a reader or a script that takes no gzip).
run_load "broadsheet id" "$bs_url" "${pids[0]}"
run_load "bare Go id" "$ref_url" "${pids[1]}"

# --- size --------------------------------------------------------------------

css_gz_bytes=0
css_list=$(grep -o '<link[^>]*rel="stylesheet"[^>]*>' "$tmp/page.html" | sed -n 's/.*href="\([^"]*\)".*/\1/p')
for css in $css_list; do
	[[ $css == /* ]] || die "stylesheet $css is not a local path"
	fetch "http://127.0.0.1:$bs_port$css" "$tmp/style" gzip
	if grep -qi '^content-encoding: *gzip' "$tmp/style.headers"; then
		n=$(stat -c %s "$tmp/style")
	else
		n=$(gzip -9c "$tmp/style" | wc -c)
	fi
	css_gz_bytes=$((css_gz_bytes + n))
done
page_gz_bytes=$((html_gz_bytes + css_gz_bytes))

# --- report ------------------------------------------------------------------

go_rps=${rps["bare Go"]}
ngx_rps=${rps[nginx]}
echo
echo "Warm article page $path"
echo "wrk -t$THREADS -c$CONNS -d$DURATION --latency, Accept-Encoding: gzip; servers on core $SERVER_CPU, wrk on core $CLIENT_CPU; $html_gz_bytes bytes per response"
echo
printf '%-14s %10s %10s %11s %10s %8s %11s %11s\n' server "req/s" "p99 ms" "vs bare Go" "vs nginx" errors "CPU us/req" "other load"
printf '%-14s %10s %10s %11s %10s %8s %11s %11s\n' -------------- ---------- ---------- ----------- ---------- -------- ----------- -----------
noisy=0
for name in broadsheet "bare Go" nginx "broadsheet id" "bare Go id"; do
	base=$go_rps
	[[ $name == *" id" ]] && base=${rps["bare Go id"]}
	vs_n="$(ratio "${rps[$name]}" "$ngx_rps")x"
	[[ $name == *" id" ]] && vs_n=-
	printf '%-14s %10s %10s %10sx %10s %8s %11s %10s%%\n' "$name" "${rps[$name]}" "${p99[$name]}" \
		"$(ratio "${rps[$name]}" "$base")" "$vs_n" "${errs[$name]}" "${cpu[$name]}" "${other[$name]}"
	((${other[$name]} <= 10)) || noisy=1
done
echo "id: the same page uncompressed, against the bare server sending the same bytes and headers."
echo "CPU us/req: the server's CPU time per request, which other load on the machine hardly moves."
echo "other load: the share of core $SERVER_CPU spent on anything but the server during its run."

vs_go=$(ratio "${rps[broadsheet]}" "$go_rps")
vs_ngx=$(ratio "${rps[broadsheet]}" "$ngx_rps")
p99_ms=${p99[broadsheet]}
if awk -v a="$p99_ms" -v b="$BUDGET_P99_MS" 'BEGIN { exit !(a != "nan" && a + 0 <= b + 0) }'; then p99_v=PASS; else p99_v=MISS; fi
if ((page_gz_bytes <= BUDGET_GZ_BYTES)); then size_v=PASS; else size_v=MISS; fi
if [[ ${errs[broadsheet]} != 0 || ${errs["broadsheet id"]} != 0 ]]; then err_v=MISS; else err_v=PASS; fi

echo
echo "Budgets (DESIGN.md)"
printf '%-44s %-22s %s\n' budget measured result
printf '%-44s %-22s %s\n' -------------------------------------------- ---------------------- ------
printf '%-44s %-22s %s\n' "warm article >= ${BUDGET_VS_GO}x bare Go, req/s" "${vs_go}x" "$(verdict "$vs_go" "$BUDGET_VS_GO")"
vs_go_id=$(ratio "${rps["broadsheet id"]}" "${rps["bare Go id"]}")
printf '%-44s %-22s %s\n' "  uncompressed, >= ${BUDGET_VS_GO}x bare Go" "${vs_go_id}x" "$(verdict "$vs_go_id" "$BUDGET_VS_GO")"
printf '%-44s %-22s %s\n' "warm article vs nginx static (a reference)" "${vs_ngx}x" "-"
cpu_vs_go=$(ratio "${cpu["bare Go"]}" "${cpu[broadsheet]}")
cpu_vs_ngx=$(ratio "${cpu[nginx]}" "${cpu[broadsheet]}")
printf '%-44s %-22s %s\n' "  cross-check, CPU per request vs bare Go" "${cpu_vs_go}x" "$(verdict "$cpu_vs_go" "$BUDGET_VS_GO")"
printf '%-44s %-22s %s\n' "  CPU per request vs nginx (a reference)" "${cpu_vs_ngx}x" "-"
printf '%-44s %-22s %s\n' "p99 <= ${BUDGET_P99_MS} ms at $CONNS connections" "$p99_ms ms" "$p99_v"
err_total=$((${errs[broadsheet]} + ${errs["broadsheet id"]}))
printf '%-44s %-22s %s\n' "no errors or non-2xx responses under load" "$err_total" "$err_v"
printf '%-44s %-22s %s\n' "article HTML+CSS gzipped <= 30 KB" \
	"$(awk -v n="$page_gz_bytes" 'BEGIN { printf "%.1f KB", n / 1024 }')" "$size_v"
printf '  HTML %d bytes (%d gzipped) + CSS %d gzipped = %d bytes of %d\n' \
	"$html_bytes" "$html_gz_bytes" "$css_gz_bytes" "$page_gz_bytes" "$BUDGET_GZ_BYTES"
echo
echo "Ratios come from one run; absolute req/s vary from machine to machine."
if ((noisy)); then
	echo "WARNING: other processes took over 10% of the server's core during a run, so req/s, their"
	echo "ratios and p99 are unreliable; trust the CPU-per-request cross-check, or rerun on an idle machine."
fi
