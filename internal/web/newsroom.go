package web

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"broadsheet/internal/account"
	"broadsheet/internal/news"
	"broadsheet/internal/photo"
	"broadsheet/views"
)

// DeskStore is what the newsroom needs from the database beyond Store.
type DeskStore interface {
	CreateUser(ctx context.Context, email string, role news.Role, passwordHash string) (news.User, error)
	UserByEmail(ctx context.Context, email string) (news.User, string, error)
	// SignInUser is UserByEmail with the account's device secret (device.go).
	SignInUser(ctx context.Context, email string) (news.User, string, []byte, error)
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
	RevisionAt(ctx context.Context, storyID int64, version int) (news.StoryInput, error)
	SlugTaken(ctx context.Context, lang news.Lang, slug string, storyID int64) (bool, error)
	SaveImage(ctx context.Context, im news.ImageFile) error
	ImageInfo(ctx context.Context, name string) (news.Image, error)
	Media(ctx context.Context, name string) (string, []byte, error)
	Images(ctx context.Context, limit, offset int) ([]news.Image, int, error)
	BecameDue(ctx context.Context, after, upto time.Time) (bool, error)

	// MarkCurrent records that a translation follows its original as it is.
	MarkCurrent(ctx context.Context, storyID int64, lang news.Lang, userID int64) error

	// Converted editions (store/editions.go).
	Glossary(ctx context.Context, lang news.Lang) ([]news.Rule, error)
	SetGlossary(ctx context.Context, lang news.Lang, rules []news.Rule) error
	CheckRules(lang news.Lang, rules []news.Rule) error
	PreviewConversion(lang news.Lang, st news.Story, exceptions []news.Rule) (news.Story, []news.WordChange, error)
}

// Newsroom session lifetimes: a session ends after sessionIdle without a
// request and never outlives sessionMax, whatever the activity.
const (
	newsroomCookie = "newsroom"
	// secureNewsroomCookie is the cookie's name on a site served over TLS: a
	// browser takes a __Secure- cookie only from a secure origin, with Secure.
	// (__Host- would also forbid a Domain, but it needs Path=/, and this
	// cookie stays on /newsroom so readers' requests never carry it.)
	secureNewsroomCookie = "__Secure-" + newsroomCookie
	newsroomPath         = "/newsroom"
	sessionIdle          = 2 * time.Hour
	sessionMax           = 12 * time.Hour
	// newsroomMaxBody is what a form with a photo (the editor, the photo
	// library) may carry. It is well above photo.MaxBytes so that a camera's
	// larger original comes back as a "too large" message on the form, with
	// the text kept, not as a bare 413.
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
	c, err := r.Cookie(s.newsroomCookieName())
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

// newsroomCookieName is the newsroom cookie's name: prefixed behind TLS.
func (s *Server) newsroomCookieName() string {
	if s.cfg.SecureCookies {
		return secureNewsroomCookie
	}
	return newsroomCookie
}

func (s *Server) setNewsroomCookie(w http.ResponseWriter, value string, maxAge int) {
	http.SetCookie(w, &http.Cookie{
		Name:     s.newsroomCookieName(),
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
			// A form sent after the session ended: say so, and keep the text.
			return s.sessionEnded(w, r)
		}
		if r.Method == http.MethodPost {
			ph, err := readForm(r)
			if errors.Is(err, errFieldTooLarge) {
				// Said in the newsroom's frame, before any field is read as Markdown.
				p := s.newsroomPage(r, sess, s.t(r, "FormTooLargeTitle"))
				return s.renderNewsroom(w, r, http.StatusRequestEntityTooLarge, views.NewsroomMessagePage(p, views.Msg{ID: "ErrFormTooLarge"}))
			}
			if err != nil {
				return err
			}
			if !hmac.Equal([]byte(r.PostFormValue("csrf")), []byte(sess.CSRF)) {
				return errForbidden
			}
			if len(ph) > 0 {
				r = r.WithContext(context.WithValue(r.Context(), formPhotoKey{}, ph))
			}
		}
		if adminOnly && sess.User.Role != news.RoleAdmin {
			p := s.newsroomPage(r, sess, s.t(r, "NewsroomAdminOnlyTitle"))
			return s.renderNewsroom(w, r, http.StatusForbidden, views.NewsroomMessagePage(p, views.Msg{ID: "NewsroomAdminOnly"}))
		}
		return s.inNewsroomFrame(w, r, sess, h(w, r, sess))
	})
}

