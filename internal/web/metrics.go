package web

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"broadsheet/internal/news"
	"broadsheet/internal/search"
)

// Metrics are the operator's numbers in Prometheus form: requests by route
// and status with their latency, the rendered-page cache, search latency,
// replication lag, and the Go runtime and process. They are served by
// Handler, meant for a listener of its own (--metrics-addr), never the site.
// One Metrics belongs to one Server (Config.Metrics).
type Metrics struct {
	reg      *prometheus.Registry
	requests *prometheus.CounterVec   // route, code
	duration *prometheus.HistogramVec // route
	search   *prometheus.HistogramVec // lang
	lag      prometheus.Gauge
	lagOnce  sync.Once

	// handles caches the children of requests and duration per route and
	// status, copied on write: a request reads it with one atomic load and a
	// map lookup, and allocates nothing.
	handles atomic.Pointer[map[routeCode]routeHandles]
	mu      sync.Mutex // serializes adding to handles
}

type routeCode struct {
	route string
	code  int
}

type routeHandles struct {
	count    prometheus.Counter
	duration prometheus.Observer
}

// Labels for requests that have no route pattern.
const (
	// routeCache is a page answered from the rendered-page cache before
	// routing whose route is not known yet (the first hits race its render).
	routeCache = "cache"
	// routeNone is a request no route took: one refused before routing
	// (a cross-origin POST).
	routeNone = "none"
)

// NewMetrics makes the collectors, with the Go runtime and process ones.
func NewMetrics() *Metrics {
	m := &Metrics{
		reg: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "broadsheet_http_requests_total",
			Help: "HTTP requests answered, by route pattern and status code.",
		}, []string{"route", "code"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "broadsheet_http_request_duration_seconds",
			Help:    "Time from a request's arrival to its handler's return, by route pattern.",
			Buckets: []float64{.0001, .00025, .0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5},
		}, []string{"route"}),
		search: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "broadsheet_search_duration_seconds",
			Help:    "Time the store takes to find one page of search results, by edition language.",
			Buckets: []float64{.0005, .001, .0025, .005, .01, .02, .05, .1, .25, .5, 1},
		}, []string{"lang"}),
		lag: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "broadsheet_replication_lag_seconds",
			Help: "How far the database's replica is behind, as last reported by replication.",
		}),
	}
	for _, e := range news.Editions {
		m.search.WithLabelValues(string(e.Lang)) // every edition shows, searched or not
	}
	m.handles.Store(&map[routeCode]routeHandles{})
	m.reg.MustRegister(m.requests, m.duration, m.search,
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		collectors.NewBuildInfoCollector())
	return m
}

// Handler serves the metrics at GET /metrics, and nothing else (404).
func (m *Metrics) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{Registry: m.reg}))
	return mux
}

// SetReplicationLag reports how many seconds the replica is behind. The
// gauge appears from the first report on, so a site without replication
// shows no lag rather than a reassuring zero. Safe on a nil Metrics.
func (m *Metrics) SetReplicationLag(seconds float64) {
	if m == nil {
		return
	}
	m.lagOnce.Do(func() { m.reg.MustRegister(m.lag) })
	m.lag.Set(seconds)
}

// bind adds the server's page-cache counters, read when scraped. It runs
// before the server serves, so countHits needs no lock.
func (m *Metrics) bind(c *pageCache) error {
	c.countHits = true
	fns := []prometheus.Collector{
		prometheus.NewCounterFunc(prometheus.CounterOpts{
			Name: "broadsheet_page_cache_hits_total",
			Help: "Requests answered from the rendered-page cache.",
		}, func() float64 { return float64(c.hits.Load()) }),
		prometheus.NewCounterFunc(prometheus.CounterOpts{
			Name: "broadsheet_page_cache_misses_total",
			Help: "Requests for a cacheable page or document that found no fresh copy.",
		}, func() float64 { return float64(c.misses.Load()) }),
		prometheus.NewCounterFunc(prometheus.CounterOpts{
			Name: "broadsheet_page_renders_total",
			Help: "Pages and documents rendered into the page cache (cold renders).",
		}, func() float64 { return float64(c.renders.Load()) }),
		prometheus.NewCounterFunc(prometheus.CounterOpts{
			Name: "broadsheet_page_cache_evictions_total",
			Help: "Pages dropped to keep the rendered-page cache within its byte bound.",
		}, func() float64 { return float64(c.evictions.Load()) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "broadsheet_page_cache_bytes",
			Help: "Bytes of rendered pages the cache holds, in every coding it has made.",
		}, func() float64 { _, b := c.size(); return float64(b) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "broadsheet_page_cache_entries",
			Help: "Rendered pages the cache holds.",
		}, func() float64 { n, _ := c.size(); return float64(n) }),
	}
	for _, f := range fns {
		if err := m.reg.Register(f); err != nil {
			return errors.New("web: a Metrics serves one Server")
		}
	}
	return nil
}

// observe counts a finished request.
func (m *Metrics) observe(route string, code int, d time.Duration) {
	h, ok := (*m.handles.Load())[routeCode{route, code}]
	if !ok {
		h = m.add(route, code)
	}
	h.count.Inc()
	h.duration.Observe(d.Seconds())
}

// add makes the handles for a route and status seen for the first time.
func (m *Metrics) add(route string, code int) routeHandles {
	m.mu.Lock()
	defer m.mu.Unlock()
	old := *m.handles.Load()
	if h, ok := old[routeCode{route, code}]; ok {
		return h
	}
	h := routeHandles{
		count:    m.requests.WithLabelValues(route, strconv.Itoa(code)),
		duration: m.duration.WithLabelValues(route),
	}
	next := make(map[routeCode]routeHandles, len(old)+1)
	for k, v := range old {
		next[k] = v
	}
	next[routeCode{route, code}] = h
	m.handles.Store(&next)
	return h
}

// timedStore times the reader's search queries.
type timedStore struct {
	Store
	search *prometheus.HistogramVec
}

func (t timedStore) Search(ctx context.Context, lang news.Lang, q search.Query, page news.Page) ([]news.Hit, int, error) {
	start := time.Now()
	hits, total, err := t.Store.Search(ctx, lang, q, page)
	t.search.WithLabelValues(string(lang)).Observe(time.Since(start).Seconds())
	return hits, total, err
}

// SetReplicationLag is the hook for replication (Litestream): it reports how
// many seconds the database's replica is behind, shown as
// broadsheet_replication_lag_seconds. A no-op when metrics are off.
func (s *Server) SetReplicationLag(seconds float64) { s.cfg.Metrics.SetReplicationLag(seconds) }
