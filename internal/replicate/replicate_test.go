package replicate

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"io/fs"
	"log/slog"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"

	"broadsheet/internal/news"
	"broadsheet/internal/store"
)

func TestReplicateURLs(t *testing.T) {
	for _, u := range []string{
		"file:///srv/replica", "file://localhost/srv/replica/", "s3://news", "s3://news/site/",
		"s3://news/site?endpoint=http://127.0.0.1:9000&region=eu-west-1&force-path-style=true",
	} {
		if err := CheckURL(u); err != nil {
			t.Errorf("CheckURL(%q)=%v, want nil", u, err)
		}
	}
	for u, want := range map[string]string{
		"":                                       "want file:///",
		"/srv/replica":                           "want file:///",
		"file://srv/replica":                     "absolute path",
		"file:///":                               "absolute path",
		"file:///srv/replica?x=1":                "no parameters",
		"s3:///site":                             "name a bucket",
		"s3://AKIA:secret@news/site":             "never in the URL",
		"s3://news/site?force_path_style=true":   "unknown parameter force_path_style",
		"s3://news/site?endpoint=localhost:9000": "endpoint",
		"gs://news/site":                         "unsupported scheme",
	} {
		err := CheckURL(u)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("CheckURL(%q)=%v, want an error mentioning %q", u, err, want)
		}
		if err != nil && strings.Contains(err.Error(), "secret") {
			t.Errorf("CheckURL(%q) repeats the secret: %v", u, err)
		}
	}
	if r, err := Start(context.Background(), filepath.Join(t.TempDir(), "x.db"), "", nil); r != nil || err != nil {
		t.Fatalf("Start without a URL=%v, %v; want nil, nil", r, err)
	}
	var off *Replicator // replication turned off
	off.ShipKey([]byte("k"))
	if off.Lag() != 0 || off.Close() != nil {
		t.Fatal("a nil Replicator does something")
	}
}

// syncBuffer is a log the replicator writes from its goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// roundTrip replicates a Broadsheet database to rawURL while a story is
// saved, stops cleanly, restores it elsewhere and checks that the copy is
// whole: the story, the key beside it, and Litestream's two tables, which
// Broadsheet's migrations, integrity check, backup and export take in
// their stride.
func roundTrip(t *testing.T, rawURL string) string {
	t.Helper()
	ctx := context.Background()
	logs := &syncBuffer{}
	log := slog.New(slog.NewTextHandler(logs, nil))
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("log:\n%s", logs)
		}
	})
	dbPath := filepath.Join(t.TempDir(), "broadsheet.db")
	// Started before the application opens the database, closed after it.
	r, err := Start(ctx, dbPath, rawURL, log)
	if err != nil {
		t.Fatal(err)
	}
	st, err := store.Open(ctx, dbPath)
	if err != nil {
		t.Fatal(err)
	}
	key := bytes.Repeat([]byte("k3y!"), 16)
	r.ShipKey(key)
	if err := st.PutSection(ctx, "world", 0, map[news.Lang]string{news.EN: "World", news.ZH: "国际"}); err != nil {
		t.Fatal(err)
	}
	for i := range 3 {
		slug := fmt.Sprintf("replicated-note-%d", i)
		if _, err := st.SaveStory(ctx, news.StoryInput{Key: slug, Section: "world", Translations: []news.TranslationInput{{
			Lang: news.EN, Slug: slug, Headline: fmt.Sprintf("Replicated note %d", i),
			Body:        []news.Block{{Kind: news.BlockParagraph, HTML: "A note.", Text: "A note."}},
			PublishedAt: time.Now().Add(-time.Hour).Truncate(time.Second),
		}}}); err != nil {
			t.Fatal(err)
		}
		time.Sleep(300 * time.Millisecond) // more than one change to ship
	}
	if lag := r.Lag(); lag > time.Minute {
		t.Errorf("Lag()=%v while replicating on one machine", lag)
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}

	restored := filepath.Join(t.TempDir(), "restored.db")
	got, err := Restore(ctx, rawURL, restored, log)
	if err != nil {
		t.Fatalf("Restore: %v", err)
	}
	if !bytes.Equal(got, key) {
		t.Fatalf("restored key=%q, want the shipped one", got)
	}
	if fi, err := os.Stat(restored); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("restored database: %v, mode %v; want 0600", err, fi.Mode().Perm())
	}
	if err := store.CheckIntegrity(ctx, restored); err != nil {
		t.Fatalf("the restored copy fails its check: %v", err)
	}
	raw, err := sql.Open("sqlite", "file:"+restored+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	var n int
	if err := raw.QueryRow(`SELECT count(*) FROM sqlite_master WHERE name IN ('_litestream_seq', '_litestream_lock')`).Scan(&n); err != nil || n != 2 {
		t.Fatalf("Litestream's tables in the copy: %d (err %v), want 2", n, err)
	}
	raw.Close()
	st, err = store.Open(ctx, restored) // migrations run over them
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	for i := range 3 {
		if _, err := st.Story(ctx, news.EN, fmt.Sprintf("replicated-note-%d", i)); err != nil {
			t.Fatalf("story %d after restore: %v", i, err)
		}
	}
	if ex, err := st.Export(ctx); err != nil || len(ex) != 3 {
		t.Fatalf("export of the restored copy: %d stories, err %v; want 3", len(ex), err)
	}
	backup := filepath.Join(t.TempDir(), "backup.db")
	if err := st.Backup(ctx, backup); err != nil {
		t.Fatal(err)
	}
	if err := store.CheckIntegrity(ctx, backup); err != nil {
		t.Fatalf("a backup of the restored copy fails its check: %v", err)
	}
	if _, err := Restore(ctx, rawURL, restored, log); err == nil {
		t.Fatal("Restore wrote over an existing file")
	}
	return logs.String()
}

