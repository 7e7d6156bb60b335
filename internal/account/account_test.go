package account

import (
	"errors"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"
)

func init() { Cost = bcrypt.MinCost }

func TestPasswordRules(t *testing.T) {
	for _, c := range []struct {
		pw   string
		want error
	}{
		{"short", ErrPasswordShort},
		{"123456789", ErrPasswordShort},
		{"1234567890", nil},
		{"十个汉字的密码就够了吧", nil}, // 11 characters, 33 bytes
		{strings.Repeat("a", 72), nil},
		{strings.Repeat("a", 73), ErrPasswordLong},
		{strings.Repeat("密", 25), ErrPasswordLong}, // 75 bytes
	} {
		if got := CheckPassword(c.pw); !errors.Is(got, c.want) {
			t.Errorf("CheckPassword(%q)=%v, want %v", c.pw, got, c.want)
		}
	}
}

func TestHashAndVerify(t *testing.T) {
	h, err := Hash("correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(h, "correct") {
		t.Fatal("hash contains the password")
	}
	if !Verify(h, "correct horse battery") {
		t.Fatal("right password refused")
	}
	for _, bad := range []string{"", "correct horse batter", "Correct horse battery"} {
		if Verify(h, bad) {
			t.Fatalf("Verify(%q) matched", bad)
		}
	}
	if Verify("", "anything at all") {
		t.Fatal("a missing account matched")
	}
	if _, err := Hash("short"); !errors.Is(err, ErrPasswordShort) {
		t.Fatalf("Hash(short) err=%v", err)
	}
}

func TestThrottle(t *testing.T) {
	now := time.Unix(1_800_000_000, 0)
	th := NewThrottle(3, 15*time.Minute)
	th.Now = func() time.Time { return now }
	for i := 0; i < 3; i++ {
		if w := th.Wait("a"); w != 0 {
			t.Fatalf("attempt %d: wait %v, want 0", i, w)
		}
		th.Fail("a")
		now = now.Add(time.Minute)
	}
	if got, want := th.Wait("a"), 12*time.Minute; got != want {
		t.Fatalf("Wait after 3 failures=%v, want %v", got, want)
	}
	if w := th.Wait("b"); w != 0 {
		t.Fatalf("another key waits %v", w)
	}
	now = now.Add(12 * time.Minute)
	if w := th.Wait("a"); w != 0 {
		t.Fatalf("after the window: wait %v", w)
	}
	th.Fail("a")
	th.Succeed("a")
	if w := th.Wait("a"); w != 0 {
		t.Fatalf("after success: wait %v", w)
	}
}
