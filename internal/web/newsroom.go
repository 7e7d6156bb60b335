package web

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"broadsheet/internal/account"
	"broadsheet/internal/news"
	"broadsheet/views"
)

// DeskStore is what the newsroom needs from the database beyond Store.
type DeskStore interface {
	CreateUser(ctx context.Context, email string, role news.Role, passwordHash string) (news.User, error)
	UserByEmail(ctx context.Context, email string) (news.User, string, error)
	Users(ctx context.Context) ([]news.User, error)
	UpdateUser(ctx context.Context, id int64, role news.Role, disabled bool, passwordHash string) error
	SetPassword(ctx context.Context, id int64, passwordHash string) error
	CreateSession(ctx context.Context, tokenHash []byte, userID int64, expires time.Time) error
	SessionUser(ctx context.Context, tokenHash []byte) (news.User, time.Time, time.Time, error)
	ExtendSession(ctx context.Context, tokenHash []byte, expires time.Time) error
	DeleteSession(ctx context.Context, tokenHash []byte) error
	PruneSessions(ctx context.Context) error

	DeskStories(ctx context.Context, lang news.Lang, f news.DeskFilter) ([]news.DeskItem, int, error)
	StoryForEdit(ctx context.Context, id int64) (news.StoryEdit, error)
	SaveEdit(ctx context.Context, id int64, version int, in news.StoryInput, userID int64, action string) (int64, int, error)
	Revisions(ctx context.Context, storyID int64) ([]news.Revision, error)
	Revision(ctx context.Context, storyID, revisionID int64) (news.StoryInput, news.Revision, error)
	SlugTaken(ctx context.Context, lang news.Lang, slug string, storyID int64) (bool, error)
	SaveImage(ctx context.Context, im news.ImageFile) error
	ImageInfo(ctx context.Context, name string) (news.Image, error)
	Images(ctx context.Context, limit, offset int) ([]news.Image, int, error)
	BecameDue(ctx context.Context, after, upto time.Time) (bool, error)
}

// Newsroom session lifetimes: a session ends after sessionIdle without a
// request and never outlives sessionMax, whatever the activity.
const (
	newsroomCookie = "newsroom"
	newsroomPath   = "/newsroom"
	sessionIdle    = 2 * time.Hour
	sessionMax     = 12 * time.Hour
	// newsroomMaxBody is what the editor's form may carry. It is well above
	// photo.MaxBytes so that a camera's larger original comes back as a
	// "too large" message on the form, with the text kept, not as a bare 413.
	newsroomMaxBody = 48 << 20
)

// newsroomSession is the signed-in editor of one request.
type newsroomSession struct {
	User      news.User
	tokenHash []byte
	CSRF      string
}

func hashToken(token string) []byte {
	h := sha256.Sum256([]byte(token))
	return h[:]
}

