package web

import (
	"crypto/rand"
	"net/http"
	"time"

	"github.com/gorilla/sessions"

	"broadsheet/internal/news"
)

const (
	sessionName = "broadsheet"
	// secureSessionName is the cookie's name on a site served over TLS: a
	// browser takes a __Host- cookie only from a secure origin, with Secure,
	// Path=/ and no Domain, so neither plain HTTP nor a sibling subdomain can
	// plant one.
	secureSessionName = "__Host-" + sessionName
	sessionMaxAge     = 180 * 24 * 60 * 60 // seconds; the policy page says 180 days
)

// Consent states kept in the session.
const (
	consentAccepted = "accepted"
	consentRejected = "rejected"
	consentGPC      = "gpc" // never stored: derived from the Sec-GPC header
)

// reader is what the session remembers about one reader.
type reader struct {
	ID             string    // random id, so Search Trends count a reader once; never stored server-side
	Lang           news.Lang // saved language choice, or ""
	Consent        string    // consentAccepted, consentRejected or ""
	ConsentVersion int
	ConsentAt      time.Time
	GPC            bool // the request carries Sec-GPC: 1
	HasSession     bool // a valid session cookie came with the request
}

// sessionCodec reads and writes the reader's signed cookie through gorilla/sessions.
type sessionCodec struct {
	store *sessions.CookieStore
	name  string // the cookie's name: sessionName, or secureSessionName behind TLS
}

func newSessionCodec(key []byte, secure bool) *sessionCodec {
	st := sessions.NewCookieStore(key)
	// gorilla's defaults are Secure with SameSite=None and no HttpOnly; set every option.
	st.Options = &sessions.Options{
		Path:     "/",
		MaxAge:   sessionMaxAge,
		HttpOnly: true,
		Secure:   secure,
		SameSite: http.SameSiteLaxMode,
	}
	st.MaxAge(sessionMaxAge)
	c := &sessionCodec{store: st, name: sessionName}
	if secure {
		c.name = secureSessionName
	}
	return c
}

// read decodes the reader's session; a missing, tampered, expired or garbled
// cookie is simply a new reader.
func (c *sessionCodec) read(r *http.Request) reader {
	// Indexing by the canonical key avoids re-casing "Sec-GPC" on every request.
	gpc := r.Header["Sec-Gpc"]
	rd := reader{GPC: len(gpc) > 0 && gpc[0] == "1"}
	if _, err := r.Cookie(c.name); err != nil {
		return rd // no cookie: skip decoding on the hot path
	}
	sess, err := c.store.Get(r, c.name)
	if err != nil || sess == nil || sess.IsNew {
		return rd
	}
	rd.HasSession = true
	if id, ok := sess.Values["rid"].(string); ok && len(id) <= 64 {
		rd.ID = id
	}
	if l, ok := sess.Values["lang"].(string); ok && news.Lang(l).IsEdition() {
		rd.Lang = news.Lang(l)
	}
	if v, ok := sess.Values["consent"].(string); ok && (v == consentAccepted || v == consentRejected) {
		rd.Consent = v
	}
	if v, ok := sess.Values["consent_version"].(int); ok {
		rd.ConsentVersion = v
	}
	if v, ok := sess.Values["consent_at"].(int64); ok {
		rd.ConsentAt = time.Unix(v, 0).UTC()
	}
	return rd
}

// write saves the reader's session in the response cookie.
func (c *sessionCodec) write(w http.ResponseWriter, r *http.Request, rd reader) error {
	sess := sessions.NewSession(c.store, c.name)
	sess.Options = c.store.Options
	if rd.ID == "" {
		rd.ID = rand.Text()
	}
	sess.Values["rid"] = rd.ID
	if rd.Lang != "" {
		sess.Values["lang"] = string(rd.Lang)
	}
	if rd.Consent != "" {
		sess.Values["consent"] = rd.Consent
		sess.Values["consent_version"] = rd.ConsentVersion
		sess.Values["consent_at"] = rd.ConsentAt.Unix()
	}
	if c.name != sessionName {
		if _, err := r.Cookie(sessionName); err == nil {
			// A plain cookie from before the prefix is never read again, but
			// caches would go on bypassing for it: remove it.
			http.SetCookie(w, &http.Cookie{Name: sessionName, Path: "/", MaxAge: -1, HttpOnly: true, Secure: true, SameSite: http.SameSiteLaxMode})
		}
	}
	return c.store.Save(r, w, sess)
}

// consentState is the reader's effective decision under the policy version in
// force: an answer to an older version counts as no answer, and Sec-GPC
// counts as a rejection unless the reader explicitly agreed.
func (rd reader) consentState(policy int) string {
	if rd.Consent != "" && rd.ConsentVersion == policy {
		return rd.Consent
	}
	if rd.GPC {
		return consentGPC
	}
	return ""
}
