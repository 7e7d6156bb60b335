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

// siteKey is the settings key of a field of the site's text in a written
// language: "site.name.en", "site.privacy.zh-Hans".
func siteKey(field string, lang news.Lang) string { return "site." + field + "." + string(lang) }

// SiteTexts is what the site says about itself in each written language, as
// its admins set it; a field never set (or set empty) is "", the default.
func (s *Store) SiteTexts(ctx context.Context) (map[news.Lang]news.SiteText, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT key, value FROM settings WHERE key LIKE 'site.%'`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	stored := map[string]string{}
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			return nil, err
		}
		stored[k] = v
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out := make(map[news.Lang]news.SiteText, len(news.Langs))
	for _, lang := range news.Langs {
		var t news.SiteText
		for _, f := range news.SiteFields {
			*f.Get(&t) = stored[siteKey(f.Name, lang)]
		}
		out[lang] = t
	}
	return out, nil
}

// SetSettings sets the time zone and the site's text in the written
// languages given, in one transaction: an empty field goes back to the
// default. Story pages embed both (times, the site's name), so their stored
// parts are forgotten with it. Anything invalid is a *news.FieldError and
// nothing changes.
func (s *Store) SetSettings(ctx context.Context, zone string, texts map[news.Lang]news.SiteText) error {
	if _, err := LoadZone(zone); err != nil {
		return &news.FieldError{Field: "time_zone", Reason: "is not a time zone"}
	}
	for lang, t := range texts {
		if !lang.Valid() {
			return &news.FieldError{Field: "lang", Reason: "is not a written language"}
		}
		if err := t.Validate(); err != nil {
			return err
		}
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		if err := setSetting(ctx, tx, "time_zone", zone); err != nil {
			return err
		}
		for lang, t := range texts {
			for _, f := range news.SiteFields {
				if err := setSetting(ctx, tx, siteKey(f.Name, lang), *f.Get(&t)); err != nil {
					return err
				}
			}
		}
		return forgetParts(ctx, tx, `SELECT translation_id FROM story_parts`)
	})
}

// setSetting writes one setting; "" removes the row, which means the
// default (for the time zone, UTC).
func setSetting(ctx context.Context, tx *sql.Tx, key, value string) error {
	if value == "" {
		_, err := tx.ExecContext(ctx, `DELETE FROM settings WHERE key = ?`, key)
		return err
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES (?, ?)
		ON CONFLICT (key) DO UPDATE SET value = excluded.value`, key, value)
	return err
}
