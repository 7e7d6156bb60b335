#!/usr/bin/env bash
# make bench-longtail: Broadsheet at archive scale (DESIGN.md, "Budgets").
#
# Over the 100 000-story corpus in bench-data/ (make bench-corpus makes it
# once), three loads, each against a freshly started server so its peak RSS
# is its own:
#
#   long tail  every request a uniformly random story page out of N (20 000),
#              gzip accepted, browser User-Agent — a crawler walking the
#              archive — against nginx serving the same pages as static files
#              with pre-made .gz (what a static-site generator behind nginx is)
#   warm       one story page, over and over (the page cache's best case)
#   mixed      half hot pages (front pages, newest stories), half long tail,
#              codings mixed (br, gzip, identity)
#   first      the long tail again, but as the first crawl after an upgrade:
#              every story's stored parts are out of date and are made again
#              (another --base-url is another build; see internal/web/parts.go)
#
# Before the loads, the mirror step requests every picked page, so the long
# tail, warm and mixed loads find each story's parts stored: a crawler walks
# an archive that was rendered once per change, not once per request.
#
# Servers are pinned to one core (taskset -c 0, so GOMAXPROCS=1), wrk to the
# other: wrk -t1 -c64 --timeout 2s --latency. It prints req/s, the ratio to
# nginx, p99, timeouts, non-2xx responses and Broadsheet's peak RSS (VmHWM),
# and marks each budget PASS or MISS. It reports; it does not fail on a miss.
#
# Knobs (environment): BENCH_DATA (bench-data), BENCH_PAGES (20000),
# BENCH_DURATION (10s), BENCH_WARMUP (5s), BENCH_CONNECTIONS (64),
# BENCH_SERVER_CPU (0), BENCH_CLIENT_CPU (1), GO (go).
set -euo pipefail

cd "$(dirname "$0")/../.."

GO=${GO:-go}
DATA=${BENCH_DATA:-bench-data}
PAGES=${BENCH_PAGES:-20000}
DURATION=${BENCH_DURATION:-10s}
WARMUP=${BENCH_WARMUP:-5s}
CONNS=${BENCH_CONNECTIONS:-64}
SERVER_CPU=${BENCH_SERVER_CPU:-0}
CLIENT_CPU=${BENCH_CLIENT_CPU:-1}

# Budgets from DESIGN.md.
BUDGET_VS_NGINX=0.05
AIM_VS_NGINX=0.10
BUDGET_P99_MS=50
BUDGET_RSS_MB=80

source tests/bench/lib.sh

[[ -f $DATA/broadsheet.db ]] || die "no corpus in $DATA: run make bench-corpus first"

log "load on this machine before the run: $(cut -d' ' -f1-3 /proc/loadavg) (other work skews the numbers)"
log "building broadsheet and the mirror tool"
CGO_ENABLED=0 "$GO" build -trimpath -ldflags="-s -w" -o "$tmp/broadsheet" ./cmd/broadsheet
"$GO" build -o "$tmp/longtail" ./tests/bench/longtail

# start_broadsheet CPU [FLAGS]: a fresh server on $DATA (bs_port, bs_pid).
start_broadsheet() {
	local cpu=$1
	shift
	bs_port=$(free_port)
	# One base URL for every start (later flags override it): stored parts are
	# made for a build and a base URL, and a port picked afresh would be a new one.
	taskset -c "$cpu" "$tmp/broadsheet" --addr "127.0.0.1:$bs_port" --data "$DATA" \
		--base-url http://longtail.invalid "$@" >"$tmp/broadsheet.log" 2>&1 &
	bs_pid=$!
	pids+=("$bs_pid")
	# The first start on a corpus from an older build migrates it (indexes
	# over 100 000 stories): minutes, not seconds.
	wait_http "http://127.0.0.1:$bs_port/healthz" broadsheet "$bs_pid" "$tmp/broadsheet.log" 900
}

stop_broadsheet() {
	kill -TERM "$bs_pid" 2>/dev/null || true
	wait "$bs_pid" 2>/dev/null || true
}

# peak_rss_mb PID: the process's peak resident set so far, in MB.
peak_rss_mb() {
	awk '/^VmHWM:/ { printf "%.1f", $2 / 1024 }' "/proc/$1/status"
}

# --- the pages ---------------------------------------------------------------

# Both cores for the mirror: it fetches every chosen page twice.
start_broadsheet 0-1
log "picking $PAGES story pages from the sitemaps and mirroring them for nginx"
"$tmp/longtail" -base "http://127.0.0.1:$bs_port" -n "$PAGES" -www "$tmp/www" -paths "$tmp/paths.txt"
# Hot pages for the mixed load: both front pages and the newest stories.
{
	echo /en/
	echo /zh/
	curl -fsS "http://127.0.0.1:$bs_port/en/" "http://127.0.0.1:$bs_port/zh/" |
		grep -o 'href="/[a-z]*/story/[^"]*"' | sed 's/^href="//; s/"$//' | sort -u
} >"$tmp/hot.txt"
hot_page=$(sed -n 3p "$tmp/hot.txt")
stop_broadsheet
mirror_bytes=$(du -sb "$tmp/www" | cut -f1)

# --- load --------------------------------------------------------------------

