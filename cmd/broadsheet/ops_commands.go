package main

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"time"

	"broadsheet/internal/replicate"
	"broadsheet/internal/store"
)

// This init runs after commands.go's, which assigns the table (Go runs a
// package's init functions in the order of its file names).
func init() {
	commands["backup"] = command{
		summary: "write a consistent snapshot of the site (database, pictures and key) to one file, while the server runs",
		usage:   "broadsheet backup [--data DIR] FILE (- for standard output)",
		run:     backupCommand,
	}
	commands["restore"] = command{
		summary: "put a backup, or the newest copy in a replica (--from), in place in a data directory, after checking its integrity",
		usage: "broadsheet restore [--data DIR] [--force] FILE (- for standard input)\n" +
			"       broadsheet restore [--data DIR] [--force] --from URL (the --replicate URL)",
		run: restoreCommand,
	}
	commands["version"] = command{
		summary: "print the version, commit and Go version",
		usage:   "broadsheet version",
		run:     versionCommand,
	}
}

// A backup is a gzipped tar of these files, and nothing else.
const (
	backupDB       = "broadsheet.db"
	backupKey      = "session.key"
	backupManifest = "BACKUP"
	// maxBackupKey bounds the key read from a backup (it is 64 bytes).
	maxBackupKey = 4 << 10
)

func backupCommand(ctx context.Context, args []string, getenv func(string) string, out io.Writer) error {
	st, data, rest, err := commandData(ctx, "backup", args, getenv, out, nil)
	if err != nil {
		return err
	}
	defer st.Close()
	if len(rest) != 1 {
		return errors.New("backup: name one file to write, e.g. broadsheet backup site-2026-12-06.tar.gz")
	}
	target := rest[0]
	toStdout := target == "-" // for a service whose user may write only its data directory
	if _, err := os.Lstat(target); err == nil && !toStdout {
		return fmt.Errorf("backup: %s exists; name a new file", target)
	}
	start := time.Now()
	// The snapshot is written beside the target, so it never crosses
	// filesystems; one for standard output, inside the data directory.
	tmpDir := filepath.Dir(target)
	if toStdout {
		tmpDir = data
	}
	tmp, err := os.MkdirTemp(tmpDir, ".broadsheet-backup-")
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	defer os.RemoveAll(tmp)
	snap := filepath.Join(tmp, backupDB)
	if err := st.Backup(ctx, snap); err != nil {
		return fmt.Errorf("backup: snapshot: %w", err)
	}
	if err := store.CheckIntegrity(ctx, snap); err != nil {
		return fmt.Errorf("backup: the snapshot fails its check: %w", err)
	}
	key, err := os.ReadFile(filepath.Join(data, "session.key"))
	if err != nil {
		return fmt.Errorf("backup: the site key: %w", err)
	}
	partial := filepath.Join(tmp, "backup.tar.gz")
	if err := writeBackup(partial, snap, key, start); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	if toStdout {
		f, err := os.Open(partial)
		if err != nil {
			return fmt.Errorf("backup: %w", err)
		}
		defer f.Close()
		if _, err := io.Copy(out, f); err != nil {
			return fmt.Errorf("backup: writing to standard output: %w", err)
		}
		fmt.Fprintf(stderr, "backed up %s to standard output in %v\n", data, time.Since(start).Round(time.Millisecond))
		return nil
	}
	// Link, not rename: a file that appeared at target meanwhile is never replaced.
	if err := os.Link(partial, target); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	fi, _ := os.Stat(target)
	fmt.Fprintf(out, "backed up %s to %s (%d bytes) in %v\n", data, target, fi.Size(), time.Since(start).Round(time.Millisecond))
	return nil
}

// writeBackup writes the snapshot, the key and a manifest as a gzipped tar, mode 0600.
func writeBackup(path, snap string, key []byte, at time.Time) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	defer f.Close()
	zw, _ := gzip.NewWriterLevel(f, gzip.BestSpeed)
	tw := tar.NewWriter(zw)
	add := func(name string, size int64, r io.Reader) error {
		if err := tw.WriteHeader(&tar.Header{Name: name, Mode: 0o600, Size: size, ModTime: at, Typeflag: tar.TypeReg}); err != nil {
			return err
		}
		_, err := io.Copy(tw, r)
		return err
	}
	manifest := fmt.Sprintf("Broadsheet backup\ncreated %s\nversion %s\n", at.UTC().Format(time.RFC3339), buildVersion())
	if err := add(backupManifest, int64(len(manifest)), strings.NewReader(manifest)); err != nil {
		return err
	}
	db, err := os.Open(snap)
	if err != nil {
		return err
	}
	defer db.Close()
	fi, err := db.Stat()
	if err != nil {
		return err
	}
	if err := add(backupDB, fi.Size(), db); err != nil {
		return err
	}
	if err := add(backupKey, int64(len(key)), bytes.NewReader(key)); err != nil {
		return err
	}
	if err := tw.Close(); err != nil {
		return err
	}
	if err := zw.Close(); err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		return err
	}
	return f.Close()
}

