// Package views holds the templ components that make every page and the
// view-model types the web layer fills for them.
package views

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/a-h/templ"

	"broadsheet/internal/i18n"
	"broadsheet/internal/news"
)

// Page is what the layout needs to know about any page.
type Page struct {
	Lang        news.Lang
	Title       string // without the site name; empty on the front page
	Description string
	// Path is the page's own local URL, where consent forms return the reader.
	Path       string
	Canonical  string      // absolute URL; empty for pages that should not be indexed
	Alternates []Alternate // hreflang links, x-default included
	// Menu is the language menu: the same page in every edition, in
	// news.Editions order.
	Menu     []MenuItem
	Sections []news.Section
	Current  string // key of the section being shown, for aria-current
	Query    string // the search box's value
	// OwnSearch leaves the header's search box out: the search page has its
	// own, and a page needs only one.
	OwnSearch  bool
	Feeds      []FeedLink
	Social     *Social // Open Graph, Twitter card and JSON-LD; only on self-canonical pages
	Consent    Consent
	NoIndex    bool
	Stylesheet string
	Icon       string
	Script     string
	// StoredHead, when set, is written in place of the page's rendered
	// <head> (Head): a story page's head, rendered once per change.
	StoredHead templ.Component
	// Location is the site's time zone, in which story pages give the hour
	// and minute; nil is UTC.
	Location *time.Location
	// Media is where the page's pictures are served from: empty for
	// readers' /media/, NewsroomMedia in the newsroom's preview of a story
	// readers may not see yet.
	Media string
}

// Alternate is one rel="alternate" hreflang link.
type Alternate struct {
	Hreflang string
	Href     string
}

// MenuItem is one edition in the language menu.
type MenuItem struct {
	Lang news.Lang
	Href string // where the link leads; unused for the page's own edition
}

// Toggle is the newsroom's language switch: it leads to the same page in Lang.
type Toggle struct {
	Lang news.Lang
	Href string
}

// Consent is what the page shows of the reader's cookie decision.
type Consent struct {
	Banner bool // the reader has not decided (for this policy version)
	Agreed bool // optional content such as video embeds may load
}

// Decision is the reader's stored consent, shown on the cookie settings page.
type Decision struct {
	State   string // "accepted", "rejected", "gpc" or "" for none
	Version int
	At      time.Time
}

// Pager is the pagination of a list page.
type Pager struct {
	news.Page
	BaseHref string // the list's URL; page n>1 adds ?page=n
}

// Href is the URL of page n.
func (p Pager) Href(n int) string {
	if n <= 1 {
		return p.BaseHref
	}
	sep := "?"
	if strings.Contains(p.BaseHref, "?") {
		sep = "&"
	}
	return fmt.Sprintf("%s%spage=%d", p.BaseHref, sep, n)
}

// StoryHref is the local URL of a story translation.
func StoryHref(lang news.Lang, slug string) string {
	return "/" + lang.Prefix() + "/story/" + slug
}

// SectionHref is the local URL of a section in lang.
func SectionHref(lang news.Lang, key string) string {
	return "/" + lang.Prefix() + "/section/" + key
}

// HomeHref is the front page of lang.
func HomeHref(lang news.Lang) string { return "/" + lang.Prefix() + "/" }

// LangName is a language's name in itself, as the newsroom's toggle shows
// it: the newsroom works in the written languages.
func LangName(l news.Lang) string {
	if l.Chinese() {
		return "中文"
	}
	return "English"
}

// langInReaderTongue names a language in the reader's own language ("English", "英文").
func langInReaderTongue(ctx context.Context, l news.Lang) string {
	return i18n.T(ctx, LanguageID(l))
}

// LanguageID is the locale id naming a written language.
func LanguageID(l news.Lang) string {
	if l.Chinese() {
		return "LanguageChinese"
	}
	return "LanguageEnglish"
}

// searchLabel names the search box, with the site's name where the
// language says it ("Search Broadsheet").
func searchLabel(ctx context.Context) string {
	return i18n.TD(ctx, "SearchLabel", map[string]any{"Site": i18n.T(ctx, "SiteName")})
}

