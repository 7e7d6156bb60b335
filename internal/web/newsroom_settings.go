package web

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"time"

	"broadsheet/internal/news"
	"broadsheet/internal/store"
	"broadsheet/views"
)

// The site's settings (admins only): today its time zone, in which story
// pages give their times.

// loadZone reads the site's time zone from the store.
func (s *Server) loadZone(ctx context.Context) error {
	name, err := s.settings.TimeZone(ctx)
	if err != nil {
		return err
	}
	loc, err := store.LoadZone(name)
	if err != nil {
		s.log.Error("the stored time zone is not known here: times are shown in UTC", "zone", name)
		loc = nil
	}
	if loc == nil {
		loc = time.UTC
	}
	s.zone.Store(loc)
	return nil
}

func (s *Server) siteSettings(w http.ResponseWriter, r *http.Request, sess *newsroomSession) error {
	name, err := s.settings.TimeZone(r.Context())
	if err != nil {
		return err
	}
	v := views.SettingsView{TimeZone: name}
	if r.URL.Query().Get("saved") == "1" {
		v.Notice = &views.Msg{ID: "SettingsSaved"}
	}
	return s.renderSettings(w, r, sess, http.StatusOK, v)
}

func (s *Server) renderSettings(w http.ResponseWriter, r *http.Request, sess *newsroomSession, status int, v views.SettingsView) error {
	p := s.newsroomPage(r, sess, s.t(r, "SettingsTitle"))
	p.Nav = "settings"
	return s.renderNewsroom(w, r, status, views.SettingsPage(p, v))
}

// saveSettings sets the time zone; every page shows times in it at once.
func (s *Server) saveSettings(w http.ResponseWriter, r *http.Request, sess *newsroomSession) error {
	name := strings.TrimSpace(r.PostFormValue("time_zone"))
	err := s.settings.SetTimeZone(r.Context(), name)
	if errors.Is(err, news.ErrInvalid) {
		return s.renderSettings(w, r, sess, http.StatusUnprocessableEntity, views.SettingsView{TimeZone: name,
			Error: &views.Msg{ID: "ErrTimeZone", Data: map[string]any{"Zone": name}}})
	}
	if err != nil {
		return err
	}
	if err := s.loadZone(r.Context()); err != nil {
		return err
	}
	s.log.Info("site time zone changed", "zone", name, "by", sess.User.Email)
	s.Invalidate()
	http.Redirect(w, r, "/newsroom/settings?saved=1", http.StatusSeeOther)
	return nil
}
