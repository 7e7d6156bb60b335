package web

import (
	"net/http"
	"strings"
	"unicode/utf8"

	"broadsheet/internal/news"
	"broadsheet/views"
)

// trendsAdmin shows each edition's Search Trends with a way to take a term
// out, and the blocked entries (admins only).
func (s *Server) trendsAdmin(w http.ResponseWriter, r *http.Request, sess *newsroomSession) error {
	var v views.TrendsAdminView
	switch r.URL.Query().Get("done") {
	case "blocked":
		v.Notice = &views.Msg{ID: "TrendsAdminBlockedNotice"}
	case "unblocked":
		v.Notice = &views.Msg{ID: "TrendsAdminAllowedNotice"}
	}
	return s.renderTrendsAdmin(w, r, sess, http.StatusOK, v)
}

func (s *Server) renderTrendsAdmin(w http.ResponseWriter, r *http.Request, sess *newsroomSession, status int, v views.TrendsAdminView) error {
	for _, l := range news.Langs {
		v.Editions = append(v.Editions, views.EditionTrends{Lang: l, Trends: s.trends.get(l)})
	}
	blocked, err := s.store.BlockedTerms(r.Context())
	if err != nil {
		return err
	}
	v.Blocked = blocked
	p := s.newsroomPage(r, sess, s.t(r, "TrendsAdminTitle"))
	p.Nav = "trends"
	return s.renderNewsroom(w, r, status, views.TrendsAdminPage(p, v))
}

// updateTrends blocks or allows a term, then refreshes Search Trends at once
// so readers stop seeing a removed term on their next page.
func (s *Server) updateTrends(w http.ResponseWriter, r *http.Request, sess *newsroomSession) error {
	term := strings.TrimSpace(r.PostFormValue("term"))
	if term == "" || utf8.RuneCountInString(term) > 100 {
		return s.renderTrendsAdmin(w, r, sess, http.StatusUnprocessableEntity, views.TrendsAdminView{Error: &views.Msg{ID: "TrendsAdminBadTerm"}})
	}
	var err error
	done := "blocked"
	switch r.PostFormValue("action") {
	case "block":
		err = s.store.BlockTerm(r.Context(), term, s.cfg.Now().Unix())
	case "unblock":
		err, done = s.store.UnblockTerm(r.Context(), term), "unblocked"
	default:
		return errBadRequest
	}
	if _, bad := err.(*news.FieldError); bad {
		return s.renderTrendsAdmin(w, r, sess, http.StatusUnprocessableEntity, views.TrendsAdminView{Error: &views.Msg{ID: "TrendsAdminBadTerm"}})
	} else if err != nil {
		return err
	}
	s.log.Info("search trends changed", "action", done, "term", term, "by", sess.User.Email)
	if err := s.RefreshTrends(r.Context()); err != nil {
		return err
	}
	http.Redirect(w, r, "/newsroom/trends?done="+done, http.StatusSeeOther)
	return nil
}
