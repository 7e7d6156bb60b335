package store

import (
	"context"
	"database/sql"
	"time"
	_ "time/tzdata" // zone names work on a machine without /usr/share/zoneinfo

	"broadsheet/internal/news"
)

// TimeZone is the site's time zone, in which readers see times: its IANA
// name, "" for UTC.
func (s *Store) TimeZone(ctx context.Context) (string, error) {
	var name string
	err := s.db.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = 'time_zone'`).Scan(&name)
	if err == sql.ErrNoRows {
		return "", nil
	}
	return name, err
}

// SetTimeZone sets the site's time zone by its IANA name ("" for UTC). Story
// pages show times in it, so their stored parts are forgotten in the same
// transaction. An unknown name is a *news.FieldError and nothing changes.
func (s *Store) SetTimeZone(ctx context.Context, name string) error {
	if _, err := LoadZone(name); err != nil {
		return &news.FieldError{Field: "time_zone", Reason: "is not a time zone"}
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES ('time_zone', ?)
			ON CONFLICT (key) DO UPDATE SET value = excluded.value`, name); err != nil {
			return err
		}
		return forgetParts(ctx, tx, `SELECT translation_id FROM story_parts`)
	})
}

// LoadZone is the location an IANA name names; "" is UTC. "Local" is
// refused: the site's zone must not depend on the machine it runs on.
func LoadZone(name string) (*time.Location, error) {
	if name == "" {
		return time.UTC, nil
	}
	if name == "Local" || len(name) > 64 {
		return nil, news.ErrInvalid
	}
	return time.LoadLocation(name)
}
