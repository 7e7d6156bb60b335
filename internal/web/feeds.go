package web

import (
	"bytes"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"broadsheet/internal/feeds"
	"broadsheet/internal/i18n"
	"broadsheet/internal/news"
	"broadsheet/views"
)

// feedLength is how many stories a feed carries.
const feedLength = 20

// feedFormat is RSS or Atom: the file a feed is served as and how it is written.
type feedFormat struct {
	file, contentType string
	write             func(*bytes.Buffer, feeds.Feed) error
}

var (
	rssFormat = feedFormat{"feed.xml", "application/rss+xml; charset=utf-8",
		func(b *bytes.Buffer, f feeds.Feed) error { return feeds.RSS(b, f) }}
	atomFormat = feedFormat{"atom.xml", "application/atom+xml; charset=utf-8",
		func(b *bytes.Buffer, f feeds.Feed) error { return feeds.Atom(b, f) }}
)

// feedLinks are the head links advertising the feeds of a page's edition,
// and of its section when it has one.
func feedLinks(lang news.Lang, t *i18n.Translator, section *news.Section) []views.FeedLink {
	base, title := "/"+lang.Prefix()+"/", t.T("SiteName")
	if section != nil {
		base = views.SectionHref(lang, section.Key) + "/"
		title += " – " + section.Name
	}
	return []views.FeedLink{
		{Title: title + " (RSS)", Type: "application/rss+xml", Href: base + rssFormat.file},
		{Title: title + " (Atom)", Type: "application/atom+xml", Href: base + atomFormat.file},
	}
}

// feed serves an edition's or a section's newest stories as RSS or Atom,
// built once per page-cache lifetime.
func (s *Server) feed(format feedFormat, bySection bool) func(http.ResponseWriter, *http.Request, news.Lang) error {
	return func(w http.ResponseWriter, r *http.Request, lang news.Lang) error {
		return s.document(w, r, format.contentType, func(b *bytes.Buffer) (time.Time, error) {
			ctx := r.Context()
			tr := s.translator(lang)
			f := feeds.Feed{Lang: string(lang), Title: tr.T("SiteName"), Author: tr.T("SiteName"), Description: tr.T("SiteTagline"),
				Link: s.cfg.BaseURL + views.HomeHref(lang), Self: s.cfg.BaseURL + r.URL.Path}
			var cards []news.Card
			var err error
			if bySection {
				sec, err := s.store.Section(ctx, lang, r.PathValue("key"))
				if err != nil {
					return time.Time{}, err
				}
				f.Title += " – " + sec.Name
				f.Link = s.cfg.BaseURL + views.SectionHref(lang, sec.Key)
				if cards, _, err = s.store.SectionStories(ctx, lang, sec.ID, news.Page{Number: 1, Size: feedLength}); err != nil {
					return time.Time{}, err
				}
			} else if cards, err = s.store.Latest(ctx, lang, feedLength, 0); err != nil {
				return time.Time{}, err
			}
			for _, c := range cards {
				f.Items = append(f.Items, s.feedItem(c))
			}
			f.Updated = s.lastModified(newest(cards)) // taking a story down changes the feed too
			if f.Updated.IsZero() {
				f.Updated = time.Unix(0, 0)
			}
			return f.Updated, format.write(b, f)
		})
	}
}

// feedItem describes one story for feeds. Its id names the story and
// language, not the slug, so it stays the same when a headline is reworded.
func (s *Server) feedItem(c news.Card) feeds.Item {
	it := feeds.Item{
		ID:        s.tagURI(fmt.Sprintf("story/%d/%s", c.StoryID, c.Lang)),
		Title:     c.Headline,
		Link:      s.cfg.BaseURL + views.StoryHref(c.Lang, c.Slug),
		Summary:   c.Summary,
		Author:    c.Author(),
		Category:  c.Section.Name,
		Published: c.PublishedAt,
		Updated:   c.UpdatedAt,
	}
	if c.Image != nil {
		it.Image = &feeds.Image{URL: s.cfg.BaseURL + c.Image.URL(), Type: c.Image.ContentType, Width: c.Image.Width, Height: c.Image.Height}
	}
	return it
}

// tagURI is a stable id under the site's host (RFC 4151).
func (s *Server) tagURI(specific string) string {
	host := s.cfg.BaseURL
	if u, err := url.Parse(s.cfg.BaseURL); err == nil && u.Hostname() != "" {
		host = u.Hostname()
	}
	return "tag:" + strings.ToLower(host) + ",2026:" + specific
}

// robots points crawlers at the sitemap and keeps them out of search
// results and per-reader pages.
func (s *Server) robots(w http.ResponseWriter, r *http.Request) error {
	return s.document(w, r, "text/plain; charset=utf-8", func(b *bytes.Buffer) (time.Time, error) {
		b.WriteString("User-agent: *\n")
		for _, e := range news.Editions {
			fmt.Fprintf(b, "Disallow: /%s/search\nDisallow: /%s/cookies\n", e.Prefix, e.Prefix)
		}
		_, err := fmt.Fprintf(b, "Disallow: /lang/\nDisallow: /newsroom/\n\nSitemap: %s/sitemap.xml\n", s.cfg.BaseURL)
		return time.Time{}, err
	})
}
