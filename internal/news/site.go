package news

import (
	"strconv"
	"unicode/utf8"
)

// SiteText is what the site says about itself in one written language, as
// its admins set it. An empty field means the default: the UI string the
// site ships with (and, for a converted edition, that edition's own).
type SiteText struct {
	Name    string // the masthead, <title>, feeds, link previews
	Tagline string // the front page's title and description
	Footer  string // the note at the foot of every page
	Privacy string // the privacy page's text, in Markdown
}

// The longest each field may be, in characters. A name and tagline must fit
// a phone's masthead and a browser tab; the privacy text is a long page but
// still a page (a story body may be ten times longer).
const (
	MaxSiteName    = 60
	MaxSiteTagline = 150
	MaxSiteFooter  = 500
	MaxSitePrivacy = 20_000
)

// SiteField names one field of SiteText, with its limit.
type SiteField struct {
	Name string // "name", "tagline", "footer", "privacy"
	Max  int
	Get  func(*SiteText) *string
}

// SiteFields lists SiteText's fields, in the order the settings form shows them.
var SiteFields = []SiteField{
	{"name", MaxSiteName, func(t *SiteText) *string { return &t.Name }},
	{"tagline", MaxSiteTagline, func(t *SiteText) *string { return &t.Tagline }},
	{"footer", MaxSiteFooter, func(t *SiteText) *string { return &t.Footer }},
	{"privacy", MaxSitePrivacy, func(t *SiteText) *string { return &t.Privacy }},
}

// Validate checks the lengths; the error is a *FieldError.
func (t SiteText) Validate() error {
	for _, f := range SiteFields {
		v := *f.Get(&t)
		if !utf8.ValidString(v) {
			return &FieldError{f.Name, "is not UTF-8 text"}
		}
		if utf8.RuneCountInString(v) > f.Max {
			return &FieldError{f.Name, "is longer than " + strconv.Itoa(f.Max) + " characters"}
		}
	}
	return nil
}
