package main

import (
	"bytes"
	"context"
	"debug/elf"
	"errors"
	"flag"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"broadsheet/internal/demo"
)

func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestParseConfig(t *testing.T) {
	c, err := parseConfig(nil, env(nil), io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if c.Addr != "127.0.0.1:8080" || c.Data != "./data" || c.BaseURL != "http://127.0.0.1:8080" || c.SecureCookies || c.PolicyVersion != 1 {
		t.Fatalf("defaults=%+v", c)
	}
	c, err = parseConfig([]string{"--addr", ":9000"}, env(map[string]string{
		"BROADSHEET_DATA": "/srv/news", "BROADSHEET_BASE_URL": "https://news.example/", "BROADSHEET_SECURE_COOKIES": "true",
		"BROADSHEET_ADDR": "0.0.0.0:1", "BROADSHEET_POLICY_VERSION": "3",
	}), io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if c.Addr != ":9000" || c.Data != "/srv/news" || c.BaseURL != "https://news.example" || !c.SecureCookies || c.PolicyVersion != 3 {
		t.Fatalf("flags over environment=%+v", c)
	}
	for _, tc := range []struct {
		args []string
		env  map[string]string
		want string
	}{
		{[]string{"--addr", "8080"}, nil, "--addr"},
		{[]string{"--addr", "localhost:http"}, nil, "port"},
		{[]string{"--addr", "127.0.0.1:70000"}, nil, "port"},
		{[]string{"--base-url", "news.example"}, nil, "--base-url"},
		{[]string{"--base-url", "ftp://news.example"}, nil, "--base-url"},
		{[]string{"--base-url", "https://news.example/sub?x=1"}, nil, "--base-url"},
		{nil, map[string]string{"BROADSHEET_SECURE_COOKIES": "yes please"}, "--secure-cookies"},
		{[]string{"--policy-version", "0"}, nil, "--policy-version"},
		{[]string{"--cache-max-age", "soon"}, nil, "--cache-max-age"},
		{[]string{"--trends-window", "1h"}, nil, "--trends-window"},
		{[]string{"--data", " "}, nil, "--data"},
		{[]string{"--trusted-proxies", "10.0.0.0/33"}, nil, "--trusted-proxies"},
		{nil, map[string]string{"BROADSHEET_TRUSTED_PROXIES": "proxy.local"}, "--trusted-proxies"},
		{[]string{"serve"}, nil, "unexpected argument"},
		{[]string{"--nope"}, nil, "not defined"},
	} {
		_, err := parseConfig(tc.args, env(tc.env), io.Discard)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%v %v: err=%v, want it to mention %q", tc.args, tc.env, err, tc.want)
		}
	}
}

func TestParseTrustedProxies(t *testing.T) {
	c, err := parseConfig([]string{"--trusted-proxies", " 127.0.0.1, 10.1.2.3/8,::1 ,"}, env(nil), io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range c.TrustedProxies {
		got = append(got, p.String())
	}
	if want := "127.0.0.1/32 10.0.0.0/8 ::1/128"; strings.Join(got, " ") != want {
		t.Fatalf("trusted proxies=%v, want %s", got, want)
	}
	if c, _ := parseConfig(nil, env(nil), io.Discard); len(c.TrustedProxies) != 0 {
		t.Fatalf("default trusted proxies=%v, want none", c.TrustedProxies)
	}
}

func TestHelpListsSettings(t *testing.T) {
	var out bytes.Buffer
	err := run(context.Background(), []string{"--help"}, env(nil), &out)
	if !errors.Is(err, flag.ErrHelp) {
		t.Fatalf("err=%v, want flag.ErrHelp", err)
	}
	for _, want := range []string{"-addr", "BROADSHEET_ADDR", "-data", "BROADSHEET_DATA", "-base-url", "-secure-cookies", "-policy-version"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("--help lacks %q", want)
		}
	}
}

func TestSessionKeyIsKept(t *testing.T) {
	path := filepath.Join(t.TempDir(), "session.key")
	k1, err := sessionKey(path)
	if err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := fi.Mode().Perm(), os.FileMode(0o600); got != want {
		t.Fatalf("key mode=%v, want %v", got, want)
	}
	k2, err := sessionKey(path)
	if err != nil || !bytes.Equal(k1, k2) {
		t.Fatalf("second start got another key (err=%v)", err)
	}
	os.WriteFile(path, []byte("short"), 0o600)
	if _, err := sessionKey(path); err == nil {
		t.Fatal("a short key was accepted")
	}
}

// lockedBuffer collects run's log output from another goroutine.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// waitURL polls a server's log for the URL it prints once listening and
// returns the origin, e.g. "http://127.0.0.1:41234".
func waitURL(t *testing.T, out *lockedBuffer, done <-chan error) string {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		if _, rest, ok := strings.Cut(out.String(), "url=http://"); ok {
			addr, _, _ := strings.Cut(rest, "/")
			return "http://" + addr
		}
		select {
		case err := <-done:
			t.Fatalf("server stopped before serving: %v\n%s", err, out.String())
		case <-time.After(10 * time.Millisecond):
		}
	}
	t.Fatalf("server did not start within 30s:\n%s", out.String())
	return ""
}

