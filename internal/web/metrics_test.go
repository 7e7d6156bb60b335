package web

import (
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// scrape reads the metrics as Prometheus would.
func scrape(t *testing.T, m *Metrics) string {
	t.Helper()
	rec := get(t, m.Handler(), "/metrics")
	if rec.Code != http.StatusOK {
		t.Fatalf("GET /metrics: status %d", rec.Code)
	}
	return rec.Body.String()
}

// metricValue is the value of the sample named exactly series (with its
// labels, in the exposition's order), "" when there is none.
func metricValue(exposition, series string) string {
	for _, line := range strings.Split(exposition, "\n") {
		if v, ok := strings.CutPrefix(line, series+" "); ok {
			return v
		}
	}
	return ""
}

// Without Config.Metrics nothing is counted and the site has no /metrics.
func TestMetricsOffByDefault(t *testing.T) {
	srv, _ := newTestServer(t)
	if srv.cfg.Metrics != nil || srv.cfg.AccessLog != nil {
		t.Fatal("metrics or access log on by default")
	}
	if got, want := get(t, srv, "/metrics").Code, http.StatusNotFound; got != want {
		t.Fatalf("GET /metrics on the site: status %d, want %d", got, want)
	}
	srv.SetReplicationLag(3) // a no-op without metrics, never a panic
}

func TestMetrics(t *testing.T) {
	m := NewMetrics()
	srv, _ := newTestServer(t, func(c *Config) { c.Metrics = m })
	for range 3 {
		if rec := get(t, srv, benchStoryEN); rec.Code != http.StatusOK {
			t.Fatalf("GET %s: status %d", benchStoryEN, rec.Code)
		}
	}
	get(t, srv, "/en/search?q=seawall")
	get(t, srv, "/zh/search?q="+url.QueryEscape("海堤"))
	get(t, srv, "/en/no-such-page")
	get(t, srv, "/en/feed.xml")
	get(t, srv, "/en/feed.xml")

	out := scrape(t, m)
	for series, want := range map[string]string{
		// The first request renders the story; the other two come from the
		// cache before routing, and still count under the story's route.
		`broadsheet_http_requests_total{code="200",route="GET /en/story/{slug}"}`:      "3",
		`broadsheet_http_requests_total{code="200",route="GET /en/search"}`:            "1",
		`broadsheet_http_requests_total{code="200",route="GET /zh/search"}`:            "1",
		`broadsheet_http_requests_total{code="404",route="/"}`:                         "1",
		`broadsheet_http_requests_total{code="200",route="GET /en/feed.xml"}`:          "2",
		`broadsheet_http_request_duration_seconds_count{route="GET /en/story/{slug}"}`: "3",
		// Story: one miss, two hits; feed: one miss, one hit.
		`broadsheet_page_cache_hits_total`:                         "3",
		`broadsheet_page_cache_misses_total`:                       "2",
		`broadsheet_page_renders_total`:                            "2",
		`broadsheet_page_cache_entries`:                            "2",
		`broadsheet_search_duration_seconds_count{lang="en"}`:      "1",
		`broadsheet_search_duration_seconds_count{lang="zh-Hans"}`: "1",
	} {
		if got := metricValue(out, series); got != want {
			t.Errorf("%s = %q, want %q", series, got, want)
		}
	}
	if v := metricValue(out, "broadsheet_page_cache_bytes"); v == "" || v == "0" {
		t.Errorf("broadsheet_page_cache_bytes = %q, want the bytes of two pages", v)
	}
	for _, name := range []string{"go_goroutines", "go_gc_duration_seconds", "process_cpu_seconds_total", "go_build_info"} {
		if !strings.Contains(out, "\n"+name) {
			t.Errorf("the metrics lack %s", name)
		}
	}
	// Raw paths never become labels.
	if strings.Contains(out, "no-such-page") || strings.Contains(out, "seawall") {
		t.Errorf("a raw path or query became a label:\n%s", out)
	}

	// Invalidate empties the cache: the gauges follow.
	srv.Invalidate()
	out = scrape(t, m)
	if got := metricValue(out, "broadsheet_page_cache_bytes"); got != "0" {
		t.Errorf("after Invalidate, broadsheet_page_cache_bytes = %q, want 0", got)
	}

	// Replication lag shows from its first report on.
	if strings.Contains(out, "broadsheet_replication_lag_seconds") {
		t.Error("replication lag shows before replication reported any")
	}
	srv.SetReplicationLag(2.5)
	if got := metricValue(scrape(t, m), "broadsheet_replication_lag_seconds"); got != "2.5" {
		t.Errorf("broadsheet_replication_lag_seconds = %q, want 2.5", got)
	}

	// The metrics handler serves /metrics and nothing else.
	if got := get(t, m.Handler(), "/").Code; got != http.StatusNotFound {
		t.Errorf("GET / on the metrics handler: status %d, want 404", got)
	}
	if got := get(t, srv, "/metrics").Code; got != http.StatusNotFound {
		t.Errorf("GET /metrics on the site: status %d, want 404", got)
	}
	// One Metrics serves one Server.
	if _, err := New(srv.cfg, srv.store, srv.catalog); err == nil {
		t.Error("a second server took the same Metrics")
	}
}

// Requests in parallel, some rendering and some from the cache, count once
// each (run with -race).
func TestMetricsConcurrent(t *testing.T) {
	m := NewMetrics()
	var log syncBuffer
	srv, _ := newTestServer(t, func(c *Config) {
		c.Metrics, c.AccessLog = m, slog.New(slog.NewJSONHandler(&log, nil))
	})
	const workers, each = 8, 25
	var wg sync.WaitGroup
	for i := range workers {
		wg.Go(func() {
			for j := range each {
				target := benchStoryEN
				if j%5 == 0 {
					target = [...]string{"/en/section/business", "/zh/section/business?page=1"}[(i+j)%2]
				}
				if j == 7 {
					srv.Invalidate() // the next requests render again
				}
				if rec := get(t, srv, target); rec.Code != http.StatusOK {
					t.Errorf("GET %s: status %d", target, rec.Code)
				}
			}
		})
	}
	wg.Wait()
	out := scrape(t, m)
	var total int
	for _, line := range strings.Split(out, "\n") {
		if strings.HasPrefix(line, "broadsheet_http_requests_total{") {
			n, err := strconv.Atoi(line[strings.LastIndexByte(line, ' ')+1:])
			if err != nil {
				t.Fatal(line, err)
			}
			total += n
		}
	}
	if total != workers*each {
		t.Errorf("broadsheet_http_requests_total sums to %d, want %d", total, workers*each)
	}
	hits, _ := strconv.Atoi(metricValue(out, "broadsheet_page_cache_hits_total"))
	misses, _ := strconv.Atoi(metricValue(out, "broadsheet_page_cache_misses_total"))
	if hits+misses != workers*each || misses < 1 {
		t.Errorf("hits %d + misses %d, want %d requests with some misses", hits, misses, workers*each)
	}
	if got := len(log.lines()); got != workers*each {
		t.Errorf("%d access lines for %d requests", got, workers*each)
	}
}

// BenchmarkArticlePageWarmObserved is BenchmarkArticlePageWarm with the
// metrics on, and with the access log on too (formatted, then discarded).
func BenchmarkArticlePageWarmObserved(b *testing.B) {
	discard := slog.New(slog.NewTextHandler(io.Discard, nil))
	discardJSON := slog.New(slog.NewJSONHandler(io.Discard, nil))
	for _, bc := range []struct {
		name string
		opt  func(*Config)
	}{
		{"metrics", func(c *Config) { c.Metrics = NewMetrics() }},
		{"accesslog", func(c *Config) { c.AccessLog = discard }},
		{"metrics+accesslog", func(c *Config) { c.Metrics, c.AccessLog = NewMetrics(), discard }},
		{"metrics+accesslog-json", func(c *Config) { c.Metrics, c.AccessLog = NewMetrics(), discardJSON }},
	} {
		b.Run(bc.name, func(b *testing.B) { benchWarm(b, benchStoryEN, bc.opt) })
	}
}

// benchWarm is benchPage's warm case on a server configured by opt.
func benchWarm(b *testing.B, target string, opt func(*Config)) {
	s, _ := newTestServer(b, opt)
	benchServe(b, s, target, false)
}
