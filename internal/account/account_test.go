package account

import (
	"errors"
	"strings"
	"sync"
	"sync/atomic"
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
		if w := th.Take("a"); w != 0 {
			t.Fatalf("attempt %d: wait %v, want 0", i, w)
		}
		now = now.Add(time.Minute)
	}
	if got, want := th.Take("a"), 12*time.Minute; got != want {
		t.Fatalf("Take after 3 attempts=%v, want %v", got, want)
	}
	if w := th.Take("b"); w != 0 {
		t.Fatalf("another key waits %v", w)
	}
	now = now.Add(12 * time.Minute)
	if w := th.Take("a"); w != 0 {
		t.Fatalf("after the window: wait %v", w)
	}
	th.Succeed("a")
	for i := 0; i < 5; i++ {
		if w := th.Take("a"); w != 0 {
			t.Fatalf("after success, attempt %d: wait %v", i, w)
		}
		th.Forget("a") // each one succeeded
	}
}

// TestThrottleParallel: attempts that arrive together are counted as they
// arrive, so no more than Max get through, however many run at once.
func TestThrottleParallel(t *testing.T) {
	th := NewThrottle(5, time.Minute)
	var passed atomic.Int32
	var wg sync.WaitGroup
	for i := 0; i < 50; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if th.Take("acct") == 0 {
				passed.Add(1)
			}
		}()
	}
	wg.Wait()
	if got, want := passed.Load(), int32(5); got != want {
		t.Fatalf("%d parallel attempts got through, want %d", got, want)
	}
}
