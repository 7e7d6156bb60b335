package main

// Continuous replication, proved the hard way: the real binary replicates
// while an editor publishes through the newsroom, is killed with SIGKILL (the
// machine is gone, Litestream with it), and a new data directory is brought
// up from the replica alone.

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"mime/multipart"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"

	"broadsheet/internal/news"
	"broadsheet/internal/replicate"
	"broadsheet/internal/slug"
	"broadsheet/internal/store"
)

const (
	// drillPublishFor is how long the editor publishes before the kill, at
	// least; up to a second more is added at random, so that the kill falls
	// anywhere between two of Litestream's checks.
	drillPublishFor = 4 * time.Second
	// drillSlack is what staging and uploading a change may add to
	// replicate.RecoveryPoint on a busy two-core machine.
	drillSlack = 500 * time.Millisecond
)

// buildBinary builds the release binary as `make build` does (static, no cgo).
func buildBinary(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "broadsheet")
	build := exec.Command("go", "build", "-trimpath", "-o", bin, ".")
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	return bin
}

// drillClient is an editor's browser over plain HTTP: it keeps cookies,
// does not follow redirects, and remembers the page's CSRF token.
type drillClient struct {
	t    *testing.T
	http *http.Client
	csrf string
}

var drillCSRF = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

func newDrillClient(t *testing.T) *drillClient {
	jar, _ := cookiejar.New(nil) // cookies follow the host, whatever the port
	return &drillClient{t: t, http: &http.Client{
		Jar:           jar,
		Timeout:       30 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}}
}

func (c *drillClient) do(req *http.Request) (int, string) {
	c.t.Helper()
	resp, err := c.http.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if m := drillCSRF.FindSubmatch(b); m != nil {
		c.csrf = string(m[1])
	}
	return resp.StatusCode, string(b)
}

func (c *drillClient) get(base, path string) (int, string) {
	c.t.Helper()
	req, _ := http.NewRequest(http.MethodGet, base+path, nil)
	return c.do(req)
}

