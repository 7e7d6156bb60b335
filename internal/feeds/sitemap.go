package feeds

import (
	"encoding/xml"
	"io"
	"time"
)

// URL is one page in a sitemap, with the language versions of it.
type URL struct {
	Loc        string
	LastMod    time.Time
	Alternates []Alternate // every language version, this one included, plus x-default
}

// Alternate is one xhtml:link hreflang alternate.
type Alternate struct {
	Hreflang, Href string
}

// NewsURL is one story in a Google News sitemap.
type NewsURL struct {
	Loc         string
	Publication string
	Language    string // as Google News spells it: "en", "zh-cn"
	Published   time.Time
	Title       string
}

type urlset struct {
	XMLName xml.Name     `xml:"urlset"`
	NS      string       `xml:"xmlns,attr"`
	XHTML   string       `xml:"xmlns:xhtml,attr,omitempty"`
	News    string       `xml:"xmlns:news,attr,omitempty"`
	URLs    []sitemapURL `xml:"url"`
}

type sitemapURL struct {
	Loc     string      `xml:"loc"`
	LastMod string      `xml:"lastmod,omitempty"`
	Links   []xhtmlLink `xml:"xhtml:link"`
	News    *newsEntry  `xml:"news:news,omitempty"`
}

type xhtmlLink struct {
	Rel      string `xml:"rel,attr"`
	Hreflang string `xml:"hreflang,attr"`
	Href     string `xml:"href,attr"`
}

type newsEntry struct {
	Publication struct {
		Name     string `xml:"news:name"`
		Language string `xml:"news:language"`
	} `xml:"news:publication"`
	Date  string `xml:"news:publication_date"`
	Title string `xml:"news:title"`
}

const sitemapNS = "http://www.sitemaps.org/schemas/sitemap/0.9"

// Sitemap writes a urlset with hreflang alternates.
func Sitemap(w io.Writer, urls []URL) error {
	doc := urlset{NS: sitemapNS, XHTML: "http://www.w3.org/1999/xhtml"}
	for _, u := range urls {
		su := sitemapURL{Loc: u.Loc}
		if !u.LastMod.IsZero() {
			su.LastMod = u.LastMod.UTC().Format(time.RFC3339)
		}
		for _, a := range u.Alternates {
			su.Links = append(su.Links, xhtmlLink{Rel: "alternate", Hreflang: a.Hreflang, Href: a.Href})
		}
		doc.URLs = append(doc.URLs, su)
	}
	return write(w, doc)
}

// NewsSitemap writes a Google News sitemap.
func NewsSitemap(w io.Writer, urls []NewsURL) error {
	doc := urlset{NS: sitemapNS, News: "http://www.google.com/schemas/sitemap-news/0.9"}
	for _, u := range urls {
		n := &newsEntry{Date: u.Published.UTC().Format(time.RFC3339), Title: u.Title}
		n.Publication.Name, n.Publication.Language = u.Publication, u.Language
		doc.URLs = append(doc.URLs, sitemapURL{Loc: u.Loc, News: n})
	}
	return write(w, doc)
}

type sitemapIndex struct {
	XMLName  xml.Name       `xml:"sitemapindex"`
	NS       string         `xml:"xmlns,attr"`
	Sitemaps []indexSitemap `xml:"sitemap"`
}

type indexSitemap struct {
	Loc     string `xml:"loc"`
	LastMod string `xml:"lastmod,omitempty"`
}

// Index writes a sitemap index naming other sitemaps.
func Index(w io.Writer, locs []string, lastMod time.Time) error {
	doc := sitemapIndex{NS: sitemapNS}
	for _, l := range locs {
		s := indexSitemap{Loc: l}
		if !lastMod.IsZero() {
			s.LastMod = lastMod.UTC().Format(time.RFC3339)
		}
		doc.Sitemaps = append(doc.Sitemaps, s)
	}
	return write(w, doc)
}
