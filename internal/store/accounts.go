package store

import (
	"context"
	"database/sql"
	"strings"
	"time"

	"broadsheet/internal/news"
)

const userColumns = `id, email, role, disabled, created_at`

func scanUser(r scanner, extra ...any) (news.User, error) {
	var u news.User
	var created int64
	err := r.Scan(append([]any{&u.ID, &u.Email, &u.Role, &u.Disabled, &created}, extra...)...)
	u.CreatedAt = time.Unix(created, 0).UTC()
	if err == sql.ErrNoRows {
		err = news.ErrNotFound
	}
	return u, err
}

// CreateUser adds a newsroom account; passwordHash is already hashed.
func (s *Store) CreateUser(ctx context.Context, email string, role news.Role, passwordHash string) (news.User, error) {
	email = strings.TrimSpace(email)
	if !role.Valid() {
		return news.User{}, &news.FieldError{Field: "role", Reason: "must be admin or editor"}
	}
	if !news.ValidEmail(email) {
		return news.User{}, &news.FieldError{Field: "email", Reason: "is not an email address"}
	}
	row := s.db.QueryRowContext(ctx, `INSERT INTO users (email, role, password_hash, created_at, device_secret)
		VALUES (?, ?, ?, ?, `+newDeviceSecret+`) RETURNING `+userColumns, email, role, passwordHash, s.now().Unix())
	u, err := scanUser(row)
	if err != nil && strings.Contains(err.Error(), "UNIQUE constraint failed: users.email") {
		return u, &news.FieldError{Field: "email", Reason: "already has an account"}
	}
	return u, err
}

// UserByEmail finds an account and its password hash for signing in.
func (s *Store) UserByEmail(ctx context.Context, email string) (news.User, string, error) {
	var hash string
	u, err := scanUser(s.db.QueryRowContext(ctx, `SELECT `+userColumns+`, password_hash FROM users WHERE email = ?`,
		strings.TrimSpace(email)), &hash)
	return u, hash, err
}

// SignInUser finds an account by email with what signing in checks: its
// password hash and its device secret, which its device cookies are signed
// with and which changes when the password changes or the account is disabled.
func (s *Store) SignInUser(ctx context.Context, email string) (news.User, string, []byte, error) {
	var hash string
	var secret []byte
	u, err := scanUser(s.db.QueryRowContext(ctx, `SELECT `+userColumns+`, password_hash, device_secret FROM users WHERE email = ?`,
		strings.TrimSpace(email)), &hash, &secret)
	return u, hash, secret, err
}

// newDeviceSecret is SQL for a new random device secret.
const newDeviceSecret = `randomblob(16)`

// User finds an account by id.
func (s *Store) User(ctx context.Context, id int64) (news.User, error) {
	return scanUser(s.db.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users WHERE id = ?`, id))
}

// Users lists every account by email.
func (s *Store) Users(ctx context.Context) ([]news.User, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+userColumns+` FROM users ORDER BY email`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []news.User
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, u)
	}
	return out, rows.Err()
}

// CountAdmins is how many enabled admin accounts exist.
func (s *Store) CountAdmins(ctx context.Context) (int, error) {
	var n int
	err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM users WHERE role = 'admin' AND NOT disabled`).Scan(&n)
	return n, err
}

// UpdateUser changes an account's role, whether it may sign in and, when
// passwordHash is not empty, its password, all in one transaction. Disabling
// an account or changing its password ends its sessions and replaces its
// device secret (the browsers it knew are strangers again); the last enabled
// admin cannot be demoted or disabled, so the newsroom is never left without one.
func (s *Store) UpdateUser(ctx context.Context, id int64, role news.Role, disabled bool, passwordHash string) error {
	if !role.Valid() {
		return &news.FieldError{Field: "role", Reason: "must be admin or editor"}
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE users SET role = ?, disabled = ? WHERE id = ?`, role, disabled, id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return news.ErrNotFound
		}
		var admins int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM users WHERE role = 'admin' AND NOT disabled`).Scan(&admins); err != nil {
			return err
		}
		if admins == 0 {
			return &news.FieldError{Field: "role", Reason: "the last admin must stay an enabled admin"}
		}
		if passwordHash != "" {
			if _, err := tx.ExecContext(ctx, `UPDATE users SET password_hash = ? WHERE id = ?`, passwordHash, id); err != nil {
				return err
			}
		}
		if disabled || passwordHash != "" {
			if _, err := tx.ExecContext(ctx, `UPDATE users SET device_secret = `+newDeviceSecret+` WHERE id = ?`, id); err != nil {
				return err
			}
			_, err = tx.ExecContext(ctx, `DELETE FROM newsroom_sessions WHERE user_id = ?`, id)
		}
		return err
	})
}

// SetPassword replaces an account's password hash and its device secret,
// and ends its sessions.
func (s *Store) SetPassword(ctx context.Context, id int64, passwordHash string) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE users SET password_hash = ?, device_secret = `+newDeviceSecret+` WHERE id = ?`, passwordHash, id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return news.ErrNotFound
		}
		_, err = tx.ExecContext(ctx, `DELETE FROM newsroom_sessions WHERE user_id = ?`, id)
		return err
	})
}

// CreateSession records a newsroom session by the hash of its token.
func (s *Store) CreateSession(ctx context.Context, tokenHash []byte, userID int64, expires time.Time) error {
	_, err := s.db.ExecContext(ctx, `INSERT INTO newsroom_sessions (token_hash, user_id, created_at, expires_at)
		VALUES (?, ?, ?, ?)`, tokenHash, userID, s.now().Unix(), expires.Unix())
	return err
}

// SessionUser finds the enabled account behind an unexpired session, with the
// session's start and end.
func (s *Store) SessionUser(ctx context.Context, tokenHash []byte) (news.User, time.Time, time.Time, error) {
	var created, expires int64
	u, err := scanUser(s.db.QueryRowContext(ctx, `SELECT u.id, u.email, u.role, u.disabled, u.created_at, s.created_at, s.expires_at
		FROM newsroom_sessions s JOIN users u ON u.id = s.user_id
		WHERE s.token_hash = ? AND s.expires_at > ? AND NOT u.disabled`, tokenHash, s.now().Unix()), &created, &expires)
	return u, time.Unix(created, 0).UTC(), time.Unix(expires, 0).UTC(), err
}

// ExtendSession moves a session's end.
func (s *Store) ExtendSession(ctx context.Context, tokenHash []byte, expires time.Time) error {
	_, err := s.db.ExecContext(ctx, `UPDATE newsroom_sessions SET expires_at = ? WHERE token_hash = ?`, expires.Unix(), tokenHash)
	return err
}

// DeleteSession ends a session (signing out).
func (s *Store) DeleteSession(ctx context.Context, tokenHash []byte) error {
	_, err := s.db.ExecContext(ctx, `DELETE FROM newsroom_sessions WHERE token_hash = ?`, tokenHash)
	return err
}

// PruneSessions forgets sessions that have ended.
func (s *Store) PruneSessions(ctx context.Context) error {
	_, err := s.db.ExecContext(ctx, `DELETE FROM newsroom_sessions WHERE expires_at <= ?`, s.now().Unix())
	return err
}
