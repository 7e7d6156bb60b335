package main

import (
	"bytes"
	"context"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// wantModes checks the permission bits of files.
func wantModes(t *testing.T, modes map[string]fs.FileMode) {
	t.Helper()
	for path, want := range modes {
		fi, err := os.Stat(path)
		if err != nil {
			t.Errorf("%s: %v", path, err)
			continue
		}
		if got := fi.Mode().Perm(); got != want {
			t.Errorf("%s: mode %04o, want %04o", filepath.Base(path), got, want)
		}
	}
}

// withUmask runs the test under umask m, restoring the old one after.
func withUmask(t *testing.T, m int) {
	old := syscall.Umask(m)
	t.Cleanup(func() { syscall.Umask(old) })
}

// The server started on a data directory someone made 0755 (mkdir, a
// container volume) keeps the database, its WAL and the key to the owner.
func TestDataDirModesOnStart(t *testing.T) {
	withUmask(t, 0) // the loosest a service may start with
	data := filepath.Join(t.TempDir(), "data")
	if err := os.Mkdir(data, 0o755); err != nil {
		t.Fatal(err)
	}
	_, log, stop := startRun(t, data)
	defer stop()
	db := filepath.Join(data, "broadsheet.db")
	wantModes(t, map[string]fs.FileMode{
		data:                               0o750,
		db:                                 0o600,
		db + "-wal":                        0o600,
		db + "-shm":                        0o600,
		filepath.Join(data, "session.key"): 0o600,
	})
	if !strings.Contains(log.String(), `msg="the data directory was open to other users: made private" dir=`+data+" was=0755 now=0750") {
		t.Errorf("tightening the directory is not logged:\n%s", log)
	}
}

// An install from before these modes is put right by any command, and by the
// server, with a notice for each file.
func TestDataDirModesTightenOldInstall(t *testing.T) {
	withUmask(t, 0)
	data := filepath.Join(t.TempDir(), "data")
	if err := os.Mkdir(data, 0o777); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	oldStderr := stderr
	stderr = &out
	defer func() { stderr = oldStderr }()
	if err := run(context.Background(), []string{"reindex", "--data", data}, env(nil), io.Discard); err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(data, "broadsheet.db")
	wantModes(t, map[string]fs.FileMode{data: 0o750, db: 0o600})
	if !strings.Contains(out.String(), "was=0777 now=0750") {
		t.Errorf("the command does not say it tightened the directory:\n%s", out.String())
	}

	// As an older version left them: everything readable by all.
	key := filepath.Join(data, "session.key")
	if err := os.WriteFile(key, bytes.Repeat([]byte{7}, 64), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{data, db} {
		if err := os.Chmod(p, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Chmod(db, 0o644); err != nil {
		t.Fatal(err)
	}
	_, log, stop := startRun(t, data)
	defer stop()
	wantModes(t, map[string]fs.FileMode{data: 0o750, db: 0o600, db + "-wal": 0o600, db + "-shm": 0o600, key: 0o600})
	for _, f := range []string{db, key} {
		if !strings.Contains(log.String(), "file="+f+" was=0644 now=0600") {
			t.Errorf("tightening %s is not logged:\n%s", filepath.Base(f), log)
		}
	}
}

// A data directory that is a file is refused with its name.
func TestDataDirIsAFile(t *testing.T) {
	data := filepath.Join(t.TempDir(), "data")
	if err := os.WriteFile(data, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	err := run(context.Background(), []string{"reindex", "--data", data}, env(nil), &bytes.Buffer{})
	if err == nil || !strings.Contains(err.Error(), data) {
		t.Fatalf("err=%v, want it to name %s", err, data)
	}
}
