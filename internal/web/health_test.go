package web

import (
	"net/http"
	"testing"
)

// /healthz answers 200 while the database answers and 503 once it does not,
// never cached.
func TestHealthz(t *testing.T) {
	srv, st := newTestServer(t)
	rec := get(t, srv, "/healthz")
	if rec.Code != http.StatusOK || rec.Header().Get("Cache-Control") != "no-store" {
		t.Fatalf("healthy: status %d, Cache-Control %q", rec.Code, rec.Header().Get("Cache-Control"))
	}
	st.Close()
	if got := get(t, srv, "/healthz").Code; got != http.StatusServiceUnavailable {
		t.Fatalf("database closed: status %d, want 503", got)
	}
}
