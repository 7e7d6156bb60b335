package web

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"

	"broadsheet/internal/account"
	"broadsheet/internal/news"
	"broadsheet/views"
)

// users is the accounts page (admins only).
func (s *Server) users(w http.ResponseWriter, r *http.Request, sess *newsroomSession) error {
	v := views.UsersView{Role: news.RoleEditor}
	switch r.URL.Query().Get("done") {
	case "added":
		v.Notice = &views.Msg{ID: "UsersAdded"}
	case "updated":
		v.Notice = &views.Msg{ID: "UsersUpdated"}
	}
	return s.renderUsers(w, r, sess, http.StatusOK, v)
}

func (s *Server) renderUsers(w http.ResponseWriter, r *http.Request, sess *newsroomSession, status int, v views.UsersView) error {
	us, err := s.desk.Users(r.Context())
	if err != nil {
		return err
	}
	v.Users, v.Self = us, sess.User.ID
	p := s.newsroomPage(r, sess, s.t(r, "NewsroomUsers"))
	p.Nav = "users"
	return s.renderNewsroom(w, r, status, views.UsersPage(p, v))
}

// passwordError is the message for a password the rules refuse.
func passwordError(err error) (views.Msg, bool) {
	switch {
	case errors.Is(err, account.ErrPasswordShort):
		return views.Msg{ID: "ErrPasswordShort"}, true
	case errors.Is(err, account.ErrPasswordLong):
		return views.Msg{ID: "ErrPasswordLong"}, true
	}
	return views.Msg{}, false
}

func (s *Server) addUser(w http.ResponseWriter, r *http.Request, sess *newsroomSession) error {
	v := views.UsersView{Email: strings.TrimSpace(r.PostFormValue("email")), Role: news.Role(r.PostFormValue("role")), Errors: map[string]views.Msg{}}
	if !v.Role.Valid() {
		return errBadRequest
	}
	if !news.ValidEmail(v.Email) {
		v.Errors["email"] = views.Msg{ID: "ErrEmailInvalid"}
	} else if _, _, err := s.desk.UserByEmail(r.Context(), v.Email); err == nil {
		v.Errors["email"] = views.Msg{ID: "ErrEmailTaken"}
	} else if !errors.Is(err, news.ErrNotFound) {
		return err
	}
	pw := r.PostFormValue("password")
	if m, ok := passwordError(account.CheckPassword(pw)); ok {
		v.Errors["password"] = m
	}
	status := http.StatusUnprocessableEntity
	if len(v.Errors) == 0 {
		// Confirmed last, so a form with other mistakes costs no attempt.
		m, st, err := s.confirmAdmin(r, sess)
		if err != nil {
			return err
		}
		if m != nil {
			v.Errors["current_password"], status = *m, st
		}
	}
	if len(v.Errors) == 0 {
		hash, err := account.Hash(pw)
		if err != nil {
			return err
		}
		_, err = s.desk.CreateUser(r.Context(), v.Email, v.Role, hash)
		var fe *news.FieldError
		if errors.As(err, &fe) && fe.Field == "email" {
			v.Errors["email"] = views.Msg{ID: "ErrEmailTaken"}
		} else if err != nil {
			return err
		}
	}
	if len(v.Errors) > 0 {
		return s.renderUsers(w, r, sess, status, v)
	}
	s.log.Info("newsroom account added", "by", sess.User.Email, "account", v.Email, "role", v.Role, "addr", clientAddr(r))
	http.Redirect(w, r, "/newsroom/users?done=added", http.StatusSeeOther)
	return nil
}

func (s *Server) updateUser(w http.ResponseWriter, r *http.Request, sess *newsroomSession) error {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return news.ErrNotFound
	}
	role := news.Role(r.PostFormValue("role"))
	if !role.Valid() {
		return errBadRequest
	}
	disabled := r.PostFormValue("disabled") == "1"
	before, err := s.account(r.Context(), id)
	if err != nil {
		return err
	}
	v := views.UsersView{Role: news.RoleEditor, Errors: map[string]views.Msg{}}
	pw := r.PostFormValue("password")
	if pw != "" {
		if m, ok := passwordError(account.CheckPassword(pw)); ok {
			v.Errors["form"] = m
			return s.renderUsers(w, r, sess, http.StatusUnprocessableEntity, v)
		}
	}
	if m, status, err := s.confirmAdmin(r, sess); err != nil {
		return err
	} else if m != nil {
		v.Errors["form"] = *m
		return s.renderUsers(w, r, sess, status, v)
	}
	var hash string
	if pw != "" {
		if hash, err = account.Hash(pw); err != nil {
			return err
		}
	}
	// One transaction: a refused role change leaves the password alone too.
	err = s.desk.UpdateUser(r.Context(), id, role, disabled, hash)
	var fe *news.FieldError
	if errors.As(err, &fe) {
		v.Errors["form"] = views.Msg{ID: "ErrLastAdmin"}
		return s.renderUsers(w, r, sess, http.StatusUnprocessableEntity, v)
	} else if err != nil {
		return err
	}
	// Who changed what for whom; never the password itself.
	attrs := []any{"by", sess.User.Email, "account", before.Email, "addr", clientAddr(r)}
	if before.Role != role {
		attrs = append(attrs, "role_was", before.Role, "role", role)
	}
	if before.Disabled != disabled {
		attrs = append(attrs, "disabled", disabled)
	}
	if hash != "" {
		attrs = append(attrs, "password", "set")
	}
	if len(attrs) > 6 {
		s.log.Info("newsroom account changed", attrs...)
	}
	http.Redirect(w, r, "/newsroom/users?done=updated", http.StatusSeeOther)
	return nil
}

// account is the newsroom account with id, as it is before a change.
func (s *Server) account(ctx context.Context, id int64) (news.User, error) {
	us, err := s.desk.Users(ctx)
	if err != nil {
		return news.User{}, err
	}
	for _, u := range us {
		if u.ID == id {
			return u, nil
		}
	}
	return news.User{}, news.ErrNotFound
}

// confirmAdmin checks the admin's own password, typed again for an account
// change, so that a session left open or stolen cannot hand out lasting
// access. Attempts count against the sign-in limits of the admin's account
// and address; a wrong password is logged. It returns the message to show
// and its status, or nil when the password is right.
func (s *Server) confirmAdmin(r *http.Request, sess *newsroomSession) (*views.Msg, int, error) {
	pw := r.PostFormValue("current_password")
	if pw == "" {
		return &views.Msg{ID: "ErrCurrentPasswordMissing"}, http.StatusUnprocessableEntity, nil
	}
	// Counted like a sign-in: the admin's own browser, known by its device
	// cookie, is not held back by a stranger's guesses at the account.
	u, hash, secret, err := s.desk.SignInUser(r.Context(), sess.User.Email)
	if err != nil {
		return nil, 0, err
	}
	a := s.countSignIn(r, sess.User.Email, u, secret)
	if a.wait > 0 {
		s.log.Warn("newsroom password confirmation throttled", "admin", sess.User.Email, "addr", a.addr, "known_device", a.known())
		return a.refusal(), http.StatusTooManyRequests, nil
	}
	if !account.Verify(hash, pw) {
		s.log.Warn("newsroom password confirmation failed", "admin", sess.User.Email, "addr", a.addr, "known_device", a.known())
		return &views.Msg{ID: "ErrCurrentPassword"}, http.StatusUnprocessableEntity, nil
	}
	s.signInSucceeded(a)
	return nil, 0, nil
}