// startRun runs the real server's run on a free port over the data directory
// and returns its origin and log, and stop, which cancels run and fails the
// test unless run drains and returns nil. Options change the parsed config
// before the server starts (the clock, for one).
func startRun(t *testing.T, data string, opts ...func(*Config)) (base string, log *lockedBuffer, stop func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	log = &lockedBuffer{}
	done := make(chan error, 1)
	args := []string{"--addr", "127.0.0.1:0", "--data", data}
	if len(opts) == 0 {
		go func() { done <- run(ctx, args, env(nil), log) }()
	} else {
		cfg, err := parseConfig(args, env(nil), io.Discard)
		if err != nil {
			t.Fatal(err)
		}
		for _, o := range opts {
			o(&cfg)
		}
		go func() { done <- serve(ctx, cfg, env(nil), log) }()
	}
	base = waitURL(t, log, done)
	stop = func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("run after shutdown=%v, want nil", err)
			}
		case <-time.After(20 * time.Second):
			t.Error("run did not return within 20s of cancel")
		}
		if t.Failed() {
			t.Logf("server log:\n%s", log)
		}
	}
	return base, log, stop
}

// clockAt makes the server's clock start at t and move at the wall clock's pace.
func clockAt(at time.Time) func(*Config) {
	start := time.Now()
	return func(c *Config) { c.Now = func() time.Time { return at.Add(time.Since(start)) } }
}

// demoNewest is when the demo edition's newest story went out; tests set
// their clock relative to it, so they pass on any date.
func demoNewest(t *testing.T) time.Time {
	t.Helper()
	ed, err := demo.Load()
	if err != nil {
		t.Fatal(err)
	}
	return demo.Newest(ed)
}

// TestRunSeedsServesAndShutsDown starts the real server twice on one data
// directory: the first start seeds the demo edition, the second keeps it.
func TestRunSeedsServesAndShutsDown(t *testing.T) {
	data := filepath.Join(t.TempDir(), "new", "data")
	for i := 0; i < 2; i++ {
		base, log, stop := startRun(t, data)
		resp, err := http.Get(base + "/en/")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if got, want := resp.StatusCode, http.StatusOK; got != want {
			t.Fatalf("front page status=%d, want %d", got, want)
		}
		if seeded := strings.Contains(log.String(), "seeded the demo edition"); seeded != (i == 0) {
			t.Fatalf("start %d: seeded=%v", i, seeded)
		}
		stop()
	}
	if fi, err := os.Stat(filepath.Join(data, "session.key")); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("session key: %v %v", fi, err)
	}
}