func TestReplicateToDirectoryAndRestore(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "replica")
	roundTrip(t, "file://"+dir)
	// The replica holds the site's secrets: none of it is for other users.
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			t.Fatal(err)
		}
		if fi, _ := d.Info(); !d.IsDir() && fi.Mode().Perm()&0o077 != 0 {
			t.Errorf("%s: mode %v, want no access for others", p, fi.Mode().Perm())
		}
		return nil
	})
	if _, err := Restore(context.Background(), "file://"+filepath.Join(t.TempDir(), "empty"), filepath.Join(t.TempDir(), "x.db"), nil); err == nil ||
		!strings.Contains(err.Error(), "holds no database") {
		t.Fatalf("restore from an empty replica: %v, want it to say it holds no database", err)
	}
}

// fakeS3 serves an in-memory S3-compatible store on a loopback port.
func fakeS3(t *testing.T, bucket string) *httptest.Server {
	t.Helper()
	be := s3mem.New()
	if err := be.CreateBucket(bucket); err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(gofakes3.New(be).Server())
	t.Cleanup(ts.Close)
	return ts
}

// The AWS SDK refuses AWS_CA_BUNDLE with Litestream's HTTP client; it is set
// on this machine kind, so replication to S3 must not depend on it.
func TestReplicateToS3AndRestoreDespiteCABundle(t *testing.T) {
	ts := fakeS3(t, "news")
	t.Setenv("AWS_ACCESS_KEY_ID", "broadsheet-test")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "broadsheet-test-secret")
	t.Setenv("AWS_CA_BUNDLE", "/etc/ssl/certs/ca-certificates.crt")
	log := roundTrip(t, "s3://news/site?endpoint="+ts.URL+"&region=us-east-1&force-path-style=true")
	if !strings.Contains(log, "AWS_CA_BUNDLE is ignored") {
		t.Errorf("no warning that AWS_CA_BUNDLE is ignored:\n%s", log)
	}
	if _, err := Restore(context.Background(), "s3://news/elsewhere?endpoint="+ts.URL+"&region=us-east-1", filepath.Join(t.TempDir(), "x.db"), nil); err == nil ||
		!strings.Contains(err.Error(), "holds no database") {
		t.Fatalf("restore from an empty path: %v, want it to say it holds no database", err)
	}
}

// Litestream must be the only one to checkpoint while it replicates: a
// TRUNCATE or RESTART checkpoint from the application blocks writers for the
// whole busy timeout. Nothing in Broadsheet asks for one.
func TestReplicateNoCheckpointsInTheApp(t *testing.T) {
	root := filepath.Join("..", "..")
	checkpoint := regexp.MustCompile(`(?i)wal_checkpoint`)
	var seen int
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			switch d.Name() {
			case ".git", "node_modules", "bench-data", "dist", "bin", "replicate":
				return filepath.SkipDir
			}
			return nil
		}
		if strings.HasSuffix(p, "_test.go") || (!strings.HasSuffix(p, ".go") && !strings.HasSuffix(p, ".sql")) {
			return nil
		}
		seen++
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if loc := checkpoint.FindIndex(b); loc != nil {
			t.Errorf("%s asks SQLite for a checkpoint (%q); leave checkpoints to SQLite's automatic ones and Litestream", p, b[loc[0]:min(len(b), loc[1]+12)])
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if seen < 20 {
		t.Fatalf("read %d source files; is the repository where the test expects it?", seen)
	}
}
