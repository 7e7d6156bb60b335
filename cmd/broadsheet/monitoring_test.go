package main

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestParseMonitoringConfig(t *testing.T) {
	c, err := parseConfig(nil, env(nil), io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if c.MetricsAddr != "" || c.LogFormat != "text" || c.AccessLog {
		t.Fatalf("defaults: metrics %q, log format %q, access log %v; want off, text, off", c.MetricsAddr, c.LogFormat, c.AccessLog)
	}
	c, err = parseConfig(nil, env(map[string]string{
		"BROADSHEET_METRICS_ADDR": "127.0.0.1:9090", "BROADSHEET_LOG_FORMAT": "json", "BROADSHEET_ACCESS_LOG": "true",
	}), io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if c.MetricsAddr != "127.0.0.1:9090" || c.LogFormat != "json" || !c.AccessLog {
		t.Fatalf("from the environment: metrics %q, log format %q, access log %v", c.MetricsAddr, c.LogFormat, c.AccessLog)
	}
	c, err = parseConfig([]string{"--metrics-addr", ":9100", "--log-format", "TEXT", "--access-log=false"}, env(map[string]string{
		"BROADSHEET_METRICS_ADDR": "127.0.0.1:9090", "BROADSHEET_LOG_FORMAT": "json", "BROADSHEET_ACCESS_LOG": "true",
	}), io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if c.MetricsAddr != ":9100" || c.LogFormat != "text" || c.AccessLog {
		t.Fatalf("flags over environment: metrics %q, log format %q, access log %v", c.MetricsAddr, c.LogFormat, c.AccessLog)
	}
	for _, tc := range []struct {
		args []string
		env  map[string]string
		want string
	}{
		{[]string{"--metrics-addr", "9090"}, nil, "--metrics-addr"},
		{[]string{"--metrics-addr", "127.0.0.1:99999"}, nil, "--metrics-addr"},
		{[]string{"--metrics-addr", "127.0.0.1:8080"}, nil, "must differ from --addr"},
		{nil, map[string]string{"BROADSHEET_METRICS_ADDR": "localhost"}, "--metrics-addr"},
		{[]string{"--log-format", "logfmt"}, nil, "--log-format"},
		{nil, map[string]string{"BROADSHEET_LOG_FORMAT": "xml"}, "--log-format"},
		{[]string{"--access-log", "sometimes"}, nil, "--access-log"},
		{nil, map[string]string{"BROADSHEET_ACCESS_LOG": "loud"}, "--access-log"},
	} {
		_, err := parseConfig(tc.args, env(tc.env), io.Discard)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%v %v: err=%v, want it to mention %q", tc.args, tc.env, err, tc.want)
		}
	}
	var help strings.Builder
	parseConfig([]string{"--help"}, env(nil), &help)
	for _, want := range []string{"-metrics-addr", "BROADSHEET_METRICS_ADDR", "-log-format", "BROADSHEET_LOG_FORMAT", "-access-log", "BROADSHEET_ACCESS_LOG"} {
		if !strings.Contains(help.String(), want) {
			t.Errorf("--help lacks %q", want)
		}
	}
}

// getBody GETs target and returns the status and body.
func getBody(t *testing.T, target string) (int, string) {
	t.Helper()
	resp, err := http.Get(target)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, string(b)
}

// Off by default: no metrics listener, no /metrics on the site, no access log.
func TestRunMetricsOffByDefault(t *testing.T) {
	base, log, stop := startRun(t, filepath.Join(t.TempDir(), "data"))
	if got, _ := getBody(t, base+"/metrics"); got != http.StatusNotFound {
		t.Errorf("GET /metrics on the site: status %d, want 404", got)
	}
	getBody(t, base+"/en/")
	stop()
	if out := log.String(); strings.Contains(out, "metrics=") || strings.Contains(out, "msg=request") {
		t.Errorf("metrics or the access log are on by default:\n%s", out)
	}
}

// With --access-log, a text line per request. Access lines are batched: they
// show within a second or so, and before the lines logged after them.
func TestRunAccessLogWithoutMetrics(t *testing.T) {
	base, log, stop := startRun(t, filepath.Join(t.TempDir(), "data"), func(c *Config) { c.AccessLog = true })
	if got, _ := getBody(t, base+"/metrics"); got != http.StatusNotFound {
		t.Errorf("GET /metrics on the site: status %d, want 404", got)
	}
	getBody(t, base+"/en/search?q=secretword")
	search := `msg=request method=GET path=/en/search route="GET /en/search" status=200 `
	for deadline := time.Now().Add(5 * time.Second); !strings.Contains(log.String(), search); time.Sleep(50 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("no access line for the search within 5s:\n%s", log)
		}
	}
	getBody(t, base+"/en/")
	stop()
	out := log.String()
	if strings.Contains(out, "metrics=") {
		t.Errorf("a metrics listener started without --metrics-addr:\n%s", out)
	}
	for _, want := range []string{
		`msg=request method=GET path=/metrics route=/ status=404 `,
		search,
		`msg=request method=GET path=/en/ route="GET /en/{$}" status=200 `,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("the log lacks %q:\n%s", want, out)
		}
	}
	if front, down := strings.Index(out, "path=/en/ "), strings.Index(out, "shutting down"); front < 0 || down < front {
		t.Errorf("the last access line comes after the shutdown line:\n%s", out)
	}
	if strings.Contains(out, "secretword") {
		t.Errorf("the log holds a search:\n%s", out)
	}
}

