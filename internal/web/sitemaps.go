package web

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"broadsheet/internal/feeds"
	"broadsheet/internal/news"
	"broadsheet/views"
)

// sitemapSize is how many stories one sitemap file lists (the protocol allows 50 000).
const sitemapSize = 10000

// newsWindow is how far back the Google News sitemap reaches.
const newsWindow = 48 * time.Hour

// alternateSet lists every language version plus x-default (English when it exists).
func (s *Server) alternateSet(paths map[news.Lang]string) []feeds.Alternate {
	var out []feeds.Alternate
	for _, a := range s.alternates(paths) {
		out = append(out, feeds.Alternate{Hreflang: a.Hreflang, Href: a.Href})
	}
	return out
}

// sitemapIndex names each edition's sitemaps and the news sitemap.
func (s *Server) sitemapIndex(w http.ResponseWriter, r *http.Request) error {
	return s.writeXML(w, r, func(b *bytes.Buffer) error {
		var locs []string
		for _, e := range news.Editions {
			n, err := s.store.CountPublished(r.Context(), e.Lang)
			if err != nil {
				return err
			}
			for i := 1; i == 1 || (i-1)*sitemapSize < n; i++ {
				locs = append(locs, fmt.Sprintf("%s/sitemaps/%s-%d.xml", s.cfg.BaseURL, e.Prefix, i))
			}
		}
		// A news sitemap must list at least one story: with nothing from the
		// last two days it is left out, and its URL answers 404.
		if recent, err := s.newsURLs(r.Context()); err != nil {
			return err
		} else if len(recent) > 0 {
			locs = append(locs, s.cfg.BaseURL+"/sitemaps/news.xml")
		}
		return feeds.Index(b, locs, time.Time{})
	})
}

// sitemap serves /sitemaps/{prefix}-{n}.xml: the edition's front, sections and
// policy on the first file, then its stories, each with hreflang alternates.
func (s *Server) sitemap(w http.ResponseWriter, r *http.Request) error {
	name := strings.TrimSuffix(r.PathValue("file"), ".xml")
	if name == "news" {
		return s.newsSitemap(w, r)
	}
	i := strings.LastIndexByte(name, '-') // prefixes may hold hyphens (zh-hant)
	if i < 0 {
		return news.ErrNotFound
	}
	prefix, num, ok := name[:i], name[i+1:], true
	lang, okLang := news.LangFromPrefix(prefix)
	n, err := strconv.Atoi(num)
	if !ok || !okLang || err != nil || n < 1 || n > 10000 || !strings.HasSuffix(r.PathValue("file"), ".xml") {
		return news.ErrNotFound
	}
	return s.writeXML(w, r, func(b *bytes.Buffer) error { return s.sitemapFile(b, r, lang, n) })
}

// sitemapFile writes sitemap n of an edition.
func (s *Server) sitemapFile(b *bytes.Buffer, r *http.Request, lang news.Lang, n int) error {
	ctx := r.Context()
	stories, err := s.store.StoryURLs(ctx, lang, sitemapSize, (n-1)*sitemapSize)
	if err != nil {
		return err
	}
	if n > 1 && len(stories) == 0 {
		return news.ErrNotFound
	}
	var urls []feeds.URL
	if n == 1 {
		secs, err := s.store.Sections(ctx, lang)
		if err != nil {
			return err
		}
		// Lists change when a story in them does: their lastmod is their newest story's.
		latest, err := s.store.Latest(ctx, lang, 20, 0)
		if err != nil {
			return err
		}
		lists := []struct {
			rest    string
			lastMod time.Time
		}{{"/", s.lastModified(newest(latest))}, {"/privacy", time.Time{}}}
		for _, sec := range secs {
			cards, _, err := s.store.SectionStories(ctx, lang, sec.ID, news.Page{Number: 1, Size: 20})
			if err != nil {
				return err
			}
			lists = append(lists, struct {
				rest    string
				lastMod time.Time
			}{"/section/" + sec.Key, s.lastModified(newest(cards))})
		}
		for _, l := range lists {
			paths := news.EditionPaths(l.rest)
			urls = append(urls, feeds.URL{Loc: s.cfg.BaseURL + paths[lang], LastMod: l.lastMod, Alternates: s.alternateSet(paths)})
		}
	}
	for _, st := range stories {
		paths := map[news.Lang]string{}
		for l, slug := range st.Translations {
			paths[l] = views.StoryHref(l, slug)
		}
		urls = append(urls, feeds.URL{Loc: s.cfg.BaseURL + paths[lang], LastMod: st.Updated, Alternates: s.alternateSet(paths)})
	}
	return feeds.Sitemap(b, urls)
}

// newsSitemap lists both editions' stories of the last two days, or is not
// found when there are none (the schema rejects an empty urlset).
func (s *Server) newsSitemap(w http.ResponseWriter, r *http.Request) error {
	urls, err := s.newsURLs(r.Context())
	if err != nil {
		return err
	}
	if len(urls) == 0 {
		return news.ErrNotFound
	}
	return s.writeXML(w, r, func(b *bytes.Buffer) error { return feeds.NewsSitemap(b, urls) })
}

// newsLanguage is each edition's language as Google News codes it.
var newsLanguage = map[news.Lang]string{news.EN: "en", news.ZH: "zh-cn", news.ZHHant: "zh-tw"}

// newsURLs are the stories of every edition published within newsWindow.
func (s *Server) newsURLs(ctx context.Context) ([]feeds.NewsURL, error) {
	since := s.cfg.Now().Add(-newsWindow)
	var urls []feeds.NewsURL
	for _, e := range news.Editions {
		l := e.Lang
		cards, err := s.store.Latest(ctx, l, 1000, 0)
		if err != nil {
			return nil, err
		}
		code := newsLanguage[l]
		for _, c := range cards {
			if c.PublishedAt.Before(since) {
				break
			}
			urls = append(urls, feeds.NewsURL{Loc: s.cfg.BaseURL + views.StoryHref(l, c.Slug),
				Publication: s.translator(l).T("SiteName"), Language: code, Published: c.PublishedAt, Title: c.Headline})
		}
	}
	return urls, nil
}

// writeXML serves an XML document through the document cache.
func (s *Server) writeXML(w http.ResponseWriter, r *http.Request, write func(*bytes.Buffer) error) error {
	return s.document(w, r, "application/xml; charset=utf-8", func(b *bytes.Buffer) (time.Time, error) {
		return time.Time{}, write(b)
	})
}
