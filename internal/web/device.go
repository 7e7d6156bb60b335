package web

import (
	"net/http"
	"strings"
	"time"

	"broadsheet/internal/account"
	"broadsheet/internal/news"
	"broadsheet/views"
)

// Sign-in limits follow OWASP's "Slow Down Online Guessing Attacks with
// Device Cookies": a browser that signed in to an account before carries a
// device cookie (account.DeviceSigner) and is limited by its own failures
// only, so strangers failing against the account, or from the editor's
// address, cannot lock the editor out. Unknown clients are limited per
// account and per address.
const (
	deviceCookie = "newsroom-device"
	// secureDeviceCookie is its name on a site served over TLS, prefixed like
	// the newsroom cookie (and on /newsroom like it, not __Host-).
	secureDeviceCookie = "__Secure-" + deviceCookie
	deviceLifetime     = 365 * 24 * time.Hour
	// deviceMaxFailures within signInWindow lock a device cookie for the rest
	// of the window. It is above signInAccountMax because a device cookie is
	// only ever earned by signing in (and is HttpOnly): its owner mistyping
	// should rarely lock them out.
	deviceMaxFailures = 10
	signInAccountMax  = 5  // failures per account by unknown clients
	signInAddrMax     = 20 // failures per address by unknown clients (an office may share one)
	signInWindow      = 15 * time.Minute
)

// deviceCookieName is the device cookie's name: prefixed behind TLS.
func (s *Server) deviceCookieName() string {
	if s.cfg.SecureCookies {
		return secureDeviceCookie
	}
	return deviceCookie
}

// knownDevice returns the nonce of the request's device cookie when that
// cookie proves this browser signed in to the account u before (since the
// account's password last changed and since it was last disabled). No
// cookie, another account's, or a forged, expired or outdated one: not known.
func (s *Server) knownDevice(r *http.Request, u news.User, secret []byte) (nonce string, ok bool) {
	if u.ID == 0 || u.Disabled {
		return "", false
	}
	c, err := r.Cookie(s.deviceCookieName())
	if err != nil {
		return "", false
	}
	dev, ok := account.ParseDevice(c.Value)
	if !ok || !s.devices.Verify(dev, u.Email, secret, s.cfg.Now()) {
		return "", false
	}
	return dev.Nonce, true
}

// setDeviceCookie gives the browser a new device cookie for u, in place of
// any it had: a browser is known for the account it signed in to last.
func (s *Server) setDeviceCookie(w http.ResponseWriter, u news.User, secret []byte) {
	http.SetCookie(w, &http.Cookie{
		Name:     s.deviceCookieName(),
		Value:    s.devices.Issue(u.Email, secret, s.cfg.Now().Add(deviceLifetime)),
		Path:     newsroomPath,
		MaxAge:   int(deviceLifetime / time.Second),
		HttpOnly: true,
		Secure:   s.cfg.SecureCookies,
		SameSite: http.SameSiteStrictMode,
	})
}

// signInAttempt is one attempt to sign in, counted before its password is checked.
type signInAttempt struct {
	device     string // the nonce of a device cookie known for the account, or ""
	acct, addr string
	wait       time.Duration // > 0: refused; try again after this long
}

func (a signInAttempt) known() bool { return a.device != "" }

// countSignIn counts an attempt to sign in as email (the account u, or a
// zero User when there is none). It runs before the password is checked, so
// parallel guesses cannot all pass before the first failure is recorded. A
// known device counts against its own cookie only; any other client against
// its address and the account.
func (s *Server) countSignIn(r *http.Request, email string, u news.User, secret []byte) signInAttempt {
	a := signInAttempt{acct: strings.ToLower(email), addr: clientAddr(r)}
	if nonce, ok := s.knownDevice(r, u, secret); ok {
		a.device = nonce
		a.wait = s.devThrottle.Take(nonce)
		return a
	}
	if a.wait = s.addrThrottle.Take(a.addr); a.wait == 0 {
		a.wait = s.acctThrottle.Take(a.acct)
	}
	return a
}

// refusal is what a refused attempt is told: how long to wait and, for an
// unknown client, that a browser which signed in before is not held back.
func (a signInAttempt) refusal() *views.Msg {
	id := "NewsroomThrottledUnknownBrowser"
	if a.known() {
		id = "NewsroomThrottled"
	}
	return &views.Msg{ID: id, N: int((a.wait + time.Minute - 1) / time.Minute)}
}

// signInSucceeded takes back the attempt, which was no failure. Only this
// one: failures before it stay counted, so an editor signing in does not
// wipe a stranger's guesses.
func (s *Server) signInSucceeded(a signInAttempt) {
	if a.known() {
		s.devThrottle.Forget(a.device)
		return
	}
	s.acctThrottle.Forget(a.acct)
	s.addrThrottle.Forget(a.addr)
}
