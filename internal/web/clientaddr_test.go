package web

import (
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"testing"

	"broadsheet/internal/news"
	"broadsheet/views"
)

func TestRealClient(t *testing.T) {
	s := &Server{cfg: Config{TrustedProxies: []netip.Prefix{
		netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("::1/128"), netip.MustParsePrefix("127.0.0.1/32"),
	}}}
	for _, tc := range []struct {
		name, remote string
		headers      []string
		want         string
	}{
		{"no proxy", "192.0.2.9:5000", nil, "192.0.2.9:5000"},
		{"untrusted peer's header is ignored", "192.0.2.9:5000", []string{"X-Forwarded-For: 203.0.113.1"}, "192.0.2.9:5000"},
		{"trusted proxy", "127.0.0.1:5000", []string{"X-Forwarded-For: 203.0.113.1"}, "203.0.113.1:0"},
		{"client-chosen hops left of the proxy's are ignored", "127.0.0.1:5000", []string{"X-Forwarded-For: 6.6.6.6, 203.0.113.1"}, "203.0.113.1:0"},
		{"a chain of trusted proxies", "10.0.0.2:80", []string{"X-Forwarded-For: 198.51.100.7, 10.0.0.9"}, "198.51.100.7:0"},
		{"headers split over lines", "10.0.0.2:80", []string{"X-Forwarded-For: 6.6.6.6", "X-Forwarded-For: 198.51.100.7, 10.0.0.9"}, "198.51.100.7:0"},
		{"Forwarded wins", "[::1]:80", []string{`Forwarded: for="[2001:db8::7]:4711";proto=https`, "X-Forwarded-For: 6.6.6.6"}, "[2001:db8::7]:0"},
		{"Forwarded list", "127.0.0.1:80", []string{"Forwarded: for=6.6.6.6, for=192.0.2.60;by=127.0.0.1"}, "192.0.2.60:0"},
		{"garbage stops at the proxy", "127.0.0.1:80", []string{"X-Forwarded-For: not-an-address"}, "127.0.0.1:0"},
		{"obfuscated Forwarded", "127.0.0.1:80", []string{"Forwarded: for=_hidden, for=192.0.2.61"}, "192.0.2.61:0"},
	} {
		r := httptest.NewRequest(http.MethodGet, "/", nil)
		r.RemoteAddr = tc.remote
		for _, h := range tc.headers {
			k, v, _ := strings.Cut(h, ":")
			r.Header.Add(k, strings.TrimSpace(v))
		}
		s.realClient(r)
		if r.RemoteAddr != tc.want {
			t.Errorf("%s: client %q, want %q", tc.name, r.RemoteAddr, tc.want)
		}
	}
}

// Behind a trusted proxy, three readers are three readers; a spoofed
// X-Forwarded-For from anywhere else changes nothing.
func TestTrendsBehindTrustedProxy(t *testing.T) {
	srv, _ := newTestServer(t, func(c *Config) { c.TrustedProxies = []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32")} })
	q := views.SearchHref(news.EN, "delta")
	for _, client := range []string{"203.0.113.1", "203.0.113.2", "203.0.113.3"} {
		searchFrom(t, srv, "127.0.0.1:40000", q, "X-Forwarded-For: "+client)
	}
	if box := trendsShown(t, srv, news.EN); !strings.Contains(box, ">delta</a>") {
		t.Fatalf("three readers behind the proxy did not count as three:\n%s", box)
	}
	q = views.SearchHref(news.EN, "verona")
	for _, spoof := range []string{"203.0.113.1", "203.0.113.2", "203.0.113.3"} {
		searchFrom(t, srv, "198.51.100.50:40000", q, "X-Forwarded-For: "+spoof)
	}
	if box := trendsShown(t, srv, news.EN); strings.Contains(box, "verona") {
		t.Fatalf("one untrusted client with spoofed X-Forwarded-For counted as three:\n%s", box)
	}
}
