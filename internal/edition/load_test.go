//go:build unix

package edition_test

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"testing/fstest"
	"time"

	"broadsheet/internal/edition"
)

const sectionsTOML = "[[section]]\nkey = \"world\"\nen = \"World\"\nzh-Hans = \"国际\"\n"

// problems returns each file's problem from loading an edition.
func problems(t *testing.T, err error) map[string]string {
	t.Helper()
	var le *edition.LoadError
	if !errors.As(err, &le) {
		t.Fatalf("err=%v, want a *LoadError", err)
	}
	out := map[string]string{}
	for _, p := range le.Problems {
		out[p.File] += p.Reason + "\n"
	}
	return out
}

// Import reads only regular files inside its directory: a symbolic link out
// of it, a FIFO, a device and a directory are each refused, by name, with
// what they are — and the FIFO does not make it wait.
func TestLoadDirRefusesWhatIsNotAFile(t *testing.T) {
	dir, outside := t.TempDir(), t.TempDir()
	write := func(name, src string) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(dir, name), []byte(src), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	write(edition.SectionsFile, sectionsTOML)
	write("good.svg", svg)
	write("good.en.md", story("good", "en", map[string]string{"image": "good.svg", "alt": "A picture"}, "Fine."))
	secret := filepath.Join(outside, "secret.en.md")
	if err := os.WriteFile(secret, []byte(story("secret", "en", nil, "Not yours.")), 0o600); err != nil {
		t.Fatal(err)
	}
	for link, target := range map[string]string{
		"escape.en.md":   secret,
		"relative.en.md": filepath.Join("..", filepath.Base(outside), "secret.en.md"),
		"zero.jpg":       "/dev/zero",
		"tty.en.md":      "/dev/tty",
	} {
		if err := os.Symlink(target, filepath.Join(dir, link)); err != nil {
			t.Fatal(err)
		}
	}
	write("zero.en.md", story("zero", "en", map[string]string{"image": "zero.jpg", "alt": "Zeros"}, "Body."))
	if err := syscall.Mkfifo(filepath.Join(dir, "fifo.en.md"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(filepath.Join(dir, "pipe.svg"), 0o600); err != nil {
		t.Fatal(err)
	}
	write("piped.en.md", story("piped", "en", map[string]string{"image": "pipe.svg", "alt": "A pipe"}, "Body."))
	if err := os.Mkdir(filepath.Join(dir, "folder.en.md"), 0o700); err != nil {
		t.Fatal(err)
	}

	done := make(chan error)
	go func() {
		_, err := edition.LoadDir(context.Background(), dir)
		done <- err
	}()
	var got map[string]string
	select {
	case err := <-done:
		got = problems(t, err)
	case <-time.After(30 * time.Second):
		t.Fatal("loading waits on a FIFO")
	}
	for file, want := range map[string]string{
		"escape.en.md":   "symbolic link that leads outside the edition directory",
		"relative.en.md": "symbolic link that leads outside the edition directory",
		"tty.en.md":      "symbolic link that leads outside the edition directory",
		"zero.en.md":     "image zero.jpg: a symbolic link that leads outside the edition directory",
		"fifo.en.md":     "a named pipe (FIFO), not a regular file",
		"piped.en.md":    "image pipe.svg: a named pipe (FIFO), not a regular file",
		"folder.en.md":   "a directory, not a file",
	} {
		if !strings.Contains(got[file], want) {
			t.Errorf("%s: problem %q, want %q", file, got[file], want)
		}
	}
	if p, ok := got["good.en.md"]; ok {
		t.Errorf("good.en.md: reported %q, but it is fine", p)
	}
	for f, p := range got {
		if strings.Contains(p, "Not yours") || f == "secret.en.md" {
			t.Errorf("the file outside the directory was read: %s: %s", f, p)
		}
	}
}

// A file over its limit is refused by its size, before it is read.
func TestLoadDirRefusesOversizeFiles(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, edition.SectionsFile), []byte(sectionsTOML), 0o600); err != nil {
		t.Fatal(err)
	}
	for name, size := range map[string]int64{
		"big.en.md": edition.MaxMarkdownBytes + 1,
		"huge.jpg":  edition.MaxPictureBytes + 1,
	} {
		f, err := os.Create(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		if err := f.Truncate(size); err != nil { // sparse: nothing to read but zeros
			t.Fatal(err)
		}
		f.Close()
	}
	if err := os.WriteFile(filepath.Join(dir, "photo.en.md"), []byte(story("photo", "en", map[string]string{"image": "huge.jpg", "alt": "Big"}, "Body.")), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := edition.LoadDir(context.Background(), dir)
	got := problems(t, err)
	for file, want := range map[string]string{
		"big.en.md":   "1048577 bytes, more than the 1048576 allowed",
		"photo.en.md": "image huge.jpg: 10485761 bytes, more than the 10485760 allowed",
	} {
		if !strings.Contains(got[file], want) {
			t.Errorf("%s: problem %q, want %q", file, got[file], want)
		}
	}
}

// endlessFS has one file that says it is empty and never ends, like a
// device behind a regular file's name; it counts the bytes read from it.
type endlessFS struct {
	fstest.MapFS
	read *int64
}

func (e endlessFS) Open(name string) (fs.File, error) {
	if name == "endless.en.md" {
		return &endless{read: e.read}, nil
	}
	return e.MapFS.Open(name)
}

type endless struct{ read *int64 }

func (f *endless) Stat() (fs.FileInfo, error) {
	return fstest.MapFS{"endless.en.md": {}}.Stat("endless.en.md")
}
func (f *endless) Close() error { return nil }
func (f *endless) Read(p []byte) (int, error) {
	clear(p)
	*f.read += int64(len(p))
	return len(p), nil
}

func TestLoadReadsNoMoreThanTheLimit(t *testing.T) {
	var read int64
	fsys := endlessFS{MapFS: fstest.MapFS{
		edition.SectionsFile: {Data: []byte(sectionsTOML)},
		"endless.en.md":      {},
	}, read: &read}
	_, err := edition.Load(fsys, ".")
	if err == nil || !strings.Contains(err.Error(), "endless.en.md: more than the 1048576 bytes allowed") {
		t.Fatalf("err=%v, want the endless file refused", err)
	}
	if read > edition.MaxMarkdownBytes+1+64<<10 {
		t.Fatalf("read %d bytes of an endless file, want at most the limit", read)
	}
}

// sections.toml is small and has short lines: the TOML decoder takes
// seconds on a few kilobytes of dotted keys on one line.
func TestLoadRefusesPathologicalSections(t *testing.T) {
	for name, src := range map[string]string{
		"long line": "a" + strings.Repeat(".a", 4000) + " = 1\n",
		"big file":  strings.Repeat("# a comment line of reasonable length, repeated\n", 400),
	} {
		start := time.Now()
		_, err := edition.Load(fstest.MapFS{edition.SectionsFile: {Data: []byte(src)}}, ".")
		if err == nil || !strings.Contains(err.Error(), edition.SectionsFile+": ") {
			t.Errorf("%s: err=%v, want sections.toml refused", name, err)
		}
		t.Logf("%s: refused in %v", name, time.Since(start))
	}
}

// cancelFS cancels a context when a given file is opened, and records
// every file opened.
type cancelFS struct {
	fs.FS
	at     string
	cancel func()
	opened *[]string
}

func (c cancelFS) Open(name string) (fs.File, error) {
	*c.opened = append(*c.opened, name)
	if name == c.at {
		c.cancel()
	}
	return c.FS.Open(name)
}

// A cancelled import (SIGTERM) stops between files and returns the
// context's error, not an edition.
func TestLoadStopsWhenCancelled(t *testing.T) {
	files := fstest.MapFS{edition.SectionsFile: {Data: []byte(sectionsTOML)}}
	for _, k := range []string{"a", "b", "c", "d"} {
		files[k+".en.md"] = &fstest.MapFile{Data: []byte(story(k, "en", nil, "Body."))}
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var opened []string
	ed, err := edition.LoadFS(ctx, cancelFS{FS: files, at: "b.en.md", cancel: cancel, opened: &opened}, ".")
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err=%v, want context.Canceled", err)
	}
	if len(ed.Stories) != 0 || len(ed.Sections) != 0 {
		t.Fatalf("a cancelled load returned %d stories", len(ed.Stories))
	}
	for _, name := range opened {
		if name == "c.en.md" || name == "d.en.md" {
			t.Fatalf("%s was read after the context was cancelled (opened: %v)", name, opened)
		}
	}
}
