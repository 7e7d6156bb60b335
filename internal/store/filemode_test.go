package store

import (
	"context"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// The database holds password hashes and unpublished stories: Open creates it
// for its owner alone, and SQLite gives the WAL and shared-memory files the
// same mode, whatever the umask and the directory's mode.
func TestOpenCreatesPrivateDataDirFiles(t *testing.T) {
	old := syscall.Umask(0)
	t.Cleanup(func() { syscall.Umask(old) })
	dir := filepath.Join(t.TempDir(), "data")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "broadsheet.db")
	st, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		fi, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := fi.Mode().Perm(), os.FileMode(0o600); got != want {
			t.Errorf("%s: mode %04o, want %04o", filepath.Base(p), got, want)
		}
	}
}
