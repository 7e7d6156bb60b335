package store

import (
	"context"
	"crypto/sha256"
	"errors"
	"strings"
	"testing"
	"time"

	"broadsheet/internal/news"
)

// asFieldError fails the test unless err is a *news.FieldError for field
// whose reason holds reason (when reason is not empty).
func asFieldError(t *testing.T, err error, field, reason string) {
	t.Helper()
	var fe *news.FieldError
	if !errors.As(err, &fe) {
		t.Fatalf("err=%v, want a FieldError for %q", err, field)
	}
	if got, want := fe.Field, field; got != want {
		t.Fatalf("FieldError.Field=%q, want %q (err %v)", got, want, err)
	}
	if reason != "" && !strings.Contains(fe.Reason, reason) {
		t.Fatalf("FieldError.Reason=%q, want it to hold %q", fe.Reason, reason)
	}
	if !errors.Is(err, news.ErrInvalid) {
		t.Fatalf("err=%v does not wrap ErrInvalid", err)
	}
}

// tokenHash is how the web layer keys a session: a hash of its token.
func tokenHash(token string) []byte {
	h := sha256.Sum256([]byte(token))
	return h[:]
}

// mustUser creates an account or fails the test.
func mustUser(t *testing.T, s *Store, email string, role news.Role) news.User {
	t.Helper()
	u, err := s.CreateUser(context.Background(), email, role, "hash-of-"+email)
	if err != nil {
		t.Fatalf("CreateUser(%q, %q): %v", email, role, err)
	}
	return u
}

// fixClock sets the store's clock to at and returns a way to move it.
func fixClock(s *Store, at time.Time) func(time.Time) {
	now := at
	s.SetClock(func() time.Time { return now })
	return func(t time.Time) { now = t }
}