# load NAME URL MODE: warm-up, then the measured run; sets rps, p99, timeouts, non2xx.
load() {
	local out="$tmp/wrk-$1.txt" script=() 
	[[ $3 != warm ]] && script=(-s tests/bench/crawl.lua)
	local args=(-t1 -c"$CONNS" --timeout 2s "${script[@]}")
	local tail=()
	[[ $3 != warm ]] && tail=(-- "$tmp/paths.txt" "$3" "$tmp/hot.txt")
	log "$1: warm-up $WARMUP, then $DURATION with $CONNS connections (wrk on core $CLIENT_CPU)"
	wrk_run "${args[@]}" -d"$WARMUP" -H 'Accept-Encoding: gzip' "$2" "${tail[@]}" >/dev/null
	wrk_run "${args[@]}" -d"$DURATION" --latency -H 'Accept-Encoding: gzip' "$2" "${tail[@]}" >"$out"
	rps=$(awk '/^Requests\/sec:/ { printf "%.0f", $2 }' "$out")
	p99=$(to_ms "$(awk '$1 == "99%" { print $2 }' "$out")")
	timeouts=$(awk '/Socket errors:/ { print $NF + 0 } END { }' "$out")
	timeouts=${timeouts:-0}
	non2xx=$(awk '/Non-2xx or 3xx responses:/ { print $NF + 0 }' "$out")
	non2xx=${non2xx:-0}
	[[ -n $rps ]] || {
		cat "$out" >&2
		die "could not read wrk's output for $1"
	}
}

declare -A R P T N M
start_nginx "$tmp/www" $((PAGES * 2))
ngx_pid=${pids[-1]}
wait_http "http://127.0.0.1:$ngx_port$(head -n1 "$tmp/paths.txt")" nginx "$ngx_pid" "$tmp/nginx/logs/error.log"
load nginx "http://127.0.0.1:$ngx_port/" longtail
R[nginx]=$rps P[nginx]=$p99 T[nginx]=$timeouts N[nginx]=$non2xx M[nginx]=-
# Off the server core before Broadsheet's runs.
kill -TERM "$ngx_pid" 2>/dev/null || true
wait "$ngx_pid" 2>/dev/null || true

for run in longtail warm mixed first; do
	flags=()
	[[ $run == first ]] && flags=(--base-url "http://first-crawl.invalid")
	start_broadsheet "$SERVER_CPU" "${flags[@]}"
	url="http://127.0.0.1:$bs_port/"
	[[ $run == warm ]] && url="http://127.0.0.1:$bs_port$hot_page"
	mode=$run
	[[ $run == first ]] && mode=longtail
	load "$run" "$url" "$mode"
	R[$run]=$rps P[$run]=$p99 T[$run]=$timeouts N[$run]=$non2xx M[$run]=$(peak_rss_mb "$bs_pid")
	stop_broadsheet
done

# --- report ------------------------------------------------------------------

echo
echo "Archive-scale load over $DATA: $PAGES story pages picked uniformly from the sitemaps"
echo "wrk -t1 -c$CONNS -d$DURATION --timeout 2s --latency; servers on core $SERVER_CPU, wrk on core $CLIENT_CPU"
echo "static twin: $(awk -v b="$mirror_bytes" 'BEGIN { printf "%.0f MB", b / 1e6 }') of pages and .gz files under nginx"
echo
printf '%-26s %10s %10s %9s %9s %8s %10s\n' load "req/s" "vs nginx" "p99 ms" timeouts non-2xx "peak RSS"
printf '%-26s %10s %10s %9s %9s %8s %10s\n' -------------------------- ---------- ---------- --------- --------- -------- ----------
for run in nginx longtail warm mixed first; do
	case $run in
	nginx) name="nginx, long tail (static)" ;;
	longtail) name="broadsheet, long tail" ;;
	warm) name="broadsheet, warm page" ;;
	mixed) name="broadsheet, mixed" ;;
	first) name="broadsheet, first crawl" ;;
	esac
	vs=$(ratio "${R[$run]}" "${R[nginx]}")
	[[ $run == warm || $run == mixed ]] && vs=-
	printf '%-26s %10s %10s %9s %9s %8s %10s\n' "$name" "${R[$run]}" "$vs" "${P[$run]}" "${T[$run]}" "${N[$run]}" "${M[$run]} MB"
done

lt_vs=$(ratio "${R[longtail]}" "${R[nginx]}")
rss_max=$(printf '%s\n' "${M[longtail]}" "${M[warm]}" "${M[mixed]}" "${M[first]}" | sort -g | tail -n1)
le() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a != "nan" && a + 0 <= b + 0) }'; }
echo
echo "Budgets (DESIGN.md)"
printf '%-46s %-12s %s\n' budget measured result
printf '%-46s %-12s %s\n' ---------------------------------------------- ------------ ------
printf '%-46s %-12s %s\n' "long tail >= ${BUDGET_VS_NGINX}x nginx static, req/s" "${lt_vs}x" "$(verdict "$lt_vs" "$BUDGET_VS_NGINX")"
printf '%-46s %-12s %s\n' "  aim: >= ${AIM_VS_NGINX}x" "${lt_vs}x" "$(verdict "$lt_vs" "$AIM_VS_NGINX")"
printf '%-46s %-12s %s\n' "long tail p99 <= ${BUDGET_P99_MS} ms at $CONNS connections" "${P[longtail]} ms" "$(le "${P[longtail]}" "$BUDGET_P99_MS" && echo PASS || echo MISS)"
bad_t=$((T[longtail] + T[warm] + T[mixed] + T[first]))
bad_n=$((N[longtail] + N[warm] + N[mixed] + N[first]))
printf '%-46s %-12s %s\n' "no timeouts, no non-2xx (every Broadsheet load)" "$bad_t / $bad_n" \
	"$( ((bad_t + bad_n == 0)) && echo PASS || echo MISS)"
printf '%-46s %-12s %s\n' "peak RSS <= ${BUDGET_RSS_MB} MB (every Broadsheet load)" "$rss_max MB" "$(le "$rss_max" "$BUDGET_RSS_MB" && echo PASS || echo MISS)"
echo
echo "Ratios come from one run; absolute req/s vary from machine to machine."