// inNewsroomFrame answers a newsroom handler's "not found" in the
// newsroom's own frame, not the readers'; any other error is returned.
func (s *Server) inNewsroomFrame(w http.ResponseWriter, r *http.Request, sess *newsroomSession, err error) error {
	if errors.Is(err, news.ErrNotFound) {
		p := s.newsroomPage(r, sess, s.t(r, "NotFoundTitle"))
		return s.renderNewsroom(w, r, http.StatusNotFound, views.NewsroomMessagePage(p, views.Msg{ID: "NewsroomNotFound"}))
	}
	return err
}

// Limits on what a form may carry besides a photo. The editor's longest
// field, a body, may have 200 000 characters: at most 800 KB in UTF-8 in any
// script, so a field gets 1 MB and the whole text of a form 2 MB.
const (
	maxFieldBytes    = 1 << 20
	maxFormTextBytes = 2 << 20
	maxFormParts     = 1000
)

// errFieldTooLarge is a form whose text (not its photo) is over the limits.
var errFieldTooLarge = &httpError{http.StatusRequestEntityTooLarge, "form field too large"}

// formPhoto is a photo file of a multipart form, read by parseForm.
type formPhoto struct {
	Filename string
	Data     []byte // at most photo.MaxBytes+1: more says "too large"
}

type formPhotoKey struct{}

// photoFields are the file inputs a form may send a photo in: the lead
// photo (and the library's), and the editor's inline picture.
var photoFields = []string{"photo", "inline_photo"}

// postedPhoto is the photo sent in the request form's field, or nil.
func postedPhoto(r *http.Request, field string) *formPhoto {
	ph, _ := r.Context().Value(formPhotoKey{}).(map[string]*formPhoto)
	return ph[field]
}

// parseForm reads an urlencoded or multipart form, mapping an oversize body
// to 413 and anything unreadable to 400.
func parseForm(r *http.Request) error {
	_, err := readFormPhotos(r, false)
	return err
}

// readForm is parseForm that also returns the form's photos by field. Text
// fields are capped one by one and together (errFieldTooLarge); only a
// multipart form's photoFields files may be large, and they are returned
// rather than kept in the request's form.
func readForm(r *http.Request) (map[string]*formPhoto, error) {
	return readFormPhotos(r, true)
}

// readFormPhotos is readForm; without keepPhotos a photo sent is read past,
// never held in memory, and only its field and file name are returned (a
// form sent without a session has no use for the bytes).
func readFormPhotos(r *http.Request, keepPhotos bool) (map[string]*formPhoto, error) {
	if ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); ct == "multipart/form-data" {
		return readMultipart(r, keepPhotos)
	}
	if r.Body != nil {
		// An urlencoded form has no photo: all of it is text.
		r.Body = http.MaxBytesReader(nil, r.Body, maxFormTextBytes)
	}
	if err := formError(r.ParseForm()); err != nil {
		return nil, err
	}
	for _, vs := range r.PostForm {
		for _, v := range vs {
			if len(v) > maxFieldBytes {
				return nil, errFieldTooLarge
			}
		}
	}
	return nil, nil
}

// readMultipart reads a multipart form part by part, so that each part has
// its own limit (ParseMultipartForm has one for the whole body only).
func readMultipart(r *http.Request, keepPhotos bool) (map[string]*formPhoto, error) {
	mr, err := r.MultipartReader()
	if err != nil {
		return nil, errBadRequest
	}
	vals := url.Values{}
	ph := map[string]*formPhoto{}
	text := 0
	for parts := 0; ; parts++ {
		p, err := mr.NextPart() // skips whatever is left of the part before
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, formError(err)
		}
		if parts == maxFormParts {
			return nil, errBadRequest
		}
		name := p.FormName()
		if name == "" {
			continue
		}
		if slices.Contains(photoFields, name) && p.FileName() != "" && ph[name] == nil {
			ph[name] = &formPhoto{Filename: p.FileName()}
			if !keepPhotos {
				continue // NextPart reads past it
			}
			// A photo over the limit is read no further: photo.Process
			// reports it as too large, and the form comes back with its text.
			data, err := io.ReadAll(io.LimitReader(p, photo.MaxBytes+1))
			if err != nil {
				return nil, formError(err)
			}
			ph[name].Data = data
			continue
		}
		b, err := io.ReadAll(io.LimitReader(p, maxFieldBytes+1))
		if err != nil {
			return nil, formError(err)
		}
		if text += len(name) + len(b); len(b) > maxFieldBytes || text > maxFormTextBytes {
			return nil, errFieldTooLarge
		}
		if p.FileName() == "" { // no form has another file: drop any
			vals.Add(name, string(b))
		}
	}
	r.MultipartForm = &multipart.Form{Value: vals, File: map[string][]*multipart.FileHeader{}}
	r.PostForm = vals
	r.Form = url.Values{}
	for k, vs := range vals {
		r.Form[k] = append(r.Form[k], vs...)
	}
	for k, vs := range r.URL.Query() {
		r.Form[k] = append(r.Form[k], vs...)
	}
	return ph, nil
}