// TestStaticBinary builds the release binary as `make build` does and runs it
// from an unrelated directory: everything it needs is embedded.
func TestStaticBinary(t *testing.T) {
	dir := t.TempDir()
	bin := filepath.Join(dir, "broadsheet")
	build := exec.Command("go", "build", "-trimpath", "-o", bin, ".")
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	f, err := elf.Open(bin)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range f.Progs {
		if p.Type == elf.PT_INTERP {
			t.Fatal("binary needs a dynamic loader; want a static binary")
		}
	}
	f.Close()
	work := t.TempDir()
	cmd := exec.Command(bin, "--addr", "127.0.0.1:0", "--data", "site-data")
	cmd.Dir = work
	out := &lockedBuffer{}
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	base := waitURL(t, out, done)
	resp, err := http.Get(base + "/zh/")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if got, want := resp.StatusCode, http.StatusOK; got != want {
		t.Fatalf("status=%d, want %d", got, want)
	}
	// SIGTERM drains and exits cleanly.
	cmd.Process.Signal(syscall.SIGTERM)
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("exit after SIGTERM: %v\n%s", err, out.String())
		}
	case <-time.After(20 * time.Second):
		cmd.Process.Kill()
		t.Fatal("binary did not exit after SIGTERM")
	}
	if _, err := os.Stat(filepath.Join(work, "site-data", "broadsheet.db")); err != nil {
		t.Fatalf("data directory not created beside the working directory: %v", err)
	}
	// The first-run hint is runnable as printed, from the same directory.
	_, hint, ok := strings.Cut(out.String(), "No newsroom admin yet.")
	if !ok {
		t.Fatalf("no first-admin hint:\n%s", out.String())
	}
	line := ""
	for _, l := range strings.Split(hint, "\n") {
		if strings.Contains(l, " user add ") {
			line = strings.TrimSpace(l)
			break
		}
	}
	if !strings.HasPrefix(line, bin+" user add --data site-data ") {
		t.Fatalf("hint %q does not start with the binary's path %s", line, bin)
	}
	fields := strings.Fields(line)
	add := exec.Command(fields[0], fields[1:]...)
	add.Dir = work
	add.Stdin = strings.NewReader("a long passphrase\n")
	if b, err := add.CombinedOutput(); err != nil {
		t.Fatalf("the hint as printed (%s) failed: %v\n%s", line, err, b)
	}
}

// TestCommands runs the data-directory commands a self-hoster and the
// benchmarks use: generate, reindex, block-term, and refuses unknown ones.
func TestCommands(t *testing.T) {
	data := t.TempDir()
	var out bytes.Buffer
	ctx := context.Background()
	if err := run(ctx, []string{"generate", "--data", data, "--stories", "120"}, env(nil), &out); err != nil {
		t.Fatalf("generate: %v\n%s", err, out.String())
	}
	if !strings.Contains(out.String(), "added 120 stories") {
		t.Fatalf("generate output: %s", out.String())
	}
	out.Reset()
	if err := run(ctx, []string{"reindex", "--data", data}, env(nil), &out); err != nil {
		t.Fatalf("reindex: %v", err)
	}
	if !strings.Contains(out.String(), "indexed 240 translations") {
		t.Fatalf("reindex output: %s", out.String())
	}
	out.Reset()
	if err := run(ctx, []string{"block-term", "--data", data, "人才", "Talent"}, env(map[string]string{}), &out); err != nil {
		t.Fatalf("block-term: %v", err)
	}
	if !strings.Contains(out.String(), `blocked "人才"`) {
		t.Fatalf("block-term output: %s", out.String())
	}
	for _, args := range [][]string{
		{"block-term", "--data", data},
		{"generate", "--data", data, "--stories", "0"},
		{"reindex", "--data", data, "extra"},
		{"frobnicate"},
	} {
		if err := run(ctx, args, env(nil), io.Discard); err == nil {
			t.Errorf("%v: no error", args)
		}
	}
	out.Reset()
	run(ctx, []string{"--help"}, env(nil), &out)
	for _, name := range []string{"generate", "reindex", "block-term"} {
		if !strings.Contains(out.String(), name) {
			t.Errorf("--help does not list the %s command", name)
		}
	}
}

// The first-run hint prints a command the reader can paste: go run's when
// started with go run, the binary as it was started otherwise.
func TestSelfCommand(t *testing.T) {
	for _, tc := range []struct{ exe, arg0, want string }{
		{"/tmp/go-build3012/b001/exe/broadsheet", "/tmp/go-build3012/b001/exe/broadsheet", "go run ./cmd/broadsheet"},
		{"/srv/news/bin/broadsheet", "./bin/broadsheet", "./bin/broadsheet"},
		{"/usr/local/bin/broadsheet", "broadsheet", "broadsheet"},
		{"/opt/broadsheet", "", "/opt/broadsheet"},
	} {
		if got := selfCommand(tc.exe, tc.arg0, "/tmp"); got != tc.want {
			t.Errorf("selfCommand(%q, %q)=%q, want %q", tc.exe, tc.arg0, got, tc.want)
		}
	}
}