func TestCreateUserRoles(t *testing.T) {
	t.Parallel()
	s := openTest(t)
	ctx := context.Background()
	fixClock(s, day)
	for _, tc := range []struct {
		email string
		role  news.Role
		ok    bool
	}{
		{"admin@example.com", news.RoleAdmin, true},
		{"editor@example.com", news.RoleEditor, true},
		{"owner@example.com", "owner", false},
		{"empty@example.com", "", false},
		{"caps@example.com", "Admin", false},
	} {
		u, err := s.CreateUser(ctx, tc.email, tc.role, "h")
		if !tc.ok {
			asFieldError(t, err, "role", "")
			if _, _, err := s.UserByEmail(ctx, tc.email); !errors.Is(err, news.ErrNotFound) {
				t.Fatalf("%s: refused account stored anyway (err=%v)", tc.email, err)
			}
			continue
		}
		if err != nil {
			t.Fatalf("CreateUser(%q, %q): %v", tc.email, tc.role, err)
		}
		if got, want := u.Role, tc.role; got != want {
			t.Fatalf("role=%v, want %v", got, want)
		}
		if got, want := u.Email, tc.email; got != want {
			t.Fatalf("email=%q, want %q", got, want)
		}
		if u.ID == 0 || u.Disabled {
			t.Fatalf("new user %+v: want an id and enabled", u)
		}
		if got, want := u.CreatedAt, day; !got.Equal(want) {
			t.Fatalf("created=%v, want %v (store clock)", got, want)
		}
		byID, err := s.User(ctx, u.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := byID, u; got != want {
			t.Fatalf("User(%d)=%+v, want %+v", u.ID, got, want)
		}
	}
	users, err := s.Users(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := len(users), 2; got != want {
		t.Fatalf("users=%d, want %d", got, want)
	}
}

func TestCreateUserEmail(t *testing.T) {
	t.Parallel()
	s := openTest(t)
	ctx := context.Background()
	for _, bad := range []string{"", "   ", "not-an-email", "ada@localhost", "Ada <ada@example.com>", "ada@@example.com", "@example.com"} {
		_, err := s.CreateUser(ctx, bad, news.RoleEditor, "h")
		asFieldError(t, err, "email", "")
	}
	u := mustUser(t, s, "  Ada@Example.com ", news.RoleEditor)
	if got, want := u.Email, "Ada@Example.com"; got != want {
		t.Fatalf("stored email=%q, want %q (trimmed, case kept)", got, want)
	}
	for _, dup := range []string{"ada@example.com", "ADA@EXAMPLE.COM", "Ada@Example.com"} {
		_, err := s.CreateUser(ctx, dup, news.RoleAdmin, "h")
		asFieldError(t, err, "email", "already has an account")
	}
	users, err := s.Users(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := len(users), 1; got != want {
		t.Fatalf("users after duplicates=%d, want %d", got, want)
	}
	for _, lookup := range []string{"Ada@Example.com", "ada@example.com", "ADA@EXAMPLE.COM", " ada@example.com "} {
		got, hash, err := s.UserByEmail(ctx, lookup)
		if err != nil {
			t.Fatalf("UserByEmail(%q): %v", lookup, err)
		}
		if got.ID != u.ID {
			t.Fatalf("UserByEmail(%q) id=%d, want %d", lookup, got.ID, u.ID)
		}
		if want := "hash-of-  Ada@Example.com "; hash != want {
			t.Fatalf("UserByEmail(%q) hash=%q, want %q", lookup, hash, want)
		}
	}
	if _, _, err := s.UserByEmail(ctx, "grace@example.com"); !errors.Is(err, news.ErrNotFound) {
		t.Fatalf("missing email err=%v, want ErrNotFound", err)
	}
	if _, err := s.User(ctx, 9999); !errors.Is(err, news.ErrNotFound) {
		t.Fatalf("missing id err=%v, want ErrNotFound", err)
	}
}

func TestUpdateUserKeepsAnAdmin(t *testing.T) {
	t.Parallel()
	s := openTest(t)
	ctx := context.Background()
	a := mustUser(t, s, "a@example.com", news.RoleAdmin)
	ed := mustUser(t, s, "ed@example.com", news.RoleEditor)

	// The only admin can be neither demoted nor disabled.
	for _, tc := range []struct {
		name     string
		role     news.Role
		disabled bool
	}{
		{"demote", news.RoleEditor, false},
		{"disable", news.RoleAdmin, true},
		{"both", news.RoleEditor, true},
	} {
		err := s.UpdateUser(ctx, a.ID, tc.role, tc.disabled, "")
		asFieldError(t, err, "role", "last admin")
		got, err := s.User(ctx, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got != a {
			t.Fatalf("%s: last admin changed to %+v, want %+v", tc.name, got, a)
		}
	}
	if err := s.UpdateUser(ctx, a.ID, "root", false, ""); err == nil {
		t.Fatal("invalid role accepted")
	} else {
		asFieldError(t, err, "role", "")
	}
	if err := s.UpdateUser(ctx, 9999, news.RoleEditor, false, ""); !errors.Is(err, news.ErrNotFound) {
		t.Fatalf("unknown id err=%v, want ErrNotFound", err)
	}

	// A disabled admin does not count.
	b := mustUser(t, s, "b@example.com", news.RoleAdmin)
	if err := s.UpdateUser(ctx, b.ID, news.RoleAdmin, true, ""); err != nil {
		t.Fatal(err)
	}
	if n, err := s.CountAdmins(ctx); err != nil || n != 1 {
		t.Fatalf("CountAdmins=%d, %v; want 1 (the disabled admin does not count)", n, err)
	}
	asFieldError(t, s.UpdateUser(ctx, a.ID, news.RoleEditor, false, ""), "role", "")

	// With two enabled admins one can step down; the other is then the last.
	if err := s.UpdateUser(ctx, ed.ID, news.RoleAdmin, false, ""); err != nil {
		t.Fatal(err)
	}
	if n, _ := s.CountAdmins(ctx); n != 2 {
		t.Fatalf("CountAdmins=%d, want 2", n)
	}
	if err := s.UpdateUser(ctx, a.ID, news.RoleEditor, false, ""); err != nil {
		t.Fatalf("demoting one of two admins: %v", err)
	}
	got, _ := s.User(ctx, a.ID)
	if got, want := got.Role, news.RoleEditor; got != want {
		t.Fatalf("role after demotion=%v, want %v", got, want)
	}
	asFieldError(t, s.UpdateUser(ctx, ed.ID, news.RoleAdmin, true, ""), "role", "")
	if got, _ := s.User(ctx, ed.ID); got.Disabled || got.Role != news.RoleAdmin {
		t.Fatalf("last admin after refused disable=%+v", got)
	}
	// Re-enabling the disabled admin makes the other one free to go.
	if err := s.UpdateUser(ctx, b.ID, news.RoleAdmin, false, ""); err != nil {
		t.Fatal(err)
	}
	if err := s.UpdateUser(ctx, ed.ID, news.RoleEditor, true, ""); err != nil {
		t.Fatalf("disabling one of two admins: %v", err)
	}
}

func TestCountAdmins(t *testing.T) {
	t.Parallel()
	s := openTest(t)
	ctx := context.Background()
	if n, err := s.CountAdmins(ctx); err != nil || n != 0 {
		t.Fatalf("CountAdmins on a new store=%d, %v; want 0", n, err)
	}
	a := mustUser(t, s, "a@example.com", news.RoleAdmin)
	b := mustUser(t, s, "b@example.com", news.RoleAdmin)
	mustUser(t, s, "e@example.com", news.RoleEditor)
	e2 := mustUser(t, s, "e2@example.com", news.RoleEditor)
	for _, step := range []struct {
		name string
		do   func() error
		want int
	}{
		{"two admins, two editors", func() error { return nil }, 2},
		{"disable an editor", func() error { return s.UpdateUser(ctx, e2.ID, news.RoleEditor, true, "") }, 2},
		{"disable an admin", func() error { return s.UpdateUser(ctx, b.ID, news.RoleAdmin, true, "") }, 1},
		{"promote the disabled editor but keep it disabled", func() error { return s.UpdateUser(ctx, e2.ID, news.RoleAdmin, true, "") }, 1},
		{"enable it", func() error { return s.UpdateUser(ctx, e2.ID, news.RoleAdmin, false, "") }, 2},
		{"demote the first", func() error { return s.UpdateUser(ctx, a.ID, news.RoleEditor, false, "") }, 1},
	} {
		if err := step.do(); err != nil {
			t.Fatalf("%s: %v", step.name, err)
		}
		if got, err := s.CountAdmins(ctx); err != nil || got != step.want {
			t.Fatalf("%s: CountAdmins=%d, %v; want %d", step.name, got, err, step.want)
		}
	}
}

func TestSessions(t *testing.T) {
	t.Parallel()
	s := openTest(t)
	ctx := context.Background()
	move := fixClock(s, day)
	u := mustUser(t, s, "ada@example.com", news.RoleEditor)
	tok := tokenHash("token-1")
	end := day.Add(12 * time.Hour)
	if err := s.CreateSession(ctx, tok, u.ID, end); err != nil {
		t.Fatal(err)
	}
	got, created, expires, err := s.SessionUser(ctx, tok)
	if err != nil {
		t.Fatal(err)
	}
	if got != u {
		t.Fatalf("session user=%+v, want %+v", got, u)
	}
	if !created.Equal(day) {
		t.Fatalf("created=%v, want %v", created, day)
	}
	if !expires.Equal(end) {
		t.Fatalf("expires=%v, want %v", expires, end)
	}
	if _, _, _, err := s.SessionUser(ctx, tokenHash("no-such-token")); !errors.Is(err, news.ErrNotFound) {
		t.Fatalf("unknown token err=%v, want ErrNotFound", err)
	}

	// Extending moves the end: past the old end the session still holds.
	later := end.Add(6 * time.Hour)
	if err := s.ExtendSession(ctx, tok, later); err != nil {
		t.Fatal(err)
	}
	move(end.Add(time.Hour))
	if _, _, expires, err := s.SessionUser(ctx, tok); err != nil || !expires.Equal(later) {
		t.Fatalf("after extending: expires=%v err=%v, want %v", expires, err, later)
	}
	// A session ends at its end, not a second later.
	for _, tc := range []struct {
		at   time.Time
		live bool
	}{
		{later.Add(-time.Second), true},
		{later, false},
		{later.Add(time.Hour), false},
	} {
		move(tc.at)
		_, _, _, err := s.SessionUser(ctx, tok)
		if tc.live && err != nil {
			t.Fatalf("at %v: err=%v, want the session", tc.at, err)
		}
		if !tc.live && !errors.Is(err, news.ErrNotFound) {
			t.Fatalf("at %v: err=%v, want ErrNotFound", tc.at, err)
		}
	}

	// A session created already expired is never found.
	move(day)
	old := tokenHash("token-old")
	if err := s.CreateSession(ctx, old, u.ID, day.Add(-time.Minute)); err != nil {
		t.Fatal(err)
	}
	if _, _, _, err := s.SessionUser(ctx, old); !errors.Is(err, news.ErrNotFound) {
		t.Fatalf("expired session err=%v, want ErrNotFound", err)
	}

	// Signing out ends the session.
	if err := s.DeleteSession(ctx, tok); err != nil {
		t.Fatal(err)
	}
	if _, _, _, err := s.SessionUser(ctx, tok); !errors.Is(err, news.ErrNotFound) {
		t.Fatalf("after DeleteSession err=%v, want ErrNotFound", err)
	}
	if err := s.DeleteSession(ctx, tok); err != nil {
		t.Fatalf("deleting an ended session again: %v", err)
	}
}

func TestSessionOfDisabledUser(t *testing.T) {
	t.Parallel()
	s := openTest(t)
	ctx := context.Background()
	fixClock(s, day)
	mustUser(t, s, "admin@example.com", news.RoleAdmin)
	u := mustUser(t, s, "ed@example.com", news.RoleEditor)
	other := mustUser(t, s, "other@example.com", news.RoleEditor)
	for i, tok := range []string{"a", "b"} {
		if err := s.CreateSession(ctx, tokenHash(tok), u.ID, day.Add(time.Duration(i+1)*time.Hour)); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.CreateSession(ctx, tokenHash("other"), other.ID, day.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	// A disabled account's session is not found even if it were still stored.
	if _, err := s.db.Exec(`UPDATE users SET disabled = 1 WHERE id = ?`, u.ID); err != nil {
		t.Fatal(err)
	}
	if _, _, _, err := s.SessionUser(ctx, tokenHash("a")); !errors.Is(err, news.ErrNotFound) {
		t.Fatalf("disabled user's session err=%v, want ErrNotFound", err)
	}
	if _, err := s.db.Exec(`UPDATE users SET disabled = 0 WHERE id = ?`, u.ID); err != nil {
		t.Fatal(err)
	}

	// Disabling through UpdateUser deletes the sessions: enabling the
	// account again does not bring them back.
	if err := s.UpdateUser(ctx, u.ID, news.RoleEditor, true, ""); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.User(ctx, u.ID); !got.Disabled {
		t.Fatalf("user not disabled: %+v", got)
	}
	if err := s.UpdateUser(ctx, u.ID, news.RoleEditor, false, ""); err != nil {
		t.Fatal(err)
	}
	for _, tok := range []string{"a", "b"} {
		if _, _, _, err := s.SessionUser(ctx, tokenHash(tok)); !errors.Is(err, news.ErrNotFound) {
			t.Fatalf("session %s after disabling err=%v, want ErrNotFound", tok, err)
		}
	}
	if got, want := sessionRows(t, s), 1; got != want {
		t.Fatalf("stored sessions=%d, want %d (only the other user's)", got, want)
	}
	if got, _, _, err := s.SessionUser(ctx, tokenHash("other")); err != nil || got.ID != other.ID {
		t.Fatalf("another user's session: %+v, %v", got, err)
	}
	// A role change without disabling keeps the sessions.
	if err := s.UpdateUser(ctx, other.ID, news.RoleAdmin, false, ""); err != nil {
		t.Fatal(err)
	}
	if got, _, _, err := s.SessionUser(ctx, tokenHash("other")); err != nil || got.Role != news.RoleAdmin {
		t.Fatalf("session after promotion: %+v, %v; want the admin", got, err)
	}
}

func sessionRows(t *testing.T, s *Store) int {
	t.Helper()
	var n int
	if err := s.db.QueryRow(`SELECT count(*) FROM newsroom_sessions`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestSetPassword(t *testing.T) {
	t.Parallel()
	s := openTest(t)
	ctx := context.Background()
	fixClock(s, day)
	u := mustUser(t, s, "ada@example.com", news.RoleEditor)
	other := mustUser(t, s, "grace@example.com", news.RoleEditor)
	if err := s.CreateSession(ctx, tokenHash("ada"), u.ID, day.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if err := s.CreateSession(ctx, tokenHash("grace"), other.ID, day.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if err := s.SetPassword(ctx, u.ID, "new-hash"); err != nil {
		t.Fatal(err)
	}
	if _, hash, err := s.UserByEmail(ctx, "ada@example.com"); err != nil || hash != "new-hash" {
		t.Fatalf("hash=%q, %v; want %q", hash, err, "new-hash")
	}
	if _, _, _, err := s.SessionUser(ctx, tokenHash("ada")); !errors.Is(err, news.ErrNotFound) {
		t.Fatalf("session after password change err=%v, want ErrNotFound", err)
	}
	if _, hash, _ := s.UserByEmail(ctx, "grace@example.com"); hash != "hash-of-grace@example.com" {
		t.Fatalf("another user's hash changed to %q", hash)
	}
	if _, _, _, err := s.SessionUser(ctx, tokenHash("grace")); err != nil {
		t.Fatalf("another user's session ended: %v", err)
	}
	if err := s.SetPassword(ctx, 9999, "x"); !errors.Is(err, news.ErrNotFound) {
		t.Fatalf("unknown id err=%v, want ErrNotFound", err)
	}
}

func TestPruneSessions(t *testing.T) {
	t.Parallel()
	s := openTest(t)
	ctx := context.Background()
	move := fixClock(s, day.Add(-2*time.Hour))
	u := mustUser(t, s, "ada@example.com", news.RoleEditor)
	for _, sess := range []struct {
		tok string
		end time.Time
	}{
		{"ended", day.Add(-time.Hour)},
		{"ends-now", day},
		{"live", day.Add(time.Second)},
		{"long", day.Add(24 * time.Hour)},
	} {
		if err := s.CreateSession(ctx, tokenHash(sess.tok), u.ID, sess.end); err != nil {
			t.Fatal(err)
		}
	}
	move(day)
	if err := s.PruneSessions(ctx); err != nil {
		t.Fatal(err)
	}
	if got, want := sessionRows(t, s), 2; got != want {
		t.Fatalf("sessions after pruning=%d, want %d", got, want)
	}
	// Back before their end, the pruned sessions are gone for good and the
	// others are still there.
	move(day.Add(-90 * time.Minute))
	for tok, live := range map[string]bool{"ended": false, "ends-now": false, "live": true, "long": true} {
		_, _, _, err := s.SessionUser(ctx, tokenHash(tok))
		if live && err != nil {
			t.Fatalf("%s: pruned (err=%v), want kept", tok, err)
		}
		if !live && !errors.Is(err, news.ErrNotFound) {
			t.Fatalf("%s: err=%v, want ErrNotFound (pruned)", tok, err)
		}
	}
}
