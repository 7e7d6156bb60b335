package store

import (
	"bytes"
	"context"
	"testing"

	"broadsheet/internal/news"
)

// deviceSecret is the account's device secret, or fails the test.
func deviceSecret(t *testing.T, s *Store, email string) []byte {
	t.Helper()
	_, _, secret, err := s.SignInUser(context.Background(), email)
	if err != nil {
		t.Fatalf("SignInUser(%q): %v", email, err)
	}
	if len(secret) != 16 {
		t.Fatalf("%s's device secret has %d bytes, want 16", email, len(secret))
	}
	return secret
}

// TestDeviceSecretChanges: every account has its own device secret, and it
// changes exactly when the account's device cookies must stop counting:
// a new password, or the account disabled.
func TestDeviceSecretChanges(t *testing.T) {
	t.Parallel()
	s := openTest(t)
	ctx := context.Background()
	admin := mustUser(t, s, "admin@example.com", news.RoleAdmin)
	ed := mustUser(t, s, "ed@example.com", news.RoleEditor)
	if bytes.Equal(deviceSecret(t, s, "admin@example.com"), deviceSecret(t, s, "ed@example.com")) {
		t.Fatal("two accounts share a device secret")
	}
	u, hash, _, err := s.SignInUser(ctx, "ED@example.com")
	if err != nil || u.ID != ed.ID || hash != "hash-of-ed@example.com" {
		t.Fatalf("SignInUser = %+v, %q, %v", u, hash, err)
	}
	if _, _, _, err := s.SignInUser(ctx, "nobody@example.com"); err != news.ErrNotFound {
		t.Fatalf("SignInUser for no account: %v, want ErrNotFound", err)
	}

	steps := []struct {
		name    string
		do      func() error
		changes bool
	}{
		{"role changed", func() error { return s.UpdateUser(ctx, ed.ID, news.RoleAdmin, false, "") }, false},
		{"disabled", func() error { return s.UpdateUser(ctx, ed.ID, news.RoleAdmin, true, "") }, true},
		{"enabled again", func() error { return s.UpdateUser(ctx, ed.ID, news.RoleEditor, false, "") }, false},
		{"password reset by an admin", func() error { return s.UpdateUser(ctx, ed.ID, news.RoleEditor, false, "new-hash") }, true},
		{"password set", func() error { return s.SetPassword(ctx, ed.ID, "newer-hash") }, true},
	}
	for _, st := range steps {
		before := deviceSecret(t, s, "ed@example.com")
		if err := st.do(); err != nil {
			t.Fatalf("%s: %v", st.name, err)
		}
		if got := !bytes.Equal(before, deviceSecret(t, s, "ed@example.com")); got != st.changes {
			t.Fatalf("%s: device secret changed=%v, want %v", st.name, got, st.changes)
		}
	}
	// A change refused as a whole leaves the secret as it was.
	before := deviceSecret(t, s, "admin@example.com")
	if err := s.UpdateUser(ctx, admin.ID, news.RoleAdmin, true, "x"); err == nil {
		t.Fatal("the last admin was disabled")
	}
	if !bytes.Equal(before, deviceSecret(t, s, "admin@example.com")) {
		t.Fatal("a refused change changed the device secret")
	}
}

// TestDeviceSecretAfterUpgrade: accounts made before device cookies get a
// device secret each when the database is upgraded.
func TestDeviceSecretAfterUpgrade(t *testing.T) {
	ctx := context.Background()
	s, err := Open(ctx, copyFixture(t))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if bytes.Equal(deviceSecret(t, s, "admin@example.com"), deviceSecret(t, s, "editor@example.com")) {
		t.Fatal("upgraded accounts share a device secret")
	}
}