func restoreCommand(ctx context.Context, args []string, getenv func(string) string, out io.Writer) error {
	fs, data := commandFlags("restore", getenv, out)
	force := fs.Bool("force", false, "replace the site already in the data directory (stop its server first)")
	from := fs.String("from", "", "restore the newest copy from the replica a server ships to with --replicate (file:///path or s3://bucket/path?…), instead of a backup file")
	rest, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	source := ""
	if len(rest) > 0 {
		source = rest[0]
	}
	switch {
	case *from != "" && len(rest) != 0:
		return errors.New("restore: --from takes no backup file")
	case *from != "":
		if err := replicate.CheckURL(*from); err != nil {
			return fmt.Errorf("restore --from: %w", err)
		}
		source = replicate.Redact(*from) // its query may carry an encryption key
	case len(rest) != 1:
		return errors.New("restore: name one backup file, or a replica with --from URL")
	}
	dbPath := filepath.Join(*data, backupDB)
	if _, err := os.Stat(dbPath); err == nil && !*force {
		return fmt.Errorf("restore: %s already holds a site; stop its server and pass --force to replace it", *data)
	}
	if err := privateDir(*data, commandLog()); err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	tmp, err := os.MkdirTemp(*data, ".restore-")
	if err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	defer os.RemoveAll(tmp)
	var key []byte
	if *from != "" {
		// The key comes from beside the replica; nil when it has none.
		key, err = replicate.Restore(ctx, *from, filepath.Join(tmp, backupDB), commandLog())
	} else {
		key, err = readBackup(ctx, source, filepath.Join(tmp, backupDB))
	}
	if err != nil {
		return fmt.Errorf("restore: %s: %w", source, err)
	}
	if err := store.CheckIntegrity(ctx, filepath.Join(tmp, backupDB)); err != nil {
		return fmt.Errorf("restore: %s: %w; nothing was changed", source, err)
	}
	if key != nil {
		if err := os.WriteFile(filepath.Join(tmp, backupKey), key, 0o600); err != nil {
			return fmt.Errorf("restore: %w", err)
		}
	}
	// The old database's WAL must not be replayed into the restored one.
	for _, suffix := range []string{"-wal", "-shm"} {
		if err := os.Remove(dbPath + suffix); err != nil && !errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("restore: %w", err)
		}
	}
	// Nor may changes staged for shipping from the old database be taken
	// for the restored one's when it replicates in turn.
	if err := os.RemoveAll(replicate.LocalState(dbPath)); err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	if err := os.Rename(filepath.Join(tmp, backupDB), dbPath); err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	if key == nil {
		keyPath := filepath.Join(*data, backupKey)
		fmt.Fprintf(out, "restored %s into %s; integrity check passed\n", source, *data)
		if _, err := os.Stat(keyPath); err == nil {
			fmt.Fprintf(out, "the replica keeps no session key: %s stays as it was\n", keyPath)
		} else {
			fmt.Fprintf(out, "the replica keeps no session key: the server makes a new one at its first start unless %s is put in place "+
				"(readers are asked about cookies again, and newsroom forms opened before must be reloaded)\n", keyPath)
		}
		return nil
	}
	if err := os.Rename(filepath.Join(tmp, backupKey), filepath.Join(*data, backupKey)); err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	fmt.Fprintf(out, "restored %s into %s; integrity check passed\n", source, *data)
	return nil
}

// readBackup extracts the database to dbPath and returns the key; any other
// entry, a missing one or an oversized key is an error.
func readBackup(ctx context.Context, path, dbPath string) ([]byte, error) {
	var r io.Reader = stdin // "-": standard input
	if path != "-" {
		f, err := os.Open(path)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		r = f
	}
	zr, err := gzip.NewReader(r)
	if err != nil {
		return nil, errors.New("not a Broadsheet backup (not gzip)")
	}
	tr := tar.NewReader(zr)
	var key []byte
	var haveDB, haveManifest bool
	for {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		h, err := tr.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("not a Broadsheet backup: %w", err)
		}
		if h.Typeflag != tar.TypeReg {
			return nil, fmt.Errorf("not a Broadsheet backup: %s is not a regular file", h.Name)
		}
		switch h.Name {
		case backupManifest:
			haveManifest = true
		case backupKey:
			if key, err = io.ReadAll(io.LimitReader(tr, maxBackupKey+1)); err != nil {
				return nil, err
			}
			if len(key) < 32 || len(key) > maxBackupKey {
				return nil, errors.New("the site key in the backup has the wrong size")
			}
		case backupDB:
			out, err := os.OpenFile(dbPath, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
			if err != nil {
				return nil, err
			}
			_, err = io.Copy(out, tr)
			if cerr := out.Close(); err == nil {
				err = cerr
			}
			if err != nil {
				return nil, err
			}
			haveDB = true
		default:
			return nil, fmt.Errorf("not a Broadsheet backup: unexpected file %q", h.Name)
		}
	}
	if !haveManifest || !haveDB || key == nil {
		return nil, errors.New("not a Broadsheet backup: it lacks the database, the key or its manifest")
	}
	return key, nil
}

func versionCommand(ctx context.Context, args []string, getenv func(string) string, out io.Writer) error {
	if len(args) > 0 {
		return errors.New("version takes no arguments")
	}
	_, err := fmt.Fprintln(out, "broadsheet", buildVersion())
	return err
}

// buildVersion is the module version, the commit and the Go version the
// binary was built with, from its build information.
func buildVersion() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "(no build information)"
	}
	v, commit, dirty := info.Main.Version, "", false
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			commit = s.Value
		case "vcs.modified":
			dirty = s.Value == "true"
		}
	}
	if version != "" {
		v = version
	}
	if v == "" {
		v = "(devel)"
	}
	out := v
	if commit != "" {
		if len(commit) > 12 {
			commit = commit[:12]
		}
		out += " commit " + commit
		if dirty {
			out += " (modified)"
		}
	}
	return out + " " + info.GoVersion
}

// version is stamped by the release build: -ldflags "-X main.version=v1.2.3".
var version string
