package web

import (
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
	hash, err := account.Hash(r.PostFormValue("password"))
	if m, ok := passwordError(err); ok {
		v.Errors["password"] = m
	} else if err != nil {
		return err
	}
	if len(v.Errors) == 0 {
		_, err = s.desk.CreateUser(r.Context(), v.Email, v.Role, hash)
		var fe *news.FieldError
		if errors.As(err, &fe) && fe.Field == "email" {
			v.Errors["email"] = views.Msg{ID: "ErrEmailTaken"}
		} else if err != nil {
			return err
		}
	}
	if len(v.Errors) > 0 {
		return s.renderUsers(w, r, sess, http.StatusUnprocessableEntity, v)
	}
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
	v := views.UsersView{Role: news.RoleEditor, Errors: map[string]views.Msg{}}
	var hash string
	if pw := r.PostFormValue("password"); pw != "" {
		var err error
		hash, err = account.Hash(pw)
		if m, ok := passwordError(err); ok {
			v.Errors["form"] = m
			return s.renderUsers(w, r, sess, http.StatusUnprocessableEntity, v)
		} else if err != nil {
			return err
		}
	}
	// One transaction: a refused role change leaves the password alone too.
	err = s.desk.UpdateUser(r.Context(), id, role, r.PostFormValue("disabled") == "1", hash)
	var fe *news.FieldError
	if errors.As(err, &fe) {
		v.Errors["form"] = views.Msg{ID: "ErrLastAdmin"}
		return s.renderUsers(w, r, sess, http.StatusUnprocessableEntity, v)
	} else if err != nil {
		return err
	}
	http.Redirect(w, r, "/newsroom/users?done=updated", http.StatusSeeOther)
	return nil
}