func (c *drillClient) signIn(base, email, password string) {
	c.t.Helper()
	req, _ := http.NewRequest(http.MethodPost, base+"/newsroom/login",
		strings.NewReader(url.Values{"email": {email}, "password": {password}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if code, body := c.do(req); code != http.StatusSeeOther {
		c.t.Fatalf("sign-in: status %d, want 303\n%s", code, body)
	}
	if code, _ := c.get(base, "/newsroom/stories/new"); code != http.StatusOK || c.csrf == "" {
		c.t.Fatalf("the editor: status %d, CSRF token %q", code, c.csrf)
	}
}

// publish sends the newsroom's editor form (multipart, as a browser does)
// for a new English story and returns the status.
func (c *drillClient) publish(base, headline, token string) int {
	c.t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, v := range map[string]string{
		"csrf": c.csrf, "create_token": token, "action": "publish", "section": "technology", "version": "0",
		"en-headline": headline, "en-summary": "A story published while the site replicates.",
		"en-byline": "By the Night Desk",
		"en-body":   "The first paragraph of a story written to be lost or kept.\n\n## What it proves\n\nThat the replica holds it.",
	} {
		mw.WriteField(k, v)
	}
	mw.Close()
	req, _ := http.NewRequest(http.MethodPost, base+"/newsroom/stories/new", &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	code, body := c.do(req)
	if code != http.StatusSeeOther {
		c.t.Fatalf("publish %q: status %d, want 303\n%s", headline, code, body)
	}
	return code
}

type drillStory struct {
	slug string
	at   time.Time // when the newsroom answered: the commit came before
}

// rss is the resident memory of a process, from /proc, for the log.
func rss(pid int) string {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return "?"
	}
	for _, l := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(l, "VmRSS:"); ok {
			return strings.TrimSpace(v)
		}
	}
	return "?"
}

// replicationDrill runs the whole drill against one replica URL, with the
// variables in vars set for the test and the binary, and reports what the
// kill cost. The restored site then replicates to the same URL, as a new
// machine would, and stops cleanly: a second restore finds the story it
// published just before it stopped.
func replicationDrill(t *testing.T, replica string, vars map[string]string) {
	for k, v := range vars {
		t.Setenv(k, v)
	}
	bin := buildBinary(t)
	env := os.Environ()
	data := filepath.Join(t.TempDir(), "site")
	const email, password = "chief@example.com", "harbour lights at dawn"

	// The first admin, made with the subcommand as a self-hoster would, in
	// the site's data directory (made first: user add needs a site).
	newSite(t, data)
	add := exec.Command(bin, "user", "add", "--data", data, "--email", email, "--role", "admin")
	add.Env, add.Stdin = env, strings.NewReader(password+"\n")
	if out, err := add.CombinedOutput(); err != nil {
		t.Fatalf("user add: %v\n%s", err, out)
	}

	srv := exec.Command(bin, "--addr", "127.0.0.1:0", "--data", data, "--replicate", replica)
	srv.Env = env
	log := &lockedBuffer{}
	srv.Stdout, srv.Stderr = log, log
	if err := srv.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- srv.Wait() }()
	t.Cleanup(func() {
		srv.Process.Kill()
		if t.Failed() {
			t.Logf("replicating server's log:\n%s", log)
		}
	})
	base := waitURL(t, log, exited)
	if !strings.Contains(log.String(), "replicating the database") {
		t.Fatalf("the server does not say it replicates:\n%s", log)
	}

	ed := newDrillClient(t)
	ed.signIn(base, email, password)
	var stories []drillStory
	start := time.Now()
	publishFor := drillPublishFor + rand.N(time.Second)
	for i := 0; time.Since(start) < publishFor; i++ {
		headline := fmt.Sprintf("Night desk dispatch number %d", i)
		ed.publish(base, headline, fmt.Sprintf("drill-%d-%d", start.UnixNano(), i))
		stories = append(stories, drillStory{slug.Make(news.EN, headline), time.Now()})
		time.Sleep(50 * time.Millisecond)
	}
	memory := rss(srv.Process.Pid)
	killedAt := time.Now()
	if err := srv.Process.Kill(); err != nil { // SIGKILL: no shutdown, no final sync
		t.Fatal(err)
	}
	<-exited
	if strings.Contains(log.String(), "final sync") {
		t.Fatal("the killed server got to its final sync")
	}

	// A new machine: an empty data directory and the replica's URL.
	fresh := filepath.Join(t.TempDir(), "restored")
	restore := exec.Command(bin, "restore", "--from", replica, "--data", fresh)
	restore.Env = env
	out, err := restore.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "integrity check passed") {
		t.Fatalf("restore --from: %v\n%s", err, out)
	}
	if strings.Contains(string(out), "no session key") {
		t.Fatalf("the replica did not keep the session key:\n%s", out)
	}
	oldKey, _ := os.ReadFile(filepath.Join(data, "session.key"))
	newKey, err := os.ReadFile(filepath.Join(fresh, "session.key"))
	if err != nil || !bytes.Equal(oldKey, newKey) || len(newKey) < 32 {
		t.Fatalf("restored session key (err %v) is not the site's", err)
	}
	for _, name := range []string{"broadsheet.db", "session.key"} {
		if fi, err := os.Stat(filepath.Join(fresh, name)); err != nil || fi.Mode().Perm() != 0o600 {
			t.Fatalf("restored %s: %v, want mode 0600", name, err)
		}
	}

	restored, _, stop := startRun(t, fresh, func(c *Config) { c.Replicate = replica })
	stopped := false
	defer func() {
		if !stopped {
			stop()
		}
	}()
	reader := newDrillClient(t)
	var lost, kept []time.Duration // each story's age at the kill, oldest first
	for i, s := range stories {
		age := killedAt.Sub(s.at)
		code, _ := reader.get(restored, "/en/story/"+s.slug)
		switch {
		case code == http.StatusOK && len(lost) > 0:
			t.Fatalf("story %d is restored but an earlier one is not: the copy is not one point in time", i)
		case code == http.StatusOK:
			kept = append(kept, age)
		case code == http.StatusNotFound:
			lost = append(lost, age)
			if age > replicate.RecoveryPoint+drillSlack {
				t.Errorf("story %d (%s), published %v before the kill, is not in the replica; want every story older than %v",
					i, s.slug, age.Round(time.Millisecond), replicate.RecoveryPoint+drillSlack)
			}
		default:
			t.Fatalf("story %s on the restored site: status %d", s.slug, code)
		}
	}
	if len(kept) == 0 {
		t.Fatalf("none of the %d stories reached the replica", len(stories))
	}
	oldestLost := time.Duration(0)
	if len(lost) > 0 {
		oldestLost = lost[0]
	}
	t.Logf("recovery point: %d of %d stories published over %v were lost; the oldest lost was published %v before the SIGKILL, the newest kept %v before (bound %v + %v slack); server RSS %s",
		len(lost), len(stories), publishFor.Round(time.Millisecond), oldestLost.Round(time.Millisecond), kept[len(kept)-1].Round(time.Millisecond),
		replicate.RecoveryPoint, drillSlack, memory)

	// The editor's session and its CSRF token survive the move (the token is
	// an HMAC under the session key): the key and the newsroom's sessions
	// came along, and work goes on where it stopped.
	token := ed.csrf
	if code, page := ed.get(restored, "/newsroom/"); code != http.StatusOK || !strings.Contains(page, email) {
		t.Fatalf("the editor's session on the restored site: status %d", code)
	}
	if ed.csrf != token {
		t.Fatal("the restored site gives the editor another CSRF token: its key is not the site's")
	}
	after := slug.Make(news.EN, "First dispatch from the new machine")
	ed.publish(restored, "First dispatch from the new machine", "drill-after-restore")
	if code, _ := reader.get(restored, "/en/story/"+after); code != http.StatusOK {
		t.Fatalf("a story published on the restored site: status %d", code)
	}
	stop() // SIGTERM's path: drain, close the database, then the final sync
	stopped = true

	again := filepath.Join(t.TempDir(), "again")
	restore = exec.Command(bin, "restore", "--from", replica, "--data", again)
	restore.Env = env
	if out, err := restore.CombinedOutput(); err != nil {
		t.Fatalf("second restore --from: %v\n%s", err, out)
	}
	st, err := store.Open(context.Background(), filepath.Join(again, "broadsheet.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	for _, s := range []string{after, stories[0].slug} {
		if _, err := st.Story(context.Background(), news.EN, s); err != nil {
			t.Fatalf("%s after a clean stop and a second restore: %v", s, err)
		}
	}
}

// TestReplicateSIGKILLToDirectory: the replica is a directory (another disk
// or a network mount in production).
func TestReplicateSIGKILLToDirectory(t *testing.T) {
	replicationDrill(t, "file://"+filepath.Join(t.TempDir(), "replica"), nil)
}

// TestReplicateSIGKILLToS3: the replica is a bucket of an S3-compatible store
// served by the test on a loopback port. AWS_CA_BUNDLE is set, as it is on
// this machine kind, and must not get in the way.
func TestReplicateSIGKILLToS3(t *testing.T) {
	be := s3mem.New()
	if err := be.CreateBucket("news-replica"); err != nil {
		t.Fatal(err)
	}
	s3 := httptest.NewServer(gofakes3.New(be).Server())
	t.Cleanup(s3.Close)
	replicationDrill(t, "s3://news-replica/broadsheet?endpoint="+s3.URL+"&region=us-east-1&force-path-style=true", map[string]string{
		"AWS_ACCESS_KEY_ID": "broadsheet-drill", "AWS_SECRET_ACCESS_KEY": "broadsheet-drill-secret",
		"AWS_CA_BUNDLE": "/etc/ssl/certs/ca-certificates.crt",
	})
	if obj, err := be.HeadObject("news-replica", "broadsheet/"+replicate.KeyName); err != nil || obj.Size < 32 {
		t.Fatalf("the session key beside the replica: %v", err)
	}
}

func TestReplicateFlag(t *testing.T) {
	c, err := parseConfig(nil, env(map[string]string{"BROADSHEET_REPLICATE": "s3://news/site?region=eu-west-1"}), io.Discard)
	if err != nil || c.Replicate != "s3://news/site?region=eu-west-1" {
		t.Fatalf("BROADSHEET_REPLICATE: %q, %v", c.Replicate, err)
	}
	if c, _ := parseConfig(nil, env(nil), io.Discard); c.Replicate != "" {
		t.Fatalf("replication is on by default: %q", c.Replicate)
	}
	for _, bad := range []string{"replica", "file://replica", "s3://news/site?force_path_style=true", "sftp://host/path"} {
		if _, err := parseConfig([]string{"--replicate", bad}, env(nil), io.Discard); err == nil || !strings.Contains(err.Error(), "--replicate") {
			t.Errorf("--replicate %q: err=%v, want it refused", bad, err)
		}
	}
}

// TestRestoreFromKeepsTheRules: restore --from refuses what restore refuses,
// checks the copy before putting it in place, says when the replica has no
// key, and clears replication state left by the database it replaces.
func TestRestoreFromKeepsTheRules(t *testing.T) {
	ctx := context.Background()
	var out bytes.Buffer
	restore := func(args ...string) error {
		out.Reset()
		return run(ctx, append([]string{"restore"}, args...), env(nil), &out)
	}
	data := t.TempDir()
	if err := restore("--data", data, "--from", "file:///srv/replica", "site.tar.gz"); err == nil || !strings.Contains(err.Error(), "takes no backup file") {
		t.Fatalf("--from with a file: %v", err)
	}
	if err := restore("--data", data, "--from", "replica"); err == nil || !strings.Contains(err.Error(), "--from") {
		t.Fatalf("--from a relative path: %v", err)
	}
	empty := "file://" + filepath.Join(t.TempDir(), "empty")
	if err := restore("--data", data, "--from", empty); err == nil || !strings.Contains(err.Error(), "holds no database") {
		t.Fatalf("--from an empty replica: %v", err)
	}
	if _, err := os.Stat(filepath.Join(data, "broadsheet.db")); err == nil {
		t.Fatal("a failed restore left a database behind")
	}

	// A replica made without the key (ShipKey never called).
	src := filepath.Join(t.TempDir(), "broadsheet.db")
	replica := "file://" + filepath.Join(t.TempDir(), "replica")
	r, err := replicate.Start(ctx, src, replica, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	st, err := store.Open(ctx, src)
	if err != nil {
		t.Fatal(err)
	}
	st.PutSection(ctx, "world", 0, map[news.Lang]string{news.EN: "World", news.ZH: "国际"})
	st.Close()
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}

	bare := filepath.Join(t.TempDir(), "bare")
	if err := restore("--data", bare, "--from", replica); err != nil || !strings.Contains(out.String(), "makes a new one") {
		t.Fatalf("restore --from a replica without a key into a new directory: %v\n%s", err, out.String())
	}
	if _, err := os.Stat(filepath.Join(bare, "session.key")); err == nil {
		t.Fatal("a key appeared from nowhere")
	}

	site := t.TempDir()
	_, _, stopSite := startRun(t, site) // the demo site, with its key
	stopSite()
	stale := replicate.LocalState(filepath.Join(site, "broadsheet.db"))
	if err := os.MkdirAll(filepath.Join(stale, "ltx", "0"), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := restore("--data", site, "--from", replica); err == nil || !strings.Contains(err.Error(), "--force") {
		t.Fatalf("--from over a site without --force: %v", err)
	}
	key, _ := os.ReadFile(filepath.Join(site, "session.key"))
	if err := restore("--data", site, "--force", "--from", replica); err != nil {
		t.Fatalf("restore --force --from: %v\n%s", err, out.String())
	}
	if !strings.Contains(out.String(), "integrity check passed") || !strings.Contains(out.String(), "stays as it was") {
		t.Fatalf("restore --from a replica without a key said:\n%s", out.String())
	}
	if now, _ := os.ReadFile(filepath.Join(site, "session.key")); !bytes.Equal(now, key) {
		t.Fatal("the site's own key was replaced although the replica has none")
	}
	if _, err := os.Stat(stale); err == nil {
		t.Fatal("the replaced database's replication state is still there")
	}
	rst, err := store.Open(ctx, filepath.Join(site, "broadsheet.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer rst.Close()
	if _, err := rst.Section(ctx, news.EN, "world"); err != nil {
		t.Fatalf("the replica's section after restore: %v", err)
	}
	if empty, _ := rst.Empty(ctx); !empty {
		t.Fatal("the demo site was not replaced")
	}
}
