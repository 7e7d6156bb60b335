package main

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"broadsheet/internal/news"
	"broadsheet/internal/store"
)

// TestBackupWhileRunningAndRestore takes a backup while the server runs and
// an editor keeps saving stories, restores it into a new data directory,
// and serves it: every story saved before the backup began is there, the
// restored copy passes SQLite's checks, and the site key comes along.
func TestBackupWhileRunningAndRestore(t *testing.T) {
	ctx := context.Background()
	data := t.TempDir()
	_, _, stop := startRun(t, data)
	defer stop()

	editor, err := store.Open(ctx, filepath.Join(data, "broadsheet.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer editor.Close()
	var saved atomic.Int64
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := 1; ; i++ {
			select {
			case <-done:
				return
			default:
			}
			slug := fmt.Sprintf("desk-note-%d", i)
			_, err := editor.SaveStory(ctx, news.StoryInput{Key: slug, Section: "world", Translations: []news.TranslationInput{{
				Lang: news.EN, Slug: slug, Headline: fmt.Sprintf("Desk note %d", i),
				Body:        []news.Block{{Kind: news.BlockParagraph, HTML: "A note.", Text: "A note."}},
				PublishedAt: time.Now().Add(-time.Hour).Truncate(time.Second),
			}}})
			if err != nil {
				t.Errorf("save %d: %v", i, err)
				return
			}
			saved.Store(int64(i))
		}
	}()
	for saved.Load() < 5 { // the editor is at work before the backup starts
		time.Sleep(5 * time.Millisecond)
	}
	before := saved.Load()
	file := filepath.Join(t.TempDir(), "site.tar.gz")
	var out bytes.Buffer
	if err := run(ctx, []string{"backup", "--data", data, file}, env(nil), &out); err != nil {
		t.Fatalf("backup: %v\n%s", err, out.String())
	}
	after := saved.Load()
	close(done)
	wg.Wait()
	if fi, err := os.Stat(file); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("backup file: %v, mode %v; want 0600", err, fi.Mode().Perm())
	}
	if err := run(ctx, []string{"backup", "--data", data, file}, env(nil), &out); err == nil {
		t.Fatal("a second backup overwrote the first")
	}
	// "-" writes the same kind of file to standard output.
	var piped bytes.Buffer
	if err := run(ctx, []string{"backup", "--data", data, "-"}, env(nil), &piped); err != nil {
		t.Fatalf("backup to standard output: %v", err)
	}
	defer func(r io.Reader) { stdin = r }(stdin)
	stdin = bytes.NewReader(piped.Bytes())
	if err := run(ctx, []string{"restore", "--data", filepath.Join(t.TempDir(), "from-pipe"), "-"}, env(nil), &out); err != nil {
		t.Fatalf("restoring from standard input a backup taken to standard output: %v", err)
	}
	if leftovers, _ := filepath.Glob(filepath.Join(data, ".broadsheet-backup-*")); len(leftovers) > 0 {
		t.Fatalf("backup left %v in the data directory", leftovers)
	}

	restored := filepath.Join(t.TempDir(), "new-machine")
	if err := run(ctx, []string{"restore", "--data", restored, file}, env(nil), &out); err != nil {
		t.Fatalf("restore: %v\n%s", err, out.String())
	}
	var n int64
	db, err := sql.Open("sqlite", "file:"+filepath.Join(restored, "broadsheet.db")+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	if err := db.QueryRow(`SELECT count(*) FROM stories WHERE key LIKE 'desk-note-%'`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	db.Close()
	if n < before || n > after {
		t.Fatalf("restored %d of the editor's stories; %d were saved before the backup began and %d when it ended", n, before, after)
	}
	k1, _ := os.ReadFile(filepath.Join(data, "session.key"))
	k2, err := os.ReadFile(filepath.Join(restored, "session.key"))
	if err != nil || !bytes.Equal(k1, k2) {
		t.Fatalf("the site key did not come along (%v)", err)
	}
	base, _, stop2 := startRun(t, restored)
	resp, err := http.Get(base + fmt.Sprintf("/en/story/desk-note-%d", before))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	stop2()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("restored site: a story saved before the backup answers %d", resp.StatusCode)
	}

	// A live data directory is replaced only when asked.
	err = run(ctx, []string{"restore", "--data", restored, file}, env(nil), &out)
	if err == nil || !strings.Contains(err.Error(), "--force") {
		t.Fatalf("restore over a site without --force: %v", err)
	}
	if err := run(ctx, []string{"restore", "--data", restored, "--force", file}, env(nil), &out); err != nil {
		t.Fatalf("restore --force: %v", err)
	}
	// A damaged or foreign file changes nothing.
	whole, _ := os.ReadFile(file)
	damaged := filepath.Join(t.TempDir(), "damaged.tar.gz")
	os.WriteFile(damaged, whole[:len(whole)/2], 0o600)
	garbage := filepath.Join(t.TempDir(), "garbage.tar.gz")
	os.WriteFile(garbage, []byte("not a backup"), 0o600)
	fresh := filepath.Join(t.TempDir(), "fresh")
	for _, f := range []string{damaged, garbage} {
		if err := run(ctx, []string{"restore", "--data", fresh, f}, env(nil), &out); err == nil {
			t.Fatalf("restoring %s succeeded", filepath.Base(f))
		}
		if _, err := os.Stat(filepath.Join(fresh, "broadsheet.db")); err == nil {
			t.Fatalf("a failed restore of %s left a database behind", filepath.Base(f))
		}
	}
}

func TestVersion(t *testing.T) {
	for _, args := range [][]string{{"version"}, {"--version"}} {
		var out bytes.Buffer
		if err := run(context.Background(), args, env(nil), &out); err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(out.String(), "broadsheet ") || !strings.Contains(out.String(), "go1.") {
			t.Fatalf("%v printed %q", args, out.String())
		}
	}
}
