// Package feeds writes RSS 2.0 and Atom 1.0 documents for an edition or a
// section. It knows nothing of HTTP or the store: the web layer fills a Feed
// with absolute URLs and this package only serializes it.
package feeds

import (
	"encoding/xml"
	"html"
	"io"
	"time"
)

// Feed is one feed: an edition or a section in one language.
type Feed struct {
	Title       string
	Description string
	Lang        string // "en" or "zh-Hans"
	Link        string // absolute URL of the HTML page the feed follows
	Self        string // absolute URL of this feed
	Author      string // the feed's author (the site's name): Atom requires one for entries without their own
	Updated     time.Time
	Items       []Item
}

// Item is one story.
type Item struct {
	ID        string // stable across edits and slug changes, e.g. a tag: URI
	Title     string
	Link      string // absolute URL
	Summary   string
	Author    string
	Category  string
	Published time.Time
	Updated   time.Time
	Image     *Image
}

// Image is an item's lead picture.
type Image struct {
	URL    string // absolute
	Type   string
	Width  int
	Height int
}

type rssDoc struct {
	XMLName xml.Name   `xml:"rss"`
	Version string     `xml:"version,attr"`
	Atom    string     `xml:"xmlns:atom,attr"`
	Media   string     `xml:"xmlns:media,attr"`
	DC      string     `xml:"xmlns:dc,attr"`
	Channel rssChannel `xml:"channel"`
}

type rssChannel struct {
	Title         string    `xml:"title"`
	Link          string    `xml:"link"`
	Description   string    `xml:"description"`
	Language      string    `xml:"language"`
	LastBuildDate string    `xml:"lastBuildDate"`
	Self          atomLink  `xml:"atom:link"`
	Items         []rssItem `xml:"item"`
}

type rssItem struct {
	Title       string        `xml:"title"`
	Link        string        `xml:"link"`
	Description string        `xml:"description"`
	Author      string        `xml:"dc:creator,omitempty"`
	Category    string        `xml:"category,omitempty"`
	GUID        rssGUID       `xml:"guid"`
	PubDate     string        `xml:"pubDate"`
	Media       *mediaContent `xml:"media:content,omitempty"`
}

type rssGUID struct {
	Value       string `xml:",chardata"`
	IsPermaLink bool   `xml:"isPermaLink,attr"`
}

type mediaContent struct {
	URL    string `xml:"url,attr"`
	Type   string `xml:"type,attr"`
	Medium string `xml:"medium,attr"`
	Width  int    `xml:"width,attr"`
	Height int    `xml:"height,attr"`
}

type atomLink struct {
	Href     string `xml:"href,attr"`
	Rel      string `xml:"rel,attr,omitempty"`
	Type     string `xml:"type,attr,omitempty"`
	Hreflang string `xml:"hreflang,attr,omitempty"`
}

// RSS writes the feed as RSS 2.0, with Media RSS for lead images.
func RSS(w io.Writer, f Feed) error {
	doc := rssDoc{
		Version: "2.0",
		Atom:    "http://www.w3.org/2005/Atom",
		Media:   "http://search.yahoo.com/mrss/",
		DC:      "http://purl.org/dc/elements/1.1/",
		Channel: rssChannel{
			Title: html.EscapeString(f.Title), Link: f.Link, Description: html.EscapeString(f.Description), Language: f.Lang,
			LastBuildDate: f.Updated.UTC().Format(time.RFC1123Z),
			Self:          atomLink{Href: f.Self, Rel: "self", Type: "application/rss+xml"},
		},
	}
	for _, it := range f.Items {
		// RSS readers take title and description as HTML, so plain text is
		// escaped as HTML before XML escapes it again: "AT&T <b>" stays text.
		ri := rssItem{
			Title: html.EscapeString(it.Title), Link: it.Link, Description: html.EscapeString(it.Summary), Category: it.Category,
			GUID:    rssGUID{Value: it.ID},
			PubDate: it.Published.UTC().Format(time.RFC1123Z),
			Author:  it.Author,
		}
		if ri.Author == "" {
			ri.Author = f.Author
		}
		if it.Image != nil {
			ri.Media = &mediaContent{URL: it.Image.URL, Type: it.Image.Type, Medium: "image", Width: it.Image.Width, Height: it.Image.Height}
		}
		doc.Channel.Items = append(doc.Channel.Items, ri)
	}
	return write(w, doc)
}

type atomDoc struct {
	XMLName xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	Lang    string      `xml:"xml:lang,attr"`
	ID      string      `xml:"id"`
	Title   string      `xml:"title"`
	Updated string      `xml:"updated"`
	Author  *atomAuthor `xml:"author,omitempty"`
	Links   []atomLink  `xml:"link"`
	Entries []atomEntry `xml:"entry"`
}

type atomEntry struct {
	ID        string      `xml:"id"`
	Title     string      `xml:"title"`
	Links     []atomLink  `xml:"link"`
	Published string      `xml:"published"`
	Updated   string      `xml:"updated"`
	Summary   string      `xml:"summary"`
	Author    *atomAuthor `xml:"author,omitempty"`
	Category  *atomCat    `xml:"category,omitempty"`
}

type atomAuthor struct {
	Name string `xml:"name"`
}

type atomCat struct {
	Term string `xml:"term,attr"`
}

// Atom writes the feed as Atom 1.0, with enclosure links for lead images.
func Atom(w io.Writer, f Feed) error {
	doc := atomDoc{
		Lang: f.Lang, ID: f.Self, Title: f.Title, Updated: f.Updated.UTC().Format(time.RFC3339),
		Links: []atomLink{
			{Href: f.Self, Rel: "self", Type: "application/atom+xml"},
			{Href: f.Link, Rel: "alternate", Type: "text/html", Hreflang: f.Lang},
		},
	}
	if f.Author != "" {
		doc.Author = &atomAuthor{Name: f.Author}
	}
	for _, it := range f.Items {
		e := atomEntry{
			ID: it.ID, Title: it.Title, Summary: it.Summary,
			Links:     []atomLink{{Href: it.Link, Rel: "alternate", Type: "text/html"}},
			Published: it.Published.UTC().Format(time.RFC3339),
			Updated:   it.Updated.UTC().Format(time.RFC3339),
		}
		// RFC 4287 §4.1.1: an entry without an author of its own takes the feed's.
		switch {
		case it.Author != "":
			e.Author = &atomAuthor{Name: it.Author}
		case f.Author != "":
			e.Author = &atomAuthor{Name: f.Author}
		}
		if it.Category != "" {
			e.Category = &atomCat{Term: it.Category}
		}
		if it.Image != nil {
			e.Links = append(e.Links, atomLink{Href: it.Image.URL, Rel: "enclosure", Type: it.Image.Type})
		}
		doc.Entries = append(doc.Entries, e)
	}
	return write(w, doc)
}

func write(w io.Writer, doc any) error {
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return err
	}
	return enc.Close()
}