// csrfToken is tied to the session: it is an HMAC of the session's token
// hash under the site's key, so it cannot be guessed or reused across sessions.
func (s *Server) csrfToken(tokenHash []byte) string {
	m := hmac.New(sha256.New, s.cfg.SessionKey)
	m.Write([]byte("newsroom-csrf\x00"))
	m.Write(tokenHash)
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

// newsroomSession finds the request's signed-in editor, sliding the idle
// expiry forward (at most once a minute, to spare the database writes).
func (s *Server) newsroomSession(r *http.Request) (*newsroomSession, bool) {
	c, err := r.Cookie(newsroomCookie)
	if err != nil || c.Value == "" || len(c.Value) > 128 {
		return nil, false
	}
	th := hashToken(c.Value)
	u, created, expires, err := s.desk.SessionUser(r.Context(), th)
	if err != nil {
		if !errors.Is(err, news.ErrNotFound) {
			s.log.Error("newsroom session", "err", err)
		}
		return nil, false
	}
	now := s.cfg.Now()
	end := now.Add(sessionIdle)
	if hard := created.Add(sessionMax); hard.Before(end) {
		end = hard
	}
	if !end.After(now) {
		return nil, false
	}
	if end.Sub(expires) > time.Minute {
		if err := s.desk.ExtendSession(r.Context(), th, end); err != nil {
			s.log.Error("extend newsroom session", "err", err)
		}
	}
	return &newsroomSession{User: u, tokenHash: th, CSRF: s.csrfToken(th)}, true
}

func (s *Server) setNewsroomCookie(w http.ResponseWriter, value string, maxAge int) {
	http.SetCookie(w, &http.Cookie{
		Name:     newsroomCookie,
		Value:    value,
		Path:     newsroomPath,
		MaxAge:   maxAge,
		HttpOnly: true,
		Secure:   s.cfg.SecureCookies,
		SameSite: http.SameSiteStrictMode,
	})
}

// newsroomHandler adapts a newsroom handler: the editor must be signed in
// (and an admin when adminOnly), and any POST must carry the session's CSRF
// token. Nothing in the newsroom may be stored by a cache.
func (s *Server) newsroomHandler(adminOnly bool, h func(http.ResponseWriter, *http.Request, *newsroomSession) error) http.Handler {
	return s.handle(func(w http.ResponseWriter, r *http.Request) error {
		w.Header().Set("Cache-Control", "no-store")
		sess, ok := s.newsroomSession(r)
		if !ok {
			if r.Method == http.MethodGet || r.Method == http.MethodHead {
				http.Redirect(w, r, "/newsroom/login?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
				return nil
			}
			// A form sent after the session ended: say so, and where the text is.
			return s.renderLogin(w, r, http.StatusUnauthorized, views.LoginView{
				Next: r.URL.Path, Error: &views.Msg{ID: "NewsroomSessionEnded"}})
		}
		if r.Method == http.MethodPost {
			if err := parseForm(r); err != nil {
				return err
			}
			if !hmac.Equal([]byte(r.PostFormValue("csrf")), []byte(sess.CSRF)) {
				return errForbidden
			}
		}
		if adminOnly && sess.User.Role != news.RoleAdmin {
			p := s.newsroomPage(r, sess, s.t(r, "NewsroomAdminOnlyTitle"))
			return s.renderNewsroom(w, r, http.StatusForbidden, views.NewsroomMessagePage(p, views.Msg{ID: "NewsroomAdminOnly"}))
		}
		err := h(w, r, sess)
		if errors.Is(err, news.ErrNotFound) {
			// Inside the newsroom, say so in the newsroom's own frame.
			p := s.newsroomPage(r, sess, s.t(r, "NotFoundTitle"))
			return s.renderNewsroom(w, r, http.StatusNotFound, views.NewsroomMessagePage(p, views.Msg{ID: "NewsroomNotFound"}))
		}
		return err
	})
}

// parseForm reads an urlencoded or multipart form, mapping an oversize body
// to 413 and anything unreadable to 400; photos beyond what fits in memory
// spill to temporary files that ParseMultipartForm owns.
func parseForm(r *http.Request) error {
	var err error
	if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") {
		err = r.ParseMultipartForm(4 << 20)
	} else {
		err = r.ParseForm()
	}
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return errTooLarge
	}
	if err != nil {
		return errBadRequest
	}
	return nil
}

// newsroomPage fills what every newsroom page shares.
func (s *Server) newsroomPage(r *http.Request, sess *newsroomSession, title string) views.NewsroomPage {
	lang := s.readerLang(r)
	p := views.NewsroomPage{
		Lang:       lang,
		Title:      title,
		Stylesheet: stylesheetURL,
		Icon:       iconURL,
		Toggle:     views.Toggle{Lang: lang.Other(), Href: toggleHref(lang.Other(), r.URL.RequestURI())},
	}
	if r.Method != http.MethodGet {
		// After a POST the toggle leads back to the page's GET form.
		p.Toggle.Href = toggleHref(lang.Other(), r.URL.Path)
	}
	if sess != nil {
		u := sess.User
		p.User = &u
		p.CSRF = sess.CSRF
	}
	return p
}

