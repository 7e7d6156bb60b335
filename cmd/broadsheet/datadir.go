package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"broadsheet/internal/store"
)

// The data directory holds password hashes, drafts, embargoed stories and the
// cookie key: the directory is the owner's and the group's to read (a backup
// job may run as the group), every file in it the owner's alone.
const (
	dataDirMode  fs.FileMode = 0o750
	dataFileMode fs.FileMode = 0o600
)

// stderr is where commands say what they changed in the data directory, so
// their standard output stays their result; tests replace it.
var stderr io.Writer = os.Stderr

// openData makes the data directory private (creating it when missing) and
// opens its database. The server and every command go through here.
func openData(ctx context.Context, dir string, log *slog.Logger) (*store.Store, error) {
	if err := privateDir(dir, log); err != nil {
		return nil, err
	}
	db := filepath.Join(dir, "broadsheet.db")
	// SQLite gives the -wal and -shm files the database file's mode when it
	// makes them, but files left by an older version keep theirs.
	for _, p := range []string{db, db + "-wal", db + "-shm"} {
		if err := privateFile(p, log); err != nil {
			return nil, err
		}
	}
	return store.Open(ctx, db)
}

// privateDir creates dir with mode 0750, or takes group write and every
// permission of other users off an existing one, saying so in the log: a
// directory made by hand or by a tool (mkdir, a container volume, systemd's
// StateDirectory) is 0755 by default, and refusing it would stop every such
// install at its next start for a fix the program can make itself. Only when
// the directory stays writable by others does the start fail: they could
// replace the database or the key.
func privateDir(dir string, log *slog.Logger) error {
	if err := os.MkdirAll(dir, dataDirMode); err != nil {
		return fmt.Errorf("data directory: %w", err)
	}
	fi, err := os.Stat(dir)
	if err != nil {
		return fmt.Errorf("data directory: %w", err)
	}
	if !fi.IsDir() {
		return fmt.Errorf("data directory %s: not a directory", dir)
	}
	mode := fi.Mode().Perm()
	loose := mode &^ dataDirMode
	if loose == 0 {
		return nil
	}
	if err := os.Chmod(dir, mode&dataDirMode); err != nil {
		if loose&0o022 != 0 {
			return fmt.Errorf("data directory %s is writable by other users (mode %04o) and could not be made %04o: %w", dir, mode, mode&dataDirMode, err)
		}
		log.Warn("the data directory is readable by other users and could not be made private; its files are the owner's only",
			"dir", dir, "mode", fmt.Sprintf("%04o", mode), "err", err)
		return nil
	}
	log.Warn("the data directory was open to other users: made private",
		"dir", dir, "was", fmt.Sprintf("%04o", mode), "now", fmt.Sprintf("%04o", mode&dataDirMode))
	return nil
}

// privateFile makes an existing file in the data directory the owner's alone
// (0600), saying so in the log; a missing file is left to be created so.
func privateFile(path string, log *slog.Logger) error {
	fi, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	if !fi.Mode().IsRegular() {
		return fmt.Errorf("%s: not a regular file", path)
	}
	mode := fi.Mode().Perm()
	if mode&^dataFileMode == 0 {
		return nil
	}
	if err := os.Chmod(path, mode&dataFileMode); err != nil {
		return fmt.Errorf("%s is readable by other users (mode %04o) and could not be made %04o: %w", path, mode, mode&dataFileMode, err)
	}
	log.Warn("a data file was readable by other users: made private",
		"file", path, "was", fmt.Sprintf("%04o", mode), "now", fmt.Sprintf("%04o", mode&dataFileMode))
	return nil
}

// lockFile is held by the running server: a second server on the same data
// directory would write the same database and key.
const lockFile = "broadsheet.lock"

// lockHolder says who holds dir's lock ("" when nobody does, or dir has none).
func lockHolder(dir string) string {
	f, err := os.Open(filepath.Join(dir, lockFile))
	if err != nil {
		return ""
	}
	defer f.Close()
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err == nil {
		syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
		return ""
	}
	holder, _ := io.ReadAll(io.LimitReader(f, 512))
	return strings.TrimSpace(string(holder))
}

// lockDataDir takes the data directory for this server (an exclusive flock on
// broadsheet.lock, held until the returned file is closed, also by a crash)
// and writes who holds it there, so a second server can name the first.
func lockDataDir(dir, addr string) (*os.File, error) {
	if err := os.MkdirAll(dir, dataDirMode); err != nil {
		return nil, fmt.Errorf("data directory: %w", err)
	}
	path := filepath.Join(dir, lockFile)
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, dataFileMode)
	if err != nil {
		return nil, fmt.Errorf("data directory: %w", err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		holder, _ := io.ReadAll(io.LimitReader(f, 512))
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, fmt.Errorf("data directory %s is in use by another Broadsheet server (%s): stop it first, or give this one another --data",
				dir, strings.TrimSpace(string(holder)))
		}
		return nil, fmt.Errorf("lock the data directory %s: %w", dir, err)
	}
	note := fmt.Sprintf("pid %d, listening on %s, since %s\n", os.Getpid(), addr, time.Now().UTC().Format(time.RFC3339))
	// Who holds it is a courtesy for the error above: not writing it is no reason to stop.
	if f.Truncate(0) == nil {
		f.WriteAt([]byte(note), 0)
	}
	return f, nil
}
