// Package feedcheck checks feeds against the rules of their specifications
// that general-purpose parsers forgive (gofeed reads a feed without authors
// happily). Tests use it; nothing in the binary imports it.
package feedcheck

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"net/url"
	"time"
)

const atomNS = "http://www.w3.org/2005/Atom"

type atomText struct {
	Type string `xml:"type,attr"`
	Text string `xml:",innerxml"`
}

type atomPerson struct {
	Names []string `xml:"http://www.w3.org/2005/Atom name"`
	URI   []string `xml:"http://www.w3.org/2005/Atom uri"`
}

type atomLink struct {
	Href     string `xml:"href,attr"`
	Rel      string `xml:"rel,attr"`
	Type     string `xml:"type,attr"`
	Hreflang string `xml:"hreflang,attr"`
}

type atomContent struct {
	Src string `xml:"src,attr"`
}

type atomEntry struct {
	IDs       []string      `xml:"http://www.w3.org/2005/Atom id"`
	Titles    []atomText    `xml:"http://www.w3.org/2005/Atom title"`
	Updated   []string      `xml:"http://www.w3.org/2005/Atom updated"`
	Published []string      `xml:"http://www.w3.org/2005/Atom published"`
	Authors   []atomPerson  `xml:"http://www.w3.org/2005/Atom author"`
	Links     []atomLink    `xml:"http://www.w3.org/2005/Atom link"`
	Summaries []atomText    `xml:"http://www.w3.org/2005/Atom summary"`
	Content   []atomContent `xml:"http://www.w3.org/2005/Atom content"`
}

type atomFeed struct {
	XMLName xml.Name
	IDs     []string     `xml:"http://www.w3.org/2005/Atom id"`
	Titles  []atomText   `xml:"http://www.w3.org/2005/Atom title"`
	Updated []string     `xml:"http://www.w3.org/2005/Atom updated"`
	Authors []atomPerson `xml:"http://www.w3.org/2005/Atom author"`
	Links   []atomLink   `xml:"http://www.w3.org/2005/Atom link"`
	Entries []atomEntry  `xml:"http://www.w3.org/2005/Atom entry"`
}

// Atom checks a document against RFC 4287's rules for atom:feed and
// atom:entry (§4.1.1–4.1.2, §3.2, §3.3, §4.2.7) and returns every violation.
func Atom(doc []byte) []error {
	var f atomFeed
	if err := xml.NewDecoder(bytes.NewReader(doc)).Decode(&f); err != nil {
		return []error{fmt.Errorf("not well-formed XML: %w", err)}
	}
	var errs []error
	bad := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }
	if f.XMLName.Space != atomNS || f.XMLName.Local != "feed" {
		return []error{fmt.Errorf("root element is {%s}%s, want {%s}feed", f.XMLName.Space, f.XMLName.Local, atomNS)}
	}
	exactlyOneIRI(bad, "feed", "atom:id", f.IDs)
	exactlyOneText(bad, "feed", f.Titles)
	exactlyOneDate(bad, "feed", "atom:updated", f.Updated)
	persons(bad, "feed", f.Authors)
	links(bad, "feed", f.Links)
	self := false
	for _, l := range f.Links {
		self = self || l.Rel == "self"
	}
	if !self {
		bad("feed: no atom:link rel=\"self\" (RFC 4287 §4.1.1 SHOULD)")
	}
	for i, e := range f.Entries {
		where := fmt.Sprintf("entry %d", i+1)
		exactlyOneIRI(bad, where, "atom:id", e.IDs)
		exactlyOneText(bad, where, e.Titles)
		exactlyOneDate(bad, where, "atom:updated", e.Updated)
		if len(e.Published) > 1 {
			bad("%s: %d atom:published, want at most one", where, len(e.Published))
		} else if len(e.Published) == 1 {
			exactlyOneDate(bad, where, "atom:published", e.Published)
		}
		// §4.1.1: an entry without authors of its own needs the feed's.
		if len(e.Authors) == 0 && len(f.Authors) == 0 {
			bad("%s: no atom:author, and the feed has none (RFC 4287 §4.1.1, §4.1.2)", where)
		}
		persons(bad, where, e.Authors)
		links(bad, where, e.Links)
		if len(e.Summaries) > 1 {
			bad("%s: %d atom:summary, want at most one", where, len(e.Summaries))
		}
		if len(e.Content) > 1 {
			bad("%s: %d atom:content, want at most one", where, len(e.Content))
		}
		alternate := false
		for _, l := range e.Links {
			alternate = alternate || l.Rel == "" || l.Rel == "alternate"
		}
		if len(e.Content) == 0 && !alternate {
			bad("%s: neither atom:content nor an alternate link (RFC 4287 §4.1.2)", where)
		}
		if len(e.Content) == 1 && e.Content[0].Src != "" && len(e.Summaries) == 0 {
			bad("%s: out-of-line content without atom:summary (RFC 4287 §4.1.2)", where)
		}
	}
	return errs
}

func exactlyOneIRI(bad func(string, ...any), where, name string, vs []string) {
	if len(vs) != 1 {
		bad("%s: %d %s, want exactly one", where, len(vs), name)
		return
	}
	if u, err := url.Parse(vs[0]); err != nil || u.Scheme == "" {
		bad("%s: %s %q is not an absolute IRI", where, name, vs[0])
	}
}

func exactlyOneText(bad func(string, ...any), where string, ts []atomText) {
	if len(ts) != 1 {
		bad("%s: %d atom:title, want exactly one", where, len(ts))
		return
	}
	switch ts[0].Type {
	case "", "text", "html", "xhtml":
	default:
		bad("%s: atom:title type %q, want text, html or xhtml", where, ts[0].Type)
	}
}

// exactlyOneDate checks a Date construct: RFC 3339 with an upper-case T and Z (§3.3).
func exactlyOneDate(bad func(string, ...any), where, name string, vs []string) {
	if len(vs) != 1 {
		bad("%s: %d %s, want exactly one", where, len(vs), name)
		return
	}
	if _, err := time.Parse(time.RFC3339, vs[0]); err != nil {
		bad("%s: %s %q is not an RFC 3339 date-time", where, name, vs[0])
	}
}

// persons checks Person constructs: exactly one non-empty atom:name (§3.2).
func persons(bad func(string, ...any), where string, ps []atomPerson) {
	for _, p := range ps {
		if len(p.Names) != 1 || p.Names[0] == "" {
			bad("%s: an atom:author with %d names, want exactly one non-empty atom:name", where, len(p.Names))
		}
	}
}

// links checks atom:link: an href, and at most one alternate per type and hreflang (§4.1.1, §4.2.7).
func links(bad func(string, ...any), where string, ls []atomLink) {
	seen := map[string]bool{}
	for _, l := range ls {
		if l.Href == "" {
			bad("%s: an atom:link without href", where)
		}
		if l.Rel == "" || l.Rel == "alternate" {
			k := l.Type + "|" + l.Hreflang
			if seen[k] {
				bad("%s: two alternate links with type %q and hreflang %q", where, l.Type, l.Hreflang)
			}
			seen[k] = true
		}
	}
}
