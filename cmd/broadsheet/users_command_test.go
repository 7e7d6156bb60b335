package main

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"broadsheet/internal/account"
	"broadsheet/internal/news"
	"broadsheet/internal/store"
)

// userRun runs `broadsheet user ARGS` with input on standard input.
func userRun(t *testing.T, input string, args ...string) (string, error) {
	t.Helper()
	defer func(r io.Reader) { stdin = r }(stdin)
	stdin = strings.NewReader(input)
	var out strings.Builder
	err := run(context.Background(), append([]string{"user"}, args...), env(nil), &out)
	return out.String(), err
}

func TestUserCommand(t *testing.T) {
	data := t.TempDir()
	newSite(t, data)
	out, err := userRun(t, "a long enough password\n", "add", "--data", data, "--email", "ada@example.com", "--role", "admin")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := out, "created admin account ada@example.com; sign in at /newsroom/login\n"; got != want {
		t.Fatalf("output %q, want %q", got, want)
	}
	for _, c := range []struct {
		name, input string
		args        []string
		wantErr     string
	}{
		{"duplicate, any case", "another long password\n", []string{"add", "--email", "ADA@example.com"}, "already has an account"},
		{"bad role", "a long enough password\n", []string{"add", "--email", "bo@example.com", "--role", "owner"}, `--role "owner"`},
		{"bad email", "a long enough password\n", []string{"add", "--email", "not-an-email"}, `--email "not-an-email"`},
		{"short password", "short\n", []string{"add", "--email", "bo@example.com"}, "shorter than 10"},
		{"password too long for bcrypt", strings.Repeat("密", 25) + "\n", []string{"add", "--email", "bo@example.com"}, "longer than 72 bytes"},
		{"no password", "", []string{"add", "--email", "bo@example.com"}, "no password on standard input"},
		{"password as an argument", "", []string{"add", "--email", "bo@example.com", "hunter2hunter2"}, "never a flag"},
		{"no subcommand", "", []string{}, `want "add" or "password"`},
		{"password for nobody", "a long enough password\n", []string{"password", "--email", "nobody@example.com"}, "no account for nobody@example.com"},
	} {
		args := c.args
		if len(args) > 0 {
			args = append([]string{args[0], "--data", data}, args[1:]...)
		}
		_, err := userRun(t, c.input, args...)
		if err == nil || !strings.Contains(err.Error(), c.wantErr) {
			t.Errorf("%s: err=%v, want it to mention %q", c.name, err, c.wantErr)
		}
	}
	if _, err := userRun(t, "a new long password\n", "password", "--data", data, "--email", "ada@example.com"); err != nil {
		t.Fatal(err)
	}

	st, err := store.Open(context.Background(), filepath.Join(data, "broadsheet.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	users, err := st.Users(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if got, want := len(users), 1; got != want {
		t.Fatalf("%d accounts after the failed attempts, want %d", got, want)
	}
	u, hash, err := st.UserByEmail(context.Background(), "ada@example.com")
	if err != nil || u.Role != news.RoleAdmin {
		t.Fatalf("account = %+v, %v", u, err)
	}
	if !account.Verify(hash, "a new long password") || account.Verify(hash, "a long enough password") {
		t.Fatal("the new password is not the one that works")
	}
	if strings.Contains(hash, "password") {
		t.Fatal("the password is stored in clear")
	}
}

// newSite makes an empty site in data, as the server's first start does.
func newSite(t *testing.T, data string) {
	t.Helper()
	if err := os.MkdirAll(data, 0o750); err != nil {
		t.Fatal(err)
	}
	st, err := store.Open(context.Background(), filepath.Join(data, "broadsheet.db"))
	if err != nil {
		t.Fatal(err)
	}
	st.Close()
}
