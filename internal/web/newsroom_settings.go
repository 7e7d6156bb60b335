package web

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"broadsheet/internal/content"
	"broadsheet/internal/i18n"
	"broadsheet/internal/news"
	"broadsheet/internal/store"
	"broadsheet/views"
)

// The site's settings (admins only): its time zone, in which story pages
// give their times, and what it says about itself in each written language
// — its name, tagline, footer note and privacy text. A converted edition
// shows its written language's text converted.

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

// siteWords is what the site says about itself in each edition.
type siteWords map[news.Lang]editionWords

type editionWords struct {
	// tr is the edition's UI strings with the site's own name, tagline and
	// footer note in place of the defaults.
	tr *i18n.Translator
	// privacy is the privacy page's text; nil: the built-in policy.
	privacy []news.Block
}

// The UI strings the site's text replaces.
var siteMessages = map[string]string{"name": "SiteName", "tagline": "SiteTagline", "footer": "FooterNote"}

// loadSite reads the site's text from the store and makes each edition's
// words: a converted edition's are its written language's, converted with
// the site's glossary (so a glossary change must load them again).
func (s *Server) loadSite(ctx context.Context) error {
	texts, err := s.settings.SiteTexts(ctx)
	if err != nil {
		return err
	}
	s.site.Store(s.siteWords(texts))
	return nil
}

// siteWords makes each edition's words from the site's text.
func (s *Server) siteWords(texts map[news.Lang]news.SiteText) *siteWords {
	old := s.site.Load()
	words := siteWords{}
	privacy := map[news.Lang][]news.Block{}
	for _, lang := range news.Langs {
		if md := texts[lang].Privacy; md != "" {
			blocks, err := privacyBlocks(md)
			if err != nil {
				// It was read when it was saved; a busy server may fail to read
				// it now. Keep what readers saw.
				s.log.Error("the privacy text cannot be read", "lang", lang, "err", err)
				if old != nil {
					blocks = (*old)[lang].privacy
				}
			}
			privacy[lang] = blocks
		}
	}
	for _, e := range news.Editions {
		t := texts[e.Lang.Written()]
		over := map[string]string{}
		for _, f := range news.SiteFields {
			if id, ok := siteMessages[f.Name]; ok && *f.Get(&t) != "" {
				over[id] = s.store.ConvertText(e.Lang, *f.Get(&t))
			}
		}
		w := editionWords{tr: s.catalog.For(string(e.Lang)).With(over), privacy: privacy[e.Lang.Written()]}
		if e.From != "" && w.privacy != nil {
			w.privacy = s.settings.ConvertBlocks(e.Lang, w.privacy)
		}
		words[e.Lang] = w
	}
	return &words
}

// translator is an edition's UI strings with the site's own words.
func (s *Server) translator(lang news.Lang) *i18n.Translator {
	if w := s.site.Load(); w != nil {
		if ew, ok := (*w)[lang]; ok {
			return ew.tr
		}
	}
	return s.catalog.For(string(lang))
}

// privacyText is the privacy page's text in an edition; nil: the built-in policy.
func (s *Server) privacyText(lang news.Lang) []news.Block {
	if w := s.site.Load(); w != nil {
		return (*w)[lang].privacy
	}
	return nil
}

// errPrivacyBlocks is a privacy text with a picture or video: the page
// shows text only.
var errPrivacyBlocks = errors.New("web: the privacy text has a picture or video")

// privacyBlocks reads a privacy text's Markdown into sanitized blocks, as a
// story body is read, refusing pictures and videos.
func privacyBlocks(md string) ([]news.Block, error) {
	blocks, err := content.Blocks([]byte(md))
	if err != nil {
		return nil, err
	}
	for _, b := range blocks {
		if b.Kind == news.BlockImage || b.Kind == news.BlockEmbed {
			return nil, errPrivacyBlocks
		}
	}
	if blocks == nil {
		blocks = []news.Block{} // text that shows nothing is still the owner's
	}
	return blocks, nil
}

// defaultSiteText is the site's text in a written language when its admins
// set none: the UI strings it ships with, the privacy page as Markdown.
func (s *Server) defaultSiteText(lang news.Lang) news.SiteText {
	tr := s.catalog.For(string(lang))
	var md strings.Builder
	md.WriteString(tr.T("PolicyIntro"))
	for _, part := range [][2]string{{"PolicyCookiesTitle", "PolicyCookies"}, {"PolicyOptionalTitle", "PolicyOptional"},
		{"PolicyGPCTitle", "PolicyGPC"}, {"PolicySearchTitle", "PolicySearch"}, {"PolicyKeptTitle", "PolicyKept"}} {
		md.WriteString("\n\n## " + tr.T(part[0]) + "\n\n" + tr.T(part[1]))
	}
	md.WriteString("\n")
	return news.SiteText{Name: tr.T("SiteName"), Tagline: tr.T("SiteTagline"), Footer: tr.T("FooterNote"), Privacy: md.String()}
}

