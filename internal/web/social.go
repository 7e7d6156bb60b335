package web

import (
	"bytes"
	"image"
	_ "image/png" // the logo's size is read from its header

	"broadsheet/assets"
	"broadsheet/internal/news"
	"broadsheet/views"
)

// publisherLogo is the site's logo as structured data describes it; its size
// is read from the embedded file so the two never disagree.
var publisherLogo = func() struct {
	url           string
	width, height int
} {
	u := assets.URL("logo.png")
	f, ok := assets.Lookup(u)
	if !ok {
		panic("web: assets/static/logo.png is missing") // embedded at build time
	}
	cfg, _, err := image.DecodeConfig(bytes.NewReader(f.Data))
	if err != nil {
		panic("web: logo.png: " + err.Error())
	}
	return struct {
		url           string
		width, height int
	}{u, cfg.Width, cfg.Height}
}()

// ogLocale is an edition's language in Open Graph's form.
func ogLocale(l news.Lang) string { return l.Edition().Locale }

// social fills what every self-canonical page tells link previews: its
// locale, the locales of the other editions it is in, and title.
func (s *Server) social(lang news.Lang, title string, paths map[news.Lang]string) *views.Social {
	so := &views.Social{Type: "website", Title: title, SiteName: s.translator(lang).T("SiteName"), Locale: ogLocale(lang)}
	for _, e := range news.Editions {
		if _, ok := paths[e.Lang]; ok && e.Lang != lang {
			so.LocaleAlternate = append(so.LocaleAlternate, e.Locale)
		}
	}
	return so
}

// websiteLD describes the site with its search, on front pages.
func (s *Server) websiteLD(lang news.Lang, name string) map[string]any {
	return map[string]any{
		"@context":   "https://schema.org",
		"@type":      "WebSite",
		"name":       name,
		"url":        s.cfg.BaseURL + views.HomeHref(lang),
		"inLanguage": string(lang),
		"potentialAction": map[string]any{
			"@type":       "SearchAction",
			"target":      map[string]any{"@type": "EntryPoint", "urlTemplate": s.cfg.BaseURL + "/" + lang.Prefix() + "/search?q={search_term_string}"},
			"query-input": "required name=search_term_string",
		},
	}
}

// articleLD describes a story as a NewsArticle, linked to its other language
// version: English is taken as the original, Chinese as its translation.
func (s *Server) articleLD(st news.Story, paths map[news.Lang]string, name string) map[string]any {
	author := st.Author()
	ld := map[string]any{
		"@context":         "https://schema.org",
		"@type":            "NewsArticle",
		"@id":              s.cfg.BaseURL + paths[st.Lang],
		"mainEntityOfPage": s.cfg.BaseURL + paths[st.Lang],
		"headline":         st.Headline,
		"description":      st.Summary,
		"datePublished":    st.PublishedAt.UTC().Format("2006-01-02T15:04:05Z07:00"),
		"dateModified":     st.UpdatedAt.UTC().Format("2006-01-02T15:04:05Z07:00"),
		"articleSection":   st.Section.Name,
		"inLanguage":       string(st.Lang),
		"publisher": map[string]any{"@type": "Organization", "name": name, "url": s.cfg.BaseURL + "/",
			"logo": map[string]any{"@type": "ImageObject", "url": s.cfg.BaseURL + publisherLogo.url,
				"width": publisherLogo.width, "height": publisherLogo.height}},
	}
	if author != "" {
		ld["author"] = []map[string]any{{"@type": "Person", "name": author}}
	}
	if st.Image != nil {
		ld["image"] = []map[string]any{{"@type": "ImageObject", "url": s.cfg.BaseURL + st.Image.URL(),
			"width": st.Image.Width, "height": st.Image.Height, "caption": st.Image.Caption}}
	}
	if st.Lang == news.EN {
		var refs []map[string]any
		for _, e := range news.Editions {
			if p, ok := paths[e.Lang]; ok && e.Lang != news.EN {
				refs = append(refs, map[string]any{"@type": "NewsArticle", "@id": s.cfg.BaseURL + p, "inLanguage": string(e.Lang)})
			}
		}
		if len(refs) > 0 {
			ld["workTranslation"] = refs
		}
	} else if p, ok := paths[news.EN]; ok {
		ld["translationOfWork"] = map[string]any{"@type": "NewsArticle", "@id": s.cfg.BaseURL + p, "inLanguage": string(news.EN)}
	}
	return ld
}