// clientAddr is the address failed sign-ins are counted against.
func clientAddr(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

func (s *Server) loginForm(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Cache-Control", "no-store")
	if _, ok := s.newsroomSession(r); ok {
		http.Redirect(w, r, newsroomNext(r.URL.Query().Get("next")), http.StatusSeeOther)
		return nil
	}
	return s.renderLogin(w, r, http.StatusOK, views.LoginView{Next: r.URL.Query().Get("next")})
}

func (s *Server) renderLogin(w http.ResponseWriter, r *http.Request, status int, v views.LoginView) error {
	lang := s.readerLang(r)
	p := s.newsroomPage(r, nil, s.catalog.For(string(lang)).T("NewsroomSignIn"))
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	return views.LoginPage(p, v).Render(s.localize(r.Context(), lang), w)
}

// newsroomNext is where to go after signing in: a newsroom path, else the story list.
func newsroomNext(next string) string {
	next = safeLocalPath(next, "/newsroom/")
	if next != newsroomPath && !strings.HasPrefix(next, newsroomPath+"/") {
		return "/newsroom/"
	}
	return next
}

func (s *Server) login(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Cache-Control", "no-store")
	if err := parseForm(r); err != nil {
		return err
	}
	email := strings.TrimSpace(r.PostFormValue("email"))
	pw := r.PostFormValue("password")
	v := views.LoginView{Email: email, Next: r.PostFormValue("next")}
	if len(email) > 254 {
		email, v.Email = "", "" // no account has such an address; do not echo or keep it
	}
	// Attempts are counted before the password is checked, so parallel
	// guesses cannot all pass before the first failure is recorded.
	acctKey, addrKey := strings.ToLower(email), clientAddr(r)
	wait := s.addrThrottle.Take(addrKey)
	if wait == 0 {
		wait = s.acctThrottle.Take(acctKey)
	}
	if wait > 0 {
		v.Error = &views.Msg{ID: "NewsroomThrottled", N: int((wait + time.Minute - 1) / time.Minute)}
		return s.renderLogin(w, r, http.StatusTooManyRequests, v)
	}
	u, hash, err := s.desk.UserByEmail(r.Context(), email)
	if err != nil && !errors.Is(err, news.ErrNotFound) {
		return err
	}
	if err != nil || u.Disabled {
		hash = "" // compared anyway, so timing does not tell who has an account
	}
	if !account.Verify(hash, pw) {
		v.Error = &views.Msg{ID: "NewsroomSignInFailed"}
		return s.renderLogin(w, r, http.StatusUnauthorized, v)
	}
	s.acctThrottle.Succeed(acctKey)
	s.addrThrottle.Forget(addrKey)
	// A session from before signing in is ended, never reused (fixation).
	if c, err := r.Cookie(newsroomCookie); err == nil && c.Value != "" {
		s.desk.DeleteSession(r.Context(), hashToken(c.Value))
	}
	token := rand.Text()
	if err := s.desk.CreateSession(r.Context(), hashToken(token), u.ID, s.cfg.Now().Add(sessionIdle)); err != nil {
		return err
	}
	s.setNewsroomCookie(w, token, int(sessionMax/time.Second))
	http.Redirect(w, r, newsroomNext(v.Next), http.StatusSeeOther)
	return nil
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request, sess *newsroomSession) error {
	if err := s.desk.DeleteSession(r.Context(), sess.tokenHash); err != nil {
		return err
	}
	s.setNewsroomCookie(w, "", -1)
	http.Redirect(w, r, "/newsroom/login", http.StatusSeeOther)
	return nil
}

// RunSchedule rebuilds pages as soon as a scheduled story falls due, checking
// every interval until ctx ends; stories are stored with their time, so a
// restart loses nothing.
func (s *Server) RunSchedule(ctx context.Context, every time.Duration) {
	if s.desk == nil {
		return
	}
	t := time.NewTicker(every)
	defer t.Stop()
	last := s.cfg.Now()
	prune := s.cfg.Now()
	for {
		select {
		case <-ctx.Done():
			return
		case now := <-t.C:
			due, err := s.desk.BecameDue(ctx, last, now)
			if err != nil {
				if ctx.Err() == nil {
					s.log.Error("scheduled stories", "err", err)
				}
				continue
			}
			last = now
			if due {
				s.Invalidate()
			}
			if now.Sub(prune) > time.Hour {
				prune = now
				if err := s.desk.PruneSessions(ctx); err != nil && ctx.Err() == nil {
					s.log.Error("prune newsroom sessions", "err", err)
				}
			}
		}
	}
}
