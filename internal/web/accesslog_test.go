package web

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// syncBuffer is a log destination that several requests may write to.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) lines() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return strings.Split(strings.TrimSuffix(s.b.String(), "\n"), "\n")
}

// accessRequests are the requests the access log tests send: a story twice
// (rendered, then from the cache), searches, a language switch and cookie
// settings carrying a search along, a section page with a query, a 404, and
// a reader behind the trusted proxy.
var accessRequests = []struct {
	target, forwarded  string
	status             int
	route, path, query string
}{
	{benchStoryEN, "", 200, "GET /en/story/{slug}", benchStoryEN, ""},
	{benchStoryEN, "", 200, "GET /en/story/{slug}", benchStoryEN, ""},
	{"/en/search?q=" + url.QueryEscape("sea wall secretword"), "", 200, "GET /en/search", "/en/search", ""},
	{"/zh/search?q=" + url.QueryEscape("秘密词") + "&page=1", "", 200, "GET /zh/search", "/zh/search", ""},
	{"/lang/zh?next=" + url.QueryEscape("/zh/search?q=secretword"), "", 303, "GET /lang/{lang}", "/lang/zh", ""},
	{"/en/cookies?return=" + url.QueryEscape("/en/search?q=secretword"), "", 200, "GET /en/cookies", "/en/cookies", ""},
	{"/en/section/business?utm_source=feed", "", 200, "GET /en/section/{key}", "/en/section/business", "utm_source=feed"},
	{"/en/no-such-page", "", 404, "/", "/en/no-such-page", ""},
	{"/en/", "203.0.113.9", 200, "GET /en/{$}", "/en/", ""},
}

// sendAccessRequests serves accessRequests from 192.0.2.1, the trusted proxy.
func sendAccessRequests(t *testing.T, srv http.Handler) {
	t.Helper()
	for _, ar := range accessRequests {
		req := httptest.NewRequest(http.MethodGet, ar.target, nil)
		var headers []string
		if ar.forwarded != "" {
			headers = append(headers, "X-Forwarded-For: "+ar.forwarded)
		}
		if got := serve(srv, req, headers...).Code; got != ar.status {
			t.Fatalf("GET %s: status %d, want %d", ar.target, got, ar.status)
		}
	}
}

func accessServer(t *testing.T, h slog.Handler) *Server {
	srv, _ := newTestServer(t, func(c *Config) {
		c.AccessLog = slog.New(h)
		c.TrustedProxies = []netip.Prefix{netip.MustParsePrefix("192.0.2.1/32")}
	})
	return srv
}

func TestAccessLogText(t *testing.T) {
	var out syncBuffer
	sendAccessRequests(t, accessServer(t, slog.NewTextHandler(&out, nil)))
	lines := out.lines()
	if got, want := len(lines), len(accessRequests); got != want {
		t.Fatalf("%d lines for %d requests:\n%s", got, want, strings.Join(lines, "\n"))
	}
	for i, ar := range accessRequests {
		line := lines[i]
		addr := "192.0.2.1"
		if ar.forwarded != "" {
			addr = ar.forwarded
		}
		for _, want := range []string{
			"level=INFO msg=request method=GET path=" + ar.path + " ",
			` route="` + ar.route + `" `,
			" status=" + strconv.Itoa(ar.status) + " bytes=",
			" duration=",
			" addr=" + addr,
		} {
			if ar.route == "/" {
				want = strings.Replace(want, `"/"`, "/", 1) // unquoted when it needs no quotes
			}
			if !strings.Contains(line, want) {
				t.Errorf("line %d lacks %q:\n%s", i, want, line)
			}
		}
		if q := ar.query; q != "" && !strings.Contains(line, " query="+strconv.Quote(q)+" ") {
			t.Errorf("line %d lacks the query %q:\n%s", i, q, line)
		}
		if ar.query == "" && strings.Contains(line, "query=") {
			t.Errorf("line %d logs a query:\n%s", i, line)
		}
	}
	for _, secret := range []string{"secretword", "秘密词", url.QueryEscape("秘密词"), "q="} {
		if log := strings.Join(lines, "\n"); strings.Contains(log, secret) {
			t.Errorf("the access log holds search text %q:\n%s", secret, log)
		}
	}
}

func TestAccessLogJSON(t *testing.T) {
	var out syncBuffer
	sendAccessRequests(t, accessServer(t, slog.NewJSONHandler(&out, nil)))
	lines := out.lines()
	if got, want := len(lines), len(accessRequests); got != want {
		t.Fatalf("%d lines for %d requests:\n%s", got, want, strings.Join(lines, "\n"))
	}
	for i, ar := range accessRequests {
		var e struct {
			Time                       string
			Level, Msg                 string
			Method, Path, Query, Route string
			Status                     int
			Bytes, Duration            int64
			Addr                       string
		}
		dec := json.NewDecoder(strings.NewReader(lines[i]))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&e); err != nil {
			t.Fatalf("line %d is not the JSON expected: %v\n%s", i, err, lines[i])
		}
		addr := "192.0.2.1"
		if ar.forwarded != "" {
			addr = ar.forwarded
		}
		if e.Time == "" || e.Level != "INFO" || e.Msg != "request" || e.Method != "GET" || e.Path != ar.path ||
			e.Query != ar.query || e.Route != ar.route || e.Status != ar.status || e.Duration <= 0 || e.Addr != addr {
			t.Errorf("line %d = %+v, want path %s, query %q, route %s, status %d, addr %s", i, e, ar.path, ar.query, ar.route, ar.status, addr)
		}
		if ar.status == 200 && e.Bytes <= 0 {
			t.Errorf("line %d: %d bytes for status %d", i, e.Bytes, e.Status)
		}
	}
	if log := strings.Join(lines, "\n"); strings.Contains(log, "secretword") || strings.Contains(log, "秘密词") {
		t.Errorf("the access log holds search text:\n%s", log)
	}
}

// HEAD is logged as HEAD with no body bytes, under the route it took.
func TestAccessLogHead(t *testing.T) {
	var out syncBuffer
	srv := accessServer(t, slog.NewTextHandler(&out, nil))
	get(t, srv, benchStoryEN) // rendered, so HEAD comes from the cache
	serve(srv, httptest.NewRequest(http.MethodHead, benchStoryEN, nil))
	lines := out.lines()
	if len(lines) != 2 || !strings.Contains(lines[1], "method=HEAD") || !strings.Contains(lines[1], " bytes=0 ") {
		t.Fatalf("HEAD line:\n%s", strings.Join(lines, "\n"))
	}
}

func TestQueryLoggable(t *testing.T) {
	for path, want := range map[string]bool{
		"/en/section/world": true,
		"/en/story/x":       true,
		"/en/search":        false,
		"/zh/search":        false,
		"/en/search/":       false,
		"/lang/zh":          false,
		"/en/cookies":       false,
		"/consent":          false,
		"/newsroom/":        false,
		"/newsroom/stories": false,
	} {
		if got := queryLoggable(path); got != want {
			t.Errorf("queryLoggable(%q)=%v, want %v", path, got, want)
		}
	}
}
