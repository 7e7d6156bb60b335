package main

import (
	"context"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"broadsheet/internal/store"
)

// --no-demo starts an empty site; and a data directory that already holds a
// site key is an existing site, never seeded again, even with no story left.
func TestDemoSeedingRules(t *testing.T) {
	data := t.TempDir()
	base, log, stop := startRun(t, data, func(c *Config) { c.NoDemo = true })
	if strings.Contains(log.String(), "seeded the demo edition") || !strings.Contains(log.String(), "--no-demo") {
		t.Fatalf("--no-demo: log says\n%s", log)
	}
	resp, err := http.Get(base + "/en/")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	stop()
	st, err := store.Open(context.Background(), filepath.Join(data, "broadsheet.db"))
	if err != nil {
		t.Fatal(err)
	}
	empty, err := st.Empty(context.Background())
	st.Close()
	if err != nil || !empty {
		t.Fatalf("after --no-demo the site holds stories (empty=%v, %v)", empty, err)
	}
	// The site key is there now: a later start without --no-demo still
	// leaves the owner's (empty) site alone.
	_, log, stop = startRun(t, data)
	stop()
	if strings.Contains(log.String(), "seeded the demo edition") || !strings.Contains(log.String(), "already holds a site key") {
		t.Fatalf("restart of an empty existing site: log says\n%s", log)
	}
	if _, err := parseConfig([]string{"--no-demo", "maybe"}, env(nil), &strings.Builder{}); err == nil || !strings.Contains(err.Error(), "--no-demo") {
		t.Fatalf("--no-demo maybe: err=%v", err)
	}
}

// A second server on the same data directory refuses to start and names the
// one running there, whether or not it asks for the same address; a server
// whose address is taken creates nothing in its data directory.
func TestSecondServerRefused(t *testing.T) {
	data := t.TempDir()
	base, _, stop := startRun(t, data)
	defer stop()
	addr := strings.TrimPrefix(base, "http://")
	for _, a := range []string{"127.0.0.1:0", addr} {
		err := run(context.Background(), []string{"--addr", a, "--data", data}, env(nil), &strings.Builder{})
		if err == nil || !strings.Contains(err.Error(), "in use by another Broadsheet server") ||
			!strings.Contains(err.Error(), "pid ") || !strings.Contains(err.Error(), "listening on "+addr) {
			t.Fatalf("second server on --addr %s: err=%v", a, err)
		}
	}
	fresh := filepath.Join(t.TempDir(), "new-site")
	err := run(context.Background(), []string{"--addr", addr, "--data", fresh}, env(nil), &strings.Builder{})
	if err == nil || !strings.Contains(err.Error(), "listen on "+addr+" (--addr)") {
		t.Fatalf("taken address: err=%v", err)
	}
	if _, err := os.Stat(fresh); err == nil {
		t.Fatal("a server that could not listen created its data directory")
	}
}

// `user add` against a directory with no site refuses, says where the site
// was expected, and creates nothing there.
func TestUserAddNeedsASite(t *testing.T) {
	empty := filepath.Join(t.TempDir(), "nothing-here")
	_, err := userRun(t, "a long enough password\n", "add", "--data", empty, "--email", "ada@example.com", "--role", "admin")
	if err == nil || !strings.Contains(err.Error(), "no site in "+empty) {
		t.Fatalf("user add on an empty directory: err=%v", err)
	}
	if _, err := os.Stat(filepath.Join(empty, "broadsheet.db")); err == nil {
		t.Fatal("user add made a database where no site was")
	}
}

// A bad value that came from the environment is named as such: the fix is in
// the environment file, not in a flag nobody typed.
func TestFlagErrorsNameTheEnvironment(t *testing.T) {
	fromEnv := func(name string) string {
		if name == "BROADSHEET_PAGE_CACHE_MIB" {
			return "lots"
		}
		return ""
	}
	_, err := parseConfig(nil, fromEnv, &strings.Builder{})
	if err == nil || !strings.Contains(err.Error(), "--page-cache-mib") || !strings.Contains(err.Error(), "environment variable BROADSHEET_PAGE_CACHE_MIB") {
		t.Fatalf("bad value from the environment: err=%v", err)
	}
	_, err = parseConfig([]string{"--page-cache-mib", "lots"}, env(nil), &strings.Builder{})
	if err == nil || strings.Contains(err.Error(), "environment") {
		t.Fatalf("bad value on the command line: err=%v", err)
	}
}

// Commands take their flags before or after their arguments.
func TestCommandFlagsAnywhere(t *testing.T) {
	for _, tc := range []struct {
		args, rest []string
		data       string
	}{
		{[]string{"--data", "d", "dir"}, []string{"dir"}, "d"},
		{[]string{"dir", "--data", "d"}, []string{"dir"}, "d"},
		{[]string{"a", "--data=d", "b"}, []string{"a", "b"}, "d"},
		{[]string{"--data", "d", "--", "--not-a-flag", "-x"}, []string{"--not-a-flag", "-x"}, "d"},
		{[]string{"a", "--", "--data", "e"}, []string{"a", "--data", "e"}, "./data"},
	} {
		fs, data := commandFlags("export", env(nil), &strings.Builder{})
		rest, err := parseInterspersed(fs, tc.args)
		if err != nil || strings.Join(rest, " ") != strings.Join(tc.rest, " ") || *data != tc.data {
			t.Errorf("%q: rest %q data %q err %v, want %q and %q", tc.args, rest, *data, err, tc.rest, tc.data)
		}
	}
	// For real: an export named before its --data.
	site, out := t.TempDir(), filepath.Join(t.TempDir(), "export")
	newSite(t, site)
	if err := run(context.Background(), []string{"export", out, "--data", site}, env(nil), &strings.Builder{}); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(out, "sections.toml")); err != nil {
		t.Fatalf("export with --data after the directory wrote nothing: %v", err)
	}
}
