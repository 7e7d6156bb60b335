// Package news holds Broadsheet's domain types: languages, stories, sections,
// images and body blocks, with the sentinel errors every layer shares.
package news

import (
	"errors"
	"net/mail"
	"strconv"
	"strings"
	"time"
	"unicode"
)

// Lang is a language tag as stored and as written in <html lang>: one of
// the site's editions (editions.go).
type Lang string

const (
	EN Lang = "en"
	ZH Lang = "zh-Hans"
	// ZHHant is Traditional Chinese: an edition converted from ZH, never
	// written or stored.
	ZHHant Lang = "zh-Hant"
)

// Langs lists the languages stories are written in, English first; English
// is the default and x-default. Editions lists what readers can read.
var Langs = []Lang{EN, ZH}

// Valid reports whether l is a language stories are written in.
func (l Lang) Valid() bool { return l == EN || l == ZH }

var (
	// ErrNotFound means the thing asked for does not exist (or is not published).
	ErrNotFound = errors.New("not found")
	// ErrInvalid means the input failed validation.
	ErrInvalid = errors.New("invalid")
)

// Section is a part of the paper, named in one language.
type Section struct {
	ID       int64
	Key      string // URL segment, the same in both languages
	Name     string
	Position int
}

// Image is a stored picture; Caption and Alt belong to one translation.
type Image struct {
	ID          int64
	Name        string // served at /media/Name
	ContentType string
	Width       int
	Height      int
	Credit      string
	Caption     string
	Alt         string
	// Widths lists the smaller copies kept for srcset, ascending; the image
	// itself is the widest. Empty for pictures kept at one size (SVG).
	Widths []int `json:",omitempty"`
}

// URL is where the image is served.
func (im Image) URL() string { return "/media/" + im.Name }

// VariantURL is where the copy of the image w pixels wide is served.
func (im Image) VariantURL(w int) string { return "/media/" + VariantName(im.Name, w) }

// VariantName names the copy of the stored image name that is w pixels wide:
// "ab12cd34-harbour.jpg" becomes "ab12cd34-harbour-480w.jpg".
func VariantName(name string, w int) string {
	ext := ""
	if i := strings.LastIndexByte(name, '.'); i > 0 {
		name, ext = name[:i], name[i:]
	}
	return name + "-" + strconv.Itoa(w) + "w" + ext
}

// BlockKind names the kinds of body block.
type BlockKind string

const (
	BlockParagraph BlockKind = "p"
	BlockHeading   BlockKind = "h2"
	BlockQuote     BlockKind = "quote"
	BlockList      BlockKind = "list"
	BlockImage     BlockKind = "image"
	BlockEmbed     BlockKind = "embed"
)

// Pairing records which blocks of the original each block of a translation
// renders (package align reads and writes it): Src has one entry per
// translation block, in order, with the ids of the consecutive original
// blocks it renders, none for a translator's note; Omitted lists original
// blocks the translation leaves out on purpose.
type Pairing struct {
	Src     [][]string `json:"src"`
	Omitted []string   `json:"omit,omitempty"`
}

// Block is one structural piece of a body. HTML holds inline markup that was
// sanitized when the body was written, so views may emit it as is.
type Block struct {
	// ID names the block within its story across edits ("b7"), so a
	// translation can say which blocks of the original it renders.
	ID    string    `json:"id,omitempty"`
	Kind  BlockKind `json:"k"`
	HTML  string    `json:"h,omitempty"`
	Text  string    `json:"t,omitempty"` // plain text: headings, and word counts
	Image *Image    `json:"i,omitempty"`
	Embed *Embed    `json:"e,omitempty"`
}

// Embed is third-party content shown only after the reader's consent.
type Embed struct {
	Kind  string `json:"kind"`  // "video"
	Src   string `json:"src"`   // iframe source
	URL   string `json:"url"`   // plain link to the source, shown before consent
	Title string `json:"title"` // accessible name of the frame
}