func (s *Server) siteSettings(w http.ResponseWriter, r *http.Request, sess *newsroomSession) error {
	ctx := r.Context()
	name, err := s.settings.TimeZone(ctx)
	if err != nil {
		return err
	}
	texts, err := s.settings.SiteTexts(ctx)
	if err != nil {
		return err
	}
	v := views.SettingsView{TimeZone: name}
	for _, lang := range news.Langs {
		// A field left at its default shows the default, to edit from.
		t, def := texts[lang], s.defaultSiteText(lang)
		for _, f := range news.SiteFields {
			if *f.Get(&t) == "" {
				*f.Get(&t) = *f.Get(&def)
			}
		}
		v.Site = append(v.Site, views.SiteTextForm{Lang: lang, Text: t})
	}
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

// saveSettings sets the time zone and the site's text; every page shows
// them at once. Anything wrong sends the form back as typed, with the
// reasons, and changes nothing.
func (s *Server) saveSettings(w http.ResponseWriter, r *http.Request, sess *newsroomSession) error {
	ctx := r.Context()
	stored, err := s.settings.SiteTexts(ctx)
	if err != nil {
		return err
	}
	v, texts := s.readSettings(r, stored)
	if v.Error != nil || len(v.Errors) > 0 {
		return s.renderSettings(w, r, sess, http.StatusUnprocessableEntity, v)
	}
	// Pages show the new settings before the store forgets the story parts
	// made with the old: a part made in between is forgotten with them.
	loc, _ := store.LoadZone(v.TimeZone)
	s.zone.Store(loc)
	s.site.Store(s.siteWords(texts))
	if err := s.settings.SetSettings(ctx, v.TimeZone, texts); err != nil {
		// readSettings checked what SetSettings does: the database failed.
		if rerr := errors.Join(s.loadZone(ctx), s.loadSite(ctx)); rerr != nil {
			s.log.Error("settings: read the stored settings again", "err", rerr)
		}
		return err
	}
	s.log.Info("site settings changed", "zone", v.TimeZone, "by", sess.User.Email)
	s.Invalidate()
	http.Redirect(w, r, "/newsroom/settings?saved=1", http.StatusSeeOther)
	return nil
}

// readSettings reads and checks the settings form. A field equal to its
// default, or empty, is stored empty: the site keeps following the default
// (and the Traditional edition its own wording of it). A field the form
// does not carry at all keeps its stored value.
func (s *Server) readSettings(r *http.Request, stored map[news.Lang]news.SiteText) (views.SettingsView, map[news.Lang]news.SiteText) {
	v := views.SettingsView{TimeZone: strings.TrimSpace(r.PostFormValue("time_zone")), Errors: map[string]views.Msg{}}
	if _, err := store.LoadZone(v.TimeZone); err != nil {
		v.Error = &views.Msg{ID: "ErrTimeZone", Data: map[string]any{"Zone": v.TimeZone}}
	}
	texts := map[news.Lang]news.SiteText{}
	for _, lang := range news.Langs {
		form := views.SiteTextForm{Lang: lang}
		var t news.SiteText
		def, was := s.defaultSiteText(lang), stored[lang]
		for _, f := range news.SiteFields {
			id := views.SiteFieldID(lang, f.Name)
			typed := *f.Get(&was)
			if vs := r.PostForm[id]; len(vs) > 0 {
				typed = vs[0]
			}
			val := cleanSiteField(f.Name, typed)
			*f.Get(&form.Text) = val
			if val == cleanSiteField(f.Name, *f.Get(&def)) {
				val = ""
			}
			*f.Get(&t) = val
			if n := utf8.RuneCountInString(val); n > f.Max {
				v.Errors[id] = views.Msg{ID: "ErrTooLong", Data: map[string]any{"Count": n, "Max": f.Max}}
				continue
			}
			if f.Name == "privacy" && val != "" {
				blocks, err := privacyBlocks(val)
				switch {
				case errors.Is(err, errPrivacyBlocks) || errors.Is(err, content.ErrImageName):
					v.Errors[id] = views.Msg{ID: "ErrPrivacyBlocks"}
				case err != nil:
					v.Errors[id] = bodyError(err)
				case len(blocks) == 0:
					v.Errors[id] = views.Msg{ID: "ErrPrivacyEmpty"}
				}
			}
		}
		v.Site = append(v.Site, form)
		texts[lang] = t
	}
	return v, texts
}

// cleanSiteField tidies a typed value: the privacy text keeps its lines
// (ended with "\n", as a browser sends "\r\n"); the rest are one line, with
// runs of spaces, tabs and line breaks made one space.
func cleanSiteField(field, val string) string {
	if !utf8.ValidString(val) {
		val = strings.ToValidUTF8(val, "\uFFFD")
	}
	if field == "privacy" {
		val = strings.ReplaceAll(strings.ReplaceAll(val, "\r\n", "\n"), "\r", "\n")
		return strings.TrimSpace(strings.Map(dropControl, val))
	}
	return strings.Join(strings.Fields(strings.Map(dropControl, val)), " ")
}

// dropControl drops control characters but line breaks and tabs: no page
// or feed may carry them.
func dropControl(r rune) rune {
	if unicode.IsControl(r) && r != '\n' && r != '\t' {
		return -1
	}
	return r
}