// formError maps an error reading a form to 413 (the body, or the text of a
// form, is over its limit) or 400.
func formError(err error) error {
	var mbe *http.MaxBytesError
	switch {
	case err == nil:
		return nil
	case errors.As(err, &mbe) && mbe.Limit == maxFormTextBytes:
		return errFieldTooLarge
	case errors.As(err, &mbe):
		return errTooLarge
	}
	return errBadRequest
}

// newsroomPage fills what every newsroom page shares.
func (s *Server) newsroomPage(r *http.Request, sess *newsroomSession, title string) views.NewsroomPage {
	// The newsroom works in the written languages: a reader of a converted
	// edition gets the language it is made from.
	lang := s.readerLang(r).Written()
	p := views.NewsroomPage{
		Lang:       lang,
		Title:      title,
		Stylesheet: stylesheetURL,
		Icon:       iconURL,
		Toggle:     views.Toggle{Lang: lang.Counterpart(), Href: toggleHref(lang.Counterpart(), r.URL.RequestURI())},
	}
	if r.Method != http.MethodGet {
		// After a POST the toggle leads back to the page's GET form.
		p.Toggle.Href = toggleHref(lang.Counterpart(), r.URL.Path)
	}
	if sess != nil {
		u := sess.User
		p.User = &u
		p.CSRF = sess.CSRF
	}
	return p
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
	p := s.newsroomPage(r, nil, s.translator(lang).T("NewsroomSignIn"))
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
	loginCarried(r, &v) // an editor's form sent when the session had ended
	if len(email) > 254 {
		email, v.Email = "", "" // no account has such an address; do not echo or keep it
	}
	// The account comes first, since whether the browser is known for it
	// decides which limits apply; the attempt is still counted before the
	// password is checked.
	u, hash, secret, err := s.desk.SignInUser(r.Context(), email)
	if err != nil && !errors.Is(err, news.ErrNotFound) {
		return err
	}
	// Why a sign-in failed goes to the log only; the page never says.
	reason := "wrong password"
	switch {
	case err != nil:
		u, hash, reason = news.User{}, "", "no such account" // compared anyway, so timing does not tell who has an account
	case u.Disabled:
		hash, reason = "", "account disabled"
	}
	at := s.countSignIn(r, email, u, secret)
	if at.wait > 0 {
		s.log.Warn("newsroom sign-in refused: too many failures", "email", email, "addr", at.addr, "known_device", at.known(), "wait", at.wait.Round(time.Second))
		v.Error = at.refusal()
		return s.renderLogin(w, r, http.StatusTooManyRequests, v)
	}
	if !account.Verify(hash, pw) {
		// The email as typed and the address, never the password.
		s.log.Warn("newsroom sign-in failed", "email", email, "addr", at.addr, "known_device", at.known(), "reason", reason)
		v.Error = &views.Msg{ID: "NewsroomSignInFailed"}
		return s.renderLogin(w, r, http.StatusUnauthorized, v)
	}
	s.log.Info("newsroom sign-in", "email", u.Email, "addr", at.addr, "known_device", at.known())
	s.signInSucceeded(at)
	// A session from before signing in is ended, never reused (fixation).
	if c, err := r.Cookie(s.newsroomCookieName()); err == nil && c.Value != "" {
		s.desk.DeleteSession(r.Context(), hashToken(c.Value))
	}
	token := rand.Text()
	if err := s.desk.CreateSession(r.Context(), hashToken(token), u.ID, s.cfg.Now().Add(sessionIdle)); err != nil {
		return err
	}
	s.setNewsroomCookie(w, token, int(sessionMax/time.Second))
	// A new nonce at every sign-in: this browser is now known for u.
	s.setDeviceCookie(w, u, secret)
	if len(v.Carried) > 0 {
		return s.resumeEditor(w, r, u, token, v)
	}
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