// Host is the embed source's host name, shown in the placeholder.
// Platform names the video service an embed plays from ("YouTube",
// "Vimeo", "Bilibili"), for readers deciding whether to load it; "" if
// unknown.
func (e Embed) Platform() string {
	s := strings.TrimPrefix(e.Src, "https://")
	if i := strings.IndexAny(s, "/?#"); i >= 0 {
		s = s[:i]
	}
	return embedPlatforms[s]
}

var embedPlatforms = map[string]string{
	"www.youtube-nocookie.com": "YouTube",
	"player.vimeo.com":         "Vimeo",
	"player.bilibili.com":      "Bilibili",
}

func (e Embed) Host() string {
	s := strings.TrimPrefix(e.URL, "https://")
	if i := strings.IndexAny(s, "/?#"); i >= 0 {
		s = s[:i]
	}
	return strings.TrimPrefix(s, "www.")
}

// Card is a story as listed on front, section and related lists.
type Card struct {
	StoryID     int64
	Lang        Lang
	Slug        string
	Headline    string
	Summary     string
	Section     Section
	Image       *Image
	PublishedAt time.Time
	UpdatedAt   time.Time
	Byline      string // as printed, e.g. "By Mei Lin" or "文／林梅"; may be empty
}

// Author is the name in a byline without its "By " or "文／" lead-in, for
// metadata (feeds, JSON-LD) that wants a name rather than a printed line.
func (c Card) Author() string {
	b := strings.TrimSpace(c.Byline)
	for _, lead := range []string{"By ", "by ", "文／", "文/"} {
		b = strings.TrimPrefix(b, lead)
	}
	return strings.TrimSpace(b)
}

// Story is one translation of a story with everything its page shows.
type Story struct {
	Card
	Key  string
	Body []Block
	// Translations maps each published language version, this one included, to its slug.
	Translations map[Lang]string
	// Pairing is how a translation's blocks render the original's (nil: by
	// position); Original is the language it is made from (its own for the
	// original).
	Pairing  *Pairing
	Original Lang
	// Outdated is set when the original's published text changed after
	// this translation was made from it.
	Outdated *Outdated
	// Anchors name each body block's place in the story, the same in every
	// language: "p-" and the id of the original's block it renders (its own
	// for the original); "" for a block with none (a translator's note, the
	// second half of a split, a body saved before blocks had ids). A link
	// to /zh/story/…#p-b7 lands on the paragraph read at #p-b7 in English.
	Anchors []string
}

// Outdated tells readers of a translation that its original changed since.
type Outdated struct {
	Lang      Lang // the original's
	Slug      string
	UpdatedAt time.Time // when the original was last updated
	// Changed are the ids of the original's blocks that changed or were
	// added since the translation was made.
	Changed []string
}

// Updated reports whether the story was changed after it was published.
func (s Story) Updated() bool { return s.UpdatedAt.Sub(s.PublishedAt) >= time.Minute }

// Reading speeds: words per minute for English, characters per minute for Chinese.
const (
	wordsPerMinute = 230
	hanPerMinute   = 400
)

// ReadingMinutes estimates reading time from the body text: words for
// English, Han characters for Chinese; never less than one minute.
func ReadingMinutes(lang Lang, body []Block) int {
	n := 0
	for _, b := range body {
		t := b.Text
		if lang.Chinese() {
			for _, r := range t {
				if unicode.Is(unicode.Han, r) {
					n++
				}
			}
			continue
		}
		n += len(strings.Fields(t))
	}
	per := wordsPerMinute
	if lang.Chinese() {
		per = hanPerMinute
	}
	m := (n + per/2) / per
	if m < 1 {
		m = 1
	}
	return m
}

// Page is a slice of a longer list, with 1-based numbering.
type Page struct {
	Number int
	Size   int
	Total  int
}

// Pages is the number of pages the total spans (at least one).
func (p Page) Pages() int {
	if p.Total <= 0 || p.Size <= 0 {
		return 1
	}
	return (p.Total + p.Size - 1) / p.Size
}

// Offset is the row offset of the page.
func (p Page) Offset() int { return (p.Number - 1) * p.Size }

// Front is a front page: a lead story, the latest stories and a block per section.
type Front struct {
	Lead     *Card
	Latest   []Card
	Sections []SectionBlock
}

