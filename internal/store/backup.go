package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
)

// Backup writes a consistent copy of the whole database to path, which must
// not exist, while the site goes on reading and writing: VACUUM INTO reads
// one snapshot (WAL mode lets writers continue) and writes a compact file.
// Pictures live in the database, so the copy is the whole site but its key.
func (s *Store) Backup(ctx context.Context, path string) error {
	_, err := s.db.ExecContext(ctx, `VACUUM INTO ?`, path)
	return err
}

// Ping checks that the database answers a query, for health checks.
func (s *Store) Ping(ctx context.Context) error {
	var one int
	return s.db.QueryRowContext(ctx, `SELECT 1`).Scan(&one)
}

// CheckIntegrity opens the database file at path read-only and runs SQLite's
// integrity and foreign-key checks, for a copy before it is put in place.
func CheckIntegrity(ctx context.Context, path string) error {
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro&_pragma=query_only(1)")
	if err != nil {
		return err
	}
	defer db.Close()
	rows, err := db.QueryContext(ctx, `PRAGMA integrity_check`)
	if err != nil {
		return fmt.Errorf("not a readable SQLite database: %w", err)
	}
	var problems []string
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			rows.Close()
			return err
		}
		if line != "ok" {
			problems = append(problems, line)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("not a readable SQLite database: %w", err)
	}
	if len(problems) > 0 {
		return fmt.Errorf("integrity check failed: %s", strings.Join(problems, "; "))
	}
	var fk int
	if err := db.QueryRowContext(ctx, `SELECT count(*) FROM pragma_foreign_key_check`).Scan(&fk); err != nil {
		return err
	}
	if fk > 0 {
		return fmt.Errorf("integrity check failed: %d rows break foreign keys", fk)
	}
	var stories bool
	if err := db.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'stories')`).Scan(&stories); err != nil {
		return err
	}
	if !stories {
		return errors.New("not a Broadsheet database: it has no stories table")
	}
	return nil
}