func isoTime(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// CookiesHref is the cookie settings page, returning to the current page.
func CookiesHref(p Page) string {
	return "/" + p.Lang.Prefix() + "/cookies?return=" + url.QueryEscape(p.Path)
}

func embedID(i int) string { return fmt.Sprintf("embed-%d", i) }

// SearchView is a search results page.
type SearchView struct {
	Query  string // normalized, as searched
	State  string // "results", "none", "empty" or "toolong"
	Hits   []news.Hit
	Pager  Pager
	Other  OtherEdition
	Trends []news.Trend
}

// OtherEdition offers the same search in the other language when it has hits.
type OtherEdition struct {
	Lang  news.Lang
	Count int
	Href  string
}

// SearchHref is the local URL of a search in lang.
func SearchHref(lang news.Lang, q string) string {
	return "/" + lang.Prefix() + "/search?q=" + url.QueryEscape(q)
}

// FeedLink advertises a feed in the page's head.
type FeedLink struct {
	Title, Type, Href string
}

// Social is how a page describes itself to link previews and search engines.
type Social struct {
	Type            string // "article" or "website"
	Title           string
	SiteName        string
	Locale          string // Open Graph form: "en_US", "zh_CN"
	LocaleAlternate []string
	Image           *SocialImage
	Published       time.Time
	Modified        time.Time
	Section         string
	JSONLD          any // marshalled into a <script type="application/ld+json"> data block
}

// SocialImage is a preview image with an absolute URL.
type SocialImage struct {
	URL, Alt      string
	Width, Height int
}

// Where pictures are served. Readers get only those of published stories;
// the newsroom gets every picture at its own address, behind its sign-in.
const (
	ReaderMedia   = "/media/"
	NewsroomMedia = "/newsroom/media/"
)

// MediaURL is where the picture (or copy) called name is served under media;
// empty media is ReaderMedia.
func MediaURL(media, name string) string {
	if media == "" {
		media = ReaderMedia
	}
	return media + name
}

// Srcset lists a photo's smaller copies and itself by width, for srcset,
// served under media (see MediaURL).
func Srcset(media string, im *news.Image) string {
	var b strings.Builder
	for _, w := range im.Widths {
		fmt.Fprintf(&b, "%s %dw, ", MediaURL(media, news.VariantName(im.Name, w)), w)
	}
	fmt.Fprintf(&b, "%s %dw", MediaURL(media, im.Name), im.Width)
	return b.String()
}

// pictureSizes tells the browser how wide a picture is laid out: a story's
// column is 42rem at most (--measure in site.css), the page 72rem, a card a
// grid column.
func pictureSizes(class string) string {
	switch class {
	case "lead-figure":
		return "(min-width: 74rem) 72rem, 100vw"
	case "card-image":
		return "(min-width: 48rem) 24rem, 100vw" // a column of the card grid
	}
	return "(min-width: 44rem) 42rem, 100vw"
}

// platformName is an embed's video service as readers of this edition call
// it (Bilibili is 哔哩哔哩 in Chinese); the frame's host when unknown.
func platformName(ctx context.Context, e *news.Embed) string {
	switch e.Platform() {
	case "":
		return frameHost(e)
	case "Bilibili":
		return i18n.T(ctx, "PlatformBilibili")
	default:
		return e.Platform()
	}
}

// gap is the space between a label and what it labels: a space in English,
// none in Chinese, where a space beside full-width punctuation (发布于
// 2026年, 图片来源：, 阅读原文：) reads as a typo.
func gap(lang news.Lang) string {
	if lang.Chinese() {
		return ""
	}
	return " "
}

// BilingualHref is the page showing a story beside its version in the
// other written language, when that version is published; "" otherwise.
func BilingualHref(st news.Story) string {
	if _, ok := st.Translations[st.Lang.Counterpart()]; !ok {
		return ""
	}
	return StoryHref(st.Lang, st.Slug) + "/bilingual"
}

// BilingualView is a story in two languages, paired for reading together.
type BilingualView struct {
	Lead, Other news.Story // Lead is in the page's edition
	Rows        []BilingualRow
	// Sequential: the pairing cannot be trusted, so the texts are shown one
	// after the other.
	Sequential bool
	// Tap shows the lead language only, the other one paragraph at a time
	// on request (<details>).
	Tap                            bool
	SwitchHref, TapHref, PairsHref string
}

// Translation is whichever of the two stories is the translation, for its
// outdated notice.
func (v BilingualView) Translation() news.Story {
	if v.Lead.Lang.Written() == v.Lead.Original {
		return v.Other
	}
	return v.Lead
}

// BilingualRow is what one row of a bilingual page shows: blocks of each
// language that render each other (either side may be empty: a
// translator's note, a paragraph left out), or one picture or video across.
type BilingualRow struct {
	Lead, Other []news.Block
	Across      bool
	Changed     bool // the original's blocks here changed since the translation
}

// acrossImages are the two pictures of a row that shows one picture across
// both columns, when it is one.
func acrossImages(r BilingualRow) (lead, other *news.Image, ok bool) {
	if !r.Across || len(r.Lead) != 1 || len(r.Other) != 1 || r.Lead[0].Image == nil || r.Other[0].Image == nil {
		return nil, nil, false
	}
	return r.Lead[0].Image, r.Other[0].Image, true
}

// Zone is the page's time zone (UTC when none is set).
func (p Page) Zone() *time.Location {
	if p.Location == nil {
		return time.UTC
	}
	return p.Location
}

// anchorAt is the i-th block's anchor, "" when it has none.
func anchorAt(anchors []string, i int) string {
	if i < len(anchors) {
		return anchors[i]
	}
	return ""
}
