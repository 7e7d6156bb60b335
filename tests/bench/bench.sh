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
# BENCH_CLIENT_CPU (1), GO (go).
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
BUDGET_VS_NGINX=0.65
BUDGET_P99_MS=10
BUDGET_GZ_BYTES=$((30 * 1024))

log() { printf '==> %s\n' "$*" >&2; }
die() {
	printf 'bench: %s\n' "$*" >&2
	exit 1
}

# --- tools -------------------------------------------------------------------

export PATH="$PATH:/usr/sbin:/sbin"
missing=()
command -v wrk >/dev/null 2>&1 || missing+=(wrk)
command -v nginx >/dev/null 2>&1 || missing+=(nginx-light)
command -v curl >/dev/null 2>&1 || missing+=(curl)
command -v taskset >/dev/null 2>&1 || missing+=(util-linux)
command -v gzip >/dev/null 2>&1 || missing+=(gzip)
if ((${#missing[@]})); then
	[[ $(id -u) -eq 0 ]] || die "missing ${missing[*]}: run as root (as in CI) or install them: apt-get install ${missing[*]}"
	log "installing ${missing[*]}"
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi
nginx -V 2>&1 | grep -q -- --with-http_gzip_static_module || die "this nginx lacks gzip_static (install nginx-light)"
[[ $(id -u) -eq 0 ]] || die "run as root: nginx runs as root here, with its pid and logs in a temp dir"

cpus=$(nproc)
if ((cpus < 2)); then
	log "WARNING: only $cpus CPU; wrk shares the server's core and the ratios mean little"
	CLIENT_CPU=$SERVER_CPU
fi

# --- clean-up ----------------------------------------------------------------

tmp=$(mktemp -d "${TMPDIR:-/tmp}/broadsheet-bench.XXXXXX")
pids=()
cleanup() {
	local pid i
	for pid in "${pids[@]}"; do
		kill -TERM "$pid" 2>/dev/null || true
	done
	for pid in "${pids[@]}"; do
		for ((i = 0; i < 50; i++)); do
			kill -0 "$pid" 2>/dev/null || break
			sleep 0.1
		done
		kill -KILL "$pid" 2>/dev/null || true
		wait "$pid" 2>/dev/null || true
	done
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# --- helpers -----------------------------------------------------------------

# free_port prints a loopback port nothing is listening on.
free_port() {
	local p i
	for ((i = 0; i < 200; i++)); do
		p=$((20000 + RANDOM % 40000))
		if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
			echo "$p"
			return 0
		fi
	done
	die "no free port found"
}

# wait_http URL NAME PID LOG: wait up to 10 s for URL to answer.
wait_http() {
	local i
	for ((i = 0; i < 100; i++)); do
		curl -fsS -o /dev/null --max-time 1 "$1" 2>/dev/null && return 0
		kill -0 "$3" 2>/dev/null || {
			cat "$4" >&2 || true
			die "$2 exited before serving"
		}
		sleep 0.1
	done
	cat "$4" >&2 || true
	die "$2 did not answer $1 within 10 s"
}

# fetch URL OUT [gzip]: save the raw body (still gzipped when asked for gzip).
fetch() {
	local hdr=()
	[[ ${3:-} == gzip ]] && hdr=(-H 'Accept-Encoding: gzip')
	curl -fsS --max-time 5 "${hdr[@]}" -D "$2.headers" -o "$2" "$1"
}

# wrk_run ARGS...: wrk on the client core, in the background so a signal
# reaches the clean-up at once and stops wrk too.
wrk_run() {
	taskset -c "$CLIENT_CPU" wrk "$@" &
	local p=$!
	pids+=("$p")
	wait "$p"
	unset 'pids[-1]'
}

# to_ms turns wrk's latency (850.00us, 2.31ms, 1.02s) into milliseconds.
to_ms() {
	awk -v v="$1" 'BEGIN {
		if (v ~ /us$/) { sub(/us$/, "", v); printf "%.3f", v / 1000 }
		else if (v ~ /ms$/) { sub(/ms$/, "", v); printf "%.3f", v }
		else if (v ~ /m$/) { sub(/m$/, "", v); printf "%.3f", v * 60000 }
		else if (v ~ /s$/) { sub(/s$/, "", v); printf "%.3f", v * 1000 }
		else { printf "nan" }
	}'
}

# cpu_ticks PID: user+system CPU ticks of PID and its children (nginx's worker).
cpu_ticks() {
	local t=0 p
	for p in "$1" $(pgrep -P "$1" || true); do
		t=$((t + $(awk '{ print $14 + $15 }' "/proc/$p/stat" 2>/dev/null || echo 0)))
	done
	echo "$t"
}
CLK_TCK=$(getconf CLK_TCK)

# core_ticks CPU: "busy total" jiffies of one core, from /proc/stat.
core_ticks() {
	awk -v c="cpu$1" '$1 == c { busy = $2 + $3 + $4 + $7 + $8 + $9; print busy, busy + $5 + $6 }' /proc/stat
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else printf "n/a" }'; }
atleast() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a != "n/a" && a + 0 >= b + 0) }'; }
verdict() { if atleast "$1" "$2"; then echo PASS; else echo MISS; fi; }

# --- build and start ---------------------------------------------------------

log "load on this machine before the run: $(cut -d' ' -f1-3 /proc/loadavg) (other work skews the numbers)"
log "building broadsheet and refserver"
CGO_ENABLED=0 "$GO" build -trimpath -ldflags="-s -w" -o "$tmp/broadsheet" ./cmd/broadsheet
CGO_ENABLED=0 "$GO" build -trimpath -ldflags="-s -w" -o "$tmp/refserver" ./tests/bench/refserver

slug=$(sed -n 's/^slug *= *"\(.*\)"$/\1/p' "$EDITION" | head -n1)
[[ -n $slug ]] || die "no slug in $EDITION"
path="/en/story/$slug"

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
taskset -c "$SERVER_CPU" "$tmp/refserver" -addr "127.0.0.1:$ref_port" -file "$tmp/page.html" -gzip -gzfile "$tmp/page.html.gz" >"$tmp/refserver.log" 2>&1 &
pids+=($!)
wait_http "http://127.0.0.1:$ref_port/healthz" refserver "${pids[-1]}" "$tmp/refserver.log"
ref_url="http://127.0.0.1:$ref_port$path"

ngx=$tmp/nginx
mkdir -p "$ngx/logs" "$ngx/temp" "$tmp/www$(dirname "$path")"
cp "$tmp/page.html" "$tmp/www$path"
cp "$tmp/page.html.gz" "$tmp/www$path.gz"
touch -r "$tmp/www$path" "$tmp/www$path.gz"
ngx_port=$(free_port)
cat >"$ngx/nginx.conf" <<EOF
# Generated by tests/bench/bench.sh: one worker serving one file, tuned as a
# static server would be (sendfile, open_file_cache, no access log).
worker_processes 1;
daemon off;
user root;
pid $ngx/nginx.pid;
error_log $ngx/logs/error.log warn;
events { worker_connections 1024; }
http {
	access_log off;
	client_body_temp_path $ngx/temp/body;
	proxy_temp_path $ngx/temp/proxy;
	fastcgi_temp_path $ngx/temp/fastcgi;
	uwsgi_temp_path $ngx/temp/uwsgi;
	scgi_temp_path $ngx/temp/scgi;
	types { }
	default_type text/html;
	charset utf-8;
	sendfile on;
	tcp_nopush on;
	tcp_nodelay on;
	keepalive_timeout 120s;
	keepalive_requests 1000000;
	open_file_cache max=64 inactive=60s;
	gzip off;
	gzip_static on;
	gzip_vary on;
	server {
		listen 127.0.0.1:$ngx_port;
		server_name localhost;
		root $tmp/www;
		location / { }
	}
}
EOF
log "starting nginx on 127.0.0.1:$ngx_port (core $SERVER_CPU)"
taskset -c "$SERVER_CPU" nginx -p "$ngx/" -c "$ngx/nginx.conf" -e "$ngx/logs/error.log" >"$ngx/logs/stdout.log" 2>&1 &
pids+=($!)
ngx_url="http://127.0.0.1:$ngx_port$path"
wait_http "$ngx_url" nginx "${pids[-1]}" "$ngx/logs/error.log"

# All three must send the very same gzipped bytes.
for u in "$ref_url" "$ngx_url"; do
	fetch "$u" "$tmp/check.gz" gzip
	grep -qi '^content-encoding: *gzip' "$tmp/check.gz.headers" || die "$u did not answer gzipped"
	cmp -s "$tmp/check.gz" "$tmp/page.html.gz" || die "$u sends different bytes from broadsheet"
done

# --- load --------------------------------------------------------------------

names=(broadsheet "bare Go" nginx)
urls=("$bs_url" "$ref_url" "$ngx_url")
server_pids=("${pids[0]}" "${pids[1]}" "${pids[2]}")
declare -A rps p99 errs cpu other
for i in "${!names[@]}"; do
	name=${names[$i]}
	out="$tmp/wrk-$i.txt"
	log "$name: warm-up $WARMUP, then $DURATION with $CONNS connections (wrk on core $CLIENT_CPU)"
	wrk_run -t"$THREADS" -c"$CONNS" -d"$WARMUP" -H 'Accept-Encoding: gzip' "${urls[$i]}" >/dev/null
	t0=$(cpu_ticks "${server_pids[$i]}")
	read -r b0 a0 < <(core_ticks "$SERVER_CPU")
	wrk_run -t"$THREADS" -c"$CONNS" -d"$DURATION" --latency -H 'Accept-Encoding: gzip' "${urls[$i]}" >"$out"
	t1=$(cpu_ticks "${server_pids[$i]}")
	read -r b1 a1 < <(core_ticks "$SERVER_CPU")
	# Share of the server's core that went to anything but the server: other load skews req/s.
	other[$name]=$(awk -v b=$((b1 - b0)) -v a=$((a1 - a0)) -v s=$((t1 - t0)) 'BEGIN { o = a > 0 ? (b - s) * 100 / a : 0; printf "%.0f", o < 0 ? 0 : o }')
	n=$(awk '/ requests in / { print $1 }' "$out")
	# Server CPU time per request: unlike req/s, barely moved by other load on the machine.
	cpu[$name]=$(awk -v d=$((t1 - t0)) -v n="${n:-0}" -v hz="$CLK_TCK" 'BEGIN { if (n > 0) printf "%.1f", d * 1e6 / hz / n; else printf "n/a" }')
	rps[$name]=$(awk '/^Requests\/sec:/ { printf "%.0f", $2 }' "$out")
	p99[$name]=$(to_ms "$(awk '$1 == "99%" { print $2 }' "$out")")
	e=$(awk '/Non-2xx or 3xx responses:/ { n += $NF } /Socket errors:/ { for (i = 4; i <= NF; i += 2) n += $i } END { print n + 0 }' "$out")
	errs[$name]=$e
	[[ -n ${rps[$name]} ]] || {
		cat "$out" >&2
		die "could not read wrk's output for $name"
	}
done

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
printf '%-12s %10s %10s %11s %10s %8s %11s %11s\n' server "req/s" "p99 ms" "vs bare Go" "vs nginx" errors "CPU us/req" "other load"
printf '%-12s %10s %10s %11s %10s %8s %11s %11s\n' ------------ ---------- ---------- ----------- ---------- -------- ----------- -----------
noisy=0
for name in "${names[@]}"; do
	printf '%-12s %10s %10s %10sx %9sx %8s %11s %10s%%\n' "$name" "${rps[$name]}" "${p99[$name]}" \
		"$(ratio "${rps[$name]}" "$go_rps")" "$(ratio "${rps[$name]}" "$ngx_rps")" "${errs[$name]}" "${cpu[$name]}" "${other[$name]}"
	((${other[$name]} <= 10)) || noisy=1
done
echo "CPU us/req: the server's CPU time per request, which other load on the machine hardly moves."
echo "other load: the share of core $SERVER_CPU spent on anything but the server during its run."

vs_go=$(ratio "${rps[broadsheet]}" "$go_rps")
vs_ngx=$(ratio "${rps[broadsheet]}" "$ngx_rps")
p99_ms=${p99[broadsheet]}
if awk -v a="$p99_ms" -v b="$BUDGET_P99_MS" 'BEGIN { exit !(a != "nan" && a + 0 <= b + 0) }'; then p99_v=PASS; else p99_v=MISS; fi
if ((page_gz_bytes <= BUDGET_GZ_BYTES)); then size_v=PASS; else size_v=MISS; fi
if [[ ${errs[broadsheet]} != 0 ]]; then err_v=MISS; else err_v=PASS; fi

echo
echo "Budgets (DESIGN.md)"
printf '%-44s %-22s %s\n' budget measured result
printf '%-44s %-22s %s\n' -------------------------------------------- ---------------------- ------
printf '%-44s %-22s %s\n' "warm article >= ${BUDGET_VS_GO}x bare Go, req/s" "${vs_go}x" "$(verdict "$vs_go" "$BUDGET_VS_GO")"
printf '%-44s %-22s %s\n' "warm article >= ${BUDGET_VS_NGINX}x nginx static, req/s" "${vs_ngx}x" "$(verdict "$vs_ngx" "$BUDGET_VS_NGINX")"
cpu_vs_go=$(ratio "${cpu["bare Go"]}" "${cpu[broadsheet]}")
cpu_vs_ngx=$(ratio "${cpu[nginx]}" "${cpu[broadsheet]}")
printf '%-44s %-22s %s\n' "  cross-check, CPU per request vs bare Go" "${cpu_vs_go}x" "$(verdict "$cpu_vs_go" "$BUDGET_VS_GO")"
printf '%-44s %-22s %s\n' "  cross-check, CPU per request vs nginx" "${cpu_vs_ngx}x" "$(verdict "$cpu_vs_ngx" "$BUDGET_VS_NGINX")"
printf '%-44s %-22s %s\n' "p99 <= ${BUDGET_P99_MS} ms at $CONNS connections" "$p99_ms ms" "$p99_v"
printf '%-44s %-22s %s\n' "no errors or non-2xx responses under load" "${errs[broadsheet]}" "$err_v"
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
