package web

import (
	"errors"
	"net/http"
	"strings"

	"broadsheet/internal/news"
	"broadsheet/views"
)

// The glossary: the site's own rules for each converted edition (names,
// places, house style), applied on top of the conversion on every page.

// ruleMsg explains a rule an editor wrote that cannot be used, in the
// editor's language.
func ruleMsg(err error) (views.Msg, bool) {
	var re *news.RuleError
	if !errors.As(err, &re) {
		return views.Msg{}, false
	}
	return views.Msg{ID: "ErrRule" + strings.ToUpper(re.Kind[:1]) + re.Kind[1:],
		Data: map[string]any{"Line": re.Line, "Word": re.Word, "Max": news.MaxRules}}, true
}

func (s *Server) glossary(w http.ResponseWriter, r *http.Request, sess *newsroomSession) error {
	var v views.GlossaryView
	for _, e := range news.ConvertedEditions() {
		rules, err := s.desk.Glossary(r.Context(), e.Lang)
		if err != nil {
			return err
		}
		v.Editions = append(v.Editions, views.ConversionForm{Lang: e.Lang, Text: news.FormatRules(rules)})
	}
	if r.URL.Query().Get("saved") == "1" {
		v.Notice = &views.Msg{ID: "GlossarySaved"}
	}
	return s.renderGlossary(w, r, sess, http.StatusOK, v)
}

func (s *Server) renderGlossary(w http.ResponseWriter, r *http.Request, sess *newsroomSession, status int, v views.GlossaryView) error {
	p := s.newsroomPage(r, sess, s.t(r, "GlossaryTitle"))
	p.Nav = "glossary"
	return s.renderNewsroom(w, r, status, views.GlossaryPage(p, v))
}

// saveGlossary replaces every converted edition's glossary with the form's:
// all or nothing, so a mistake in one list changes no page.
func (s *Server) saveGlossary(w http.ResponseWriter, r *http.Request, sess *newsroomSession) error {
	v := views.GlossaryView{Errors: map[news.Lang]views.Msg{}}
	lists := map[news.Lang][]news.Rule{}
	for _, e := range news.ConvertedEditions() {
		text := strings.ReplaceAll(r.PostFormValue("glossary-"+e.Prefix), "\r\n", "\n")
		v.Editions = append(v.Editions, views.ConversionForm{Lang: e.Lang, Text: text})
		rules, err := news.ParseRules(text)
		if err == nil {
			err = s.desk.CheckRules(e.Lang, rules)
		}
		if m, bad := ruleMsg(err); bad {
			v.Errors[e.Lang] = m
			continue
		} else if err != nil {
			return err
		}
		lists[e.Lang] = rules
	}
	if len(v.Errors) > 0 {
		return s.renderGlossary(w, r, sess, http.StatusUnprocessableEntity, v)
	}
	for lang, rules := range lists {
		if err := s.desk.SetGlossary(r.Context(), lang, rules); err != nil {
			return err
		}
		s.log.Info("glossary changed", "edition", lang, "rules", len(rules), "by", sess.User.Email)
	}
	if err := s.loadSite(r.Context()); err != nil { // the site's text is converted with the glossary
		return err
	}
	s.Invalidate()
	s.kickTrends() // trends show in the edition's script
	http.Redirect(w, r, "/newsroom/glossary?saved=1", http.StatusSeeOther)
	return nil
}