// SectionBlock is a section with its newest stories.
type SectionBlock struct {
	Section Section
	Stories []Card
}

// ImageFile is a picture as written: bytes plus what the store keeps about it.
// An ImageFile without Data names a picture the store already holds, and
// only its credit is written.
type ImageFile struct {
	Name        string
	ContentType string
	Width       int
	Height      int
	Credit      string
	Data        []byte
	// Variants are smaller copies for srcset, named by VariantName.
	Variants []ImageFile
}

// TranslationInput is one language version of a story as written.
type TranslationInput struct {
	Lang     Lang
	Slug     string
	Headline string
	Summary  string
	Byline   string
	Body     []Block
	// Markdown is the body as its writer wrote it; Body is what readers get.
	Markdown    string
	Caption     string
	Alt         string
	PublishedAt time.Time // zero: not published
	UpdatedAt   time.Time
	// Held: the newsroom keeps this language unpublished while others go out.
	Held bool `json:",omitempty"`
	// FirstPublishedAt is when it first went out (read only; zero if never),
	// so a story taken down and put back keeps its date.
	FirstPublishedAt time.Time `json:"-"`
	// Pairs, in a translation, says which blocks of the original each of
	// its blocks renders, in the text form package align reads ("1 2 3+4
	// note 5"), numbered as the original's blocks are as saved with it;
	// empty: block by block in order. Not used for the original.
	Pairs string `json:",omitempty"`
	// TranslatedFrom, from an imported translation, is the normalised hash
	// of each original block it was made from, in the original's order
	// (align.Hash); empty: made from the original as it is now.
	TranslatedFrom []string `json:",omitempty"`
}

// Original is the language a story's translations are made from: English
// when the story has it, else its first language.
func (in StoryInput) Original() Lang {
	for _, t := range in.Translations {
		if t.Lang == EN {
			return EN
		}
	}
	if len(in.Translations) > 0 {
		return in.Translations[0].Lang
	}
	return EN
}

// SectionInput is a section as an edition names it.
type SectionInput struct {
	Key   string
	Names map[Lang]string
}

// StoryInput is a whole story as written: seeded, imported or saved.
type StoryInput struct {
	Key          string
	Section      string // section key
	LeadImage    string // name of one of Images, or empty
	Images       []ImageFile
	Translations []TranslationInput
	// Exceptions are the story's own rules for each converted edition (on
	// top of the site's glossary): names and places its text spells a way
	// the conversion would not.
	Exceptions map[Lang][]Rule `json:",omitempty"`
	// MinorEdit: the original's change is a correction that leaves its
	// translations current (a typo, a name spelt right); they are not
	// flagged as outdated for it.
	MinorEdit bool `json:"-"`
	// CreateToken is the newsroom form's one-time token for a new story: the
	// same form sent twice makes one story.
	CreateToken string `json:"-"`
}

// FieldError says which field failed validation and why; it wraps ErrInvalid.
type FieldError struct {
	Field  string
	Reason string
}

func (e *FieldError) Error() string { return e.Field + ": " + e.Reason }
func (e *FieldError) Unwrap() error { return ErrInvalid }

// ValidSlug reports whether s is a URL slug: lowercase ASCII letters, digits
// and single hyphens, 1–120 characters.
func ValidSlug(s string) bool {
	if s == "" || len(s) > 120 || s[0] == '-' || s[len(s)-1] == '-' {
		return false
	}
	prev := byte(0)
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
		case c == '-' && prev != '-':
		default:
			return false
		}
		prev = c
	}
	return true
}