// With --metrics-addr, --log-format json and --access-log: the metrics are
// served on their own listener (and not on the site's), and every line of
// the server's log, access lines included, is a JSON object.
func TestRunMetricsAndJSONLog(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	log := &lockedBuffer{}
	done := make(chan error, 1)
	args := []string{"--addr", "127.0.0.1:0", "--data", filepath.Join(t.TempDir(), "data"),
		"--metrics-addr", "127.0.0.1:0", "--log-format", "json", "--access-log", "true"}
	go func() { done <- run(ctx, args, env(nil), log) }()

	// records decodes the log so far: every line must be one JSON object.
	records := func() []map[string]any {
		var out []map[string]any
		for _, line := range strings.Split(strings.TrimSpace(log.String()), "\n") {
			if line == "" {
				continue
			}
			var rec map[string]any
			if err := json.Unmarshal([]byte(line), &rec); err != nil {
				t.Fatalf("a log line is not JSON (%v): %s", err, line)
			}
			out = append(out, rec)
		}
		return out
	}
	var base, metrics string
	for deadline := time.Now().Add(30 * time.Second); base == "" || metrics == ""; {
		for _, rec := range records() {
			if u, ok := rec["url"].(string); ok {
				base = strings.TrimSuffix(u, "/")
			}
			if u, ok := rec["metrics"].(string); ok {
				metrics = u
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("the server did not log its URLs within 30s:\n%s", log)
		}
		select {
		case err := <-done:
			t.Fatalf("server stopped: %v\n%s", err, log)
		case <-time.After(10 * time.Millisecond):
		}
	}

	for range 3 {
		if got, _ := getBody(t, base+"/en/"); got != http.StatusOK {
			t.Fatalf("GET /en/: status %d", got)
		}
	}
	getBody(t, base+"/zh/search?q="+url.QueryEscape("秘密 secretword"))
	if got, _ := getBody(t, base+"/metrics"); got != http.StatusNotFound {
		t.Errorf("GET /metrics on the site: status %d, want 404", got)
	}
	status, body := getBody(t, metrics)
	if status != http.StatusOK {
		t.Fatalf("GET %s: status %d", metrics, status)
	}
	for _, want := range []string{
		`broadsheet_http_requests_total{code="200",route="GET /en/{$}"} 3`,
		`broadsheet_http_requests_total{code="200",route="GET /zh/search"} 1`,
		`broadsheet_http_requests_total{code="404",route="/"} 1`,
		`broadsheet_page_cache_hits_total 2`,
		`broadsheet_page_cache_misses_total 1`,
		`broadsheet_search_duration_seconds_count{lang="zh-Hans"} 1`,
		`broadsheet_http_request_duration_seconds_bucket{route="GET /en/{$}",le="+Inf"} 3`,
		"go_goroutines ", "process_resident_memory_bytes ",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("the metrics lack %q", want)
		}
	}
	if got, _ := getBody(t, strings.TrimSuffix(metrics, "/metrics")+"/en/"); got != http.StatusNotFound {
		t.Errorf("the metrics listener serves the site: status %d, want 404", got)
	}

	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("run after shutdown=%v, want nil", err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("run did not return within 20s of cancel")
	}
	if _, err := http.Get(metrics); err == nil {
		t.Error("the metrics listener still answers after shutdown")
	}
	// Access lines are batched; by now every one is out, as JSON.
	var requests int
	for _, rec := range records() {
		if rec["msg"] != "request" {
			continue
		}
		requests++
		for _, key := range []string{"method", "path", "route", "status", "bytes", "duration", "addr"} {
			if _, ok := rec[key]; !ok {
				t.Errorf("access line lacks %q: %v", key, rec)
			}
		}
		if rec["path"] == "/zh/search" && rec["query"] != nil {
			t.Errorf("the search's line has a query: %v", rec)
		}
	}
	if requests != 5 {
		t.Errorf("%d access lines for 5 requests to the site:\n%s", requests, log)
	}
	if strings.Contains(log.String(), "secretword") || strings.Contains(log.String(), url.QueryEscape("秘密")) {
		t.Errorf("the log holds a search:\n%s", log)
	}
}
