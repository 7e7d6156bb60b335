// Package account holds what newsroom sign-in needs apart from HTTP: password
// rules, hashing with bcrypt (golang.org/x/crypto) and a throttle on failed
// attempts.
package account

import (
	"errors"
	"sync"
	"time"
	"unicode/utf8"

	"golang.org/x/crypto/bcrypt"
)

// Password length rules. bcrypt reads at most 72 bytes, so longer passwords
// are refused rather than silently cut.
const (
	MinPasswordRunes = 10
	MaxPasswordBytes = 72
)

var (
	ErrPasswordShort = errors.New("password is shorter than 10 characters")
	ErrPasswordLong  = errors.New("password is longer than 72 bytes")
)

// Cost is bcrypt's work factor; tests lower it.
var Cost = 12

// CheckPassword applies the password rules.
func CheckPassword(pw string) error {
	switch {
	case utf8.RuneCountInString(pw) < MinPasswordRunes:
		return ErrPasswordShort
	case len(pw) > MaxPasswordBytes:
		return ErrPasswordLong
	}
	return nil
}

// Hash checks a new password against the rules and hashes it.
func Hash(pw string) (string, error) {
	if err := CheckPassword(pw); err != nil {
		return "", err
	}
	h, err := bcrypt.GenerateFromPassword([]byte(pw), Cost)
	return string(h), err
}

// dummyHash is compared against when an account does not exist, so a wrong
// email takes as long as a wrong password and does not reveal who has an account.
var dummyHash = sync.OnceValue(func() []byte {
	h, _ := bcrypt.GenerateFromPassword([]byte("not a real password at all"), Cost)
	return h
})

// Verify reports whether pw matches hash; an empty hash (no such account)
// costs the same time and never matches.
func Verify(hash, pw string) bool {
	if hash == "" {
		bcrypt.CompareHashAndPassword(dummyHash(), []byte(pw))
		return false
	}
	return bcrypt.CompareHashAndPassword([]byte(hash), []byte(pw)) == nil
}

// Throttle counts sign-in attempts per key (an account, an address) and
// refuses a key that made Max attempts within Window, until the oldest of
// them is Window old; a successful attempt is taken back. It lives in
// memory: a restart forgets it.
type Throttle struct {
	Max    int
	Window time.Duration
	Now    func() time.Time

	mu    sync.Mutex
	fails map[string][]time.Time
}

// NewThrottle allows max failures per key within window.
func NewThrottle(max int, window time.Duration) *Throttle {
	return &Throttle{Max: max, Window: window, Now: time.Now, fails: map[string][]time.Time{}}
}

// Take records an attempt by key when key may try now, and returns 0;
// otherwise it records nothing and returns how long key must wait. Checking
// and recording are one step, so parallel attempts cannot all slip through
// before the first failure is counted.
func (t *Throttle) Take(key string) time.Duration {
	t.mu.Lock()
	defer t.mu.Unlock()
	now := t.Now()
	f := t.recent(key, now)
	if len(f) >= t.Max {
		return f[len(f)-t.Max].Add(t.Window).Sub(now)
	}
	t.fails[key] = append(f, now)
	if len(t.fails) > 100_000 {
		// Bound memory under a flood of distinct keys: drop whatever has aged out.
		for k := range t.fails {
			t.recent(k, now)
		}
	}
	return 0
}

// Forget takes back key's latest attempt: it succeeded.
func (t *Throttle) Forget(key string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if f := t.fails[key]; len(f) > 0 {
		t.fails[key] = f[:len(f)-1]
		t.recent(key, t.Now())
	}
}

// Succeed forgets all of key's attempts.
func (t *Throttle) Succeed(key string) {
	t.mu.Lock()
	delete(t.fails, key)
	t.mu.Unlock()
}

// recent drops key's failures older than the window; t.mu is held.
func (t *Throttle) recent(key string, now time.Time) []time.Time {
	f := t.fails[key]
	i := 0
	for i < len(f) && now.Sub(f[i]) >= t.Window {
		i++
	}
	f = f[i:]
	if len(f) == 0 {
		delete(t.fails, key)
		return nil
	}
	t.fails[key] = f
	return f
}