// Validate checks a story before it is written; the error is a *FieldError.
func (in StoryInput) Validate() error {
	if !ValidSlug(in.Key) {
		return &FieldError{"key", "must be lowercase letters, digits and hyphens"}
	}
	if !ValidSlug(in.Section) {
		return &FieldError{"section", "is required"}
	}
	if len(in.Translations) == 0 {
		return &FieldError{"translations", "at least one is required"}
	}
	seen := map[Lang]bool{}
	for _, t := range in.Translations {
		if !t.Lang.Valid() {
			return &FieldError{"lang", "must be en or zh-Hans"}
		}
		if seen[t.Lang] {
			return &FieldError{"lang", "appears twice"}
		}
		seen[t.Lang] = true
		switch {
		case !ValidSlug(t.Slug):
			return &FieldError{"slug", "must be lowercase letters, digits and hyphens"}
		case strings.TrimSpace(t.Headline) == "":
			return &FieldError{"headline", "is required"}
		case in.LeadImage != "" && strings.TrimSpace(t.Alt) == "":
			return &FieldError{"alt", "is required when there is a photo"}
		}
	}
	names := map[string]bool{}
	for _, im := range in.Images {
		if im.Name == "" || len(im.Data) > 0 && (im.Width <= 0 || im.Height <= 0) {
			return &FieldError{"image", "is empty or has no size"}
		}
		names[im.Name] = true
	}
	if in.LeadImage != "" && !names[in.LeadImage] {
		return &FieldError{"image", "lead image is missing"}
	}
	return nil
}

// Segment is a piece of a search snippet; Mark pieces matched the query.
type Segment struct {
	Text string
	Mark bool
}

// Hit is one search result: the story card and a snippet around the match.
type Hit struct {
	Card
	HeadlineMarks []Segment // the whole headline, matches marked
	Snippet       []Segment
}

// Trend is a term readers of one edition have been searching for.
type Trend struct {
	Term    string
	Readers int
}

// StoryURL is a published translation as a sitemap lists it.
type StoryURL struct {
	Slug    string
	Updated time.Time
	// Translations maps every published language version, this one included, to its slug.
	Translations map[Lang]string
}

// ErrConflict means someone else saved the thing first; nothing was written.
var ErrConflict = errors.New("conflict")

// Role is what a newsroom account may do: editors write and publish, admins
// also manage accounts.
type Role string

const (
	RoleAdmin  Role = "admin"
	RoleEditor Role = "editor"
)

// Valid reports whether r is a known role.
func (r Role) Valid() bool { return r == RoleAdmin || r == RoleEditor }

// User is a newsroom account.
type User struct {
	ID        int64
	Email     string
	Role      Role
	Disabled  bool
	CreatedAt time.Time
}

// Status is where a translation stands in the newsroom.
type Status string

const (
	StatusDraft     Status = "draft"
	StatusScheduled Status = "scheduled"
	StatusPublished Status = "published"
)

// StatusAt is the status of a translation published at pub (zero: never), seen at now.
func StatusAt(pub, now time.Time) Status {
	switch {
	case pub.IsZero():
		return StatusDraft
	case pub.After(now):
		return StatusScheduled
	}
	return StatusPublished
}

// DeskItem is a story as the newsroom's story list shows it.
type DeskItem struct {
	StoryID   int64
	Key       string
	Section   Section
	Headlines map[Lang]string // each existing translation's headline
	Status    map[Lang]Status // each existing translation's status
	UpdatedAt time.Time
	// Outdated maps each translation behind its original to when the
	// original was last updated.
	Outdated map[Lang]time.Time
}

// DeskFilter narrows the newsroom's story list.
type DeskFilter struct {
	Section string // section key, or "" for all
	Query   string // words in a headline or slug, either language
	Page    Page
}

// StoryEdit is a whole story as the newsroom edits it: every translation,
// drafts included, with its Markdown, and the version a save must match.
type StoryEdit struct {
	ID      int64
	Version int
	StoryInput
	// Lead is the stored lead photo, or nil.
	Lead *Image
}

// Revision is one saved version of a story.
type Revision struct {
	ID      int64
	Version int
	SavedAt time.Time
	Author  string // the account's email, or "" for imports
	Action  string // what the save did: "draft", "publish", "schedule", "unpublish", "import", "restore"
}

// ValidEmail reports whether s is a bare email address (no display name),
// as net/mail reads them, with a dot in the domain.
func ValidEmail(s string) bool {
	a, err := mail.ParseAddress(s)
	if err != nil || a.Address != s || len(s) > 254 {
		return false
	}
	_, domain, _ := strings.Cut(s, "@")
	return strings.Contains(domain, ".")
}
