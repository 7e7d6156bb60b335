package views

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/a-h/templ"

	"broadsheet/internal/i18n"
	"broadsheet/internal/news"
)

// NewsroomPage is what every newsroom page shares.
type NewsroomPage struct {
	Lang       news.Lang
	Title      string
	User       *news.User // nil on the sign-in page
	CSRF       string     // the session's token, put in every form
	Toggle     Toggle
	Stylesheet string
	Icon       string
	Nav        string // "stories", "new" or "users", for aria-current
	// ToggleSubmit, on the editor, makes the language toggle send the form
	// (as a preview) to this address, so switching language keeps what was typed.
	ToggleSubmit string
}

// Msg is a message to show, by locale id, with its data; N picks the plural form.
type Msg struct {
	ID   string
	Data map[string]any
	N    int
}

// Text localizes the message.
func (m Msg) Text(ctx context.Context) string {
	if m.N > 0 {
		return i18n.TN(ctx, m.ID, m.N, m.Data)
	}
	return i18n.TD(ctx, m.ID, m.Data)
}

// LoginView is the sign-in form.
type LoginView struct {
	Email string
	Next  string
	Error *Msg
	// Carried is the editor's form, sent after the session ended, that
	// signing in takes back to the editor.
	Carried []CarriedField
}

// CarriedField is one field of a form carried across the sign-in page.
type CarriedField struct{ Name, Value string }

// PhotoLost: the carried form came with a photo file, which is not carried.
func (v LoginView) PhotoLost() bool {
	for _, f := range v.Carried {
		if f.Name == "photo_lost" {
			return true
		}
	}
	return false
}

// DeskView is the newsroom's story list.
type DeskView struct {
	Items    []news.DeskItem
	Sections []news.Section
	Filter   news.DeskFilter
	Pager    Pager
	Now      time.Time // for the age of outdated translations
}

// EditorView is the story editor: the form as typed, and what to say about it.
type EditorView struct {
	StoryID int64 // 0 for a new story
	// StoryKey is the story's lasting internal name (news.StoryInput.Key).
	StoryKey string
	// CreateToken makes a new story's form single-use: sent twice, it makes one story.
	CreateToken string
	Version     int
	Section     string
	Sections    []news.Section
	Image       *news.Image // the lead photo, stored already
	Credit      string
	Langs       []LangForm
	// Live: some language is published, so a save updates what readers see.
	Live bool
	// Scheduled: nothing is live yet and some language waits for ScheduleAt.
	Scheduled  bool
	ScheduleAt string // datetime-local value
	Zone       string
	Errors     map[string]Msg // by field name
	Warnings   []Msg
	Notice     *Msg
	Conflict   *Msg
	// Conflicts are the fields both this editor and someone who saved
	// meanwhile changed, each differently, in the form's order.
	Conflicts []FieldConflict
	Restoring *news.Revision
	Previews  []Preview
	// UILang is the editor's own language, for labels inside a column in the other.
	UILang news.Lang
	// MinorEdit: the original's change leaves its translations current.
	MinorEdit bool
	// DraftScript keeps a draft of the form in the browser (editor-draft.js).
	DraftScript string
	// Unsaved: the form shows text that was sent but not saved (a preview,
	// errors, or the form sent before signing in again).
	Unsaved bool
	// Resumed: the editor has just signed in again and the form is what
	// they sent before; PhotoLost, it came with a photo that was not kept.
	Resumed, PhotoLost bool
	// ToolsScript is the URL of the body's formatting toolbar and live count.
	ToolsScript string
	// PhonePreview: the preview is shown at a phone's width.
	PhonePreview bool
	// Picture is the "Insert a picture" fieldset; each language's alt text
	// and caption for it are in Langs.
	Picture PictureForm
}

// PictureForm is the editor's inline picture, as typed: the library's recent
// pictures to pick from, the one picked, and a credit for an upload.
type PictureForm struct {
	Recent []news.Image
	Pick   string
	Credit string
}

// FormAction is where the editor posts: the story's own address, also when
// the page shows one of its revisions.
func (v EditorView) FormAction() string {
	if v.StoryID == 0 {
		return "/newsroom/stories/new"
	}
	return StoryEditHref(v.StoryID)
}

// LangForm is one language's column in the editor; field names start with Prefix.
type LangForm struct {
	Lang                                           news.Lang
	Prefix                                         string
	Headline, Summary, Slug, Byline, Body, Caption string
	Alt                                            string
	// PictureAlt and PictureCaption describe, in this language, the
	// picture the editor is about to insert in the body.
	PictureAlt, PictureCaption string
	Hold                       bool
	Status                     news.Status // "" when not written yet
	PublishedAt                time.Time
	PublicHref                 string // the reader's URL, when published
	// Conversions are the story's exceptions for each edition converted
	// from this language (zh-Hant from zh-Hans).
	Conversions []ConversionForm
	// Original: this is the language the others are translated from (a
	// "minor edit" box goes with it). A translation has its pairing with
	// the original (Pairs, in the original's block numbers, which
	// OriginalBlocks lists) and, when the original changed since it was
	// made, when (OutdatedSince) and which of its blocks (ChangedBlocks).
	Original       bool
	OriginalLang   news.Lang
	Pairs          string
	OriginalBlocks []string
	OutdatedSince  time.Time
	ChangedBlocks  []int
	// BodyCount is the body's length (content.Count): characters for
	// Chinese, words for English. BodyNotes say where the body's Markdown
	// was typed with an input method, and how it was read.
	BodyCount int
	BodyNotes []Msg
}

// CountsWords: the body's length is given in words, not characters.
func (l LangForm) CountsWords() bool { return l.Lang == news.EN }

// bodyCountID names the locale message for the body's length.
func (l LangForm) bodyCountID() string {
	if l.CountsWords() {
		return "BodyCountWords"
	}
	return "BodyCountChars"
}

// FieldConflict is one field two people changed differently: the form
// keeps Mine; Theirs is what is saved now.
type FieldConflict struct {
	Field        string    // the form field's name (and id)
	Lang         news.Lang // the field's language column; "" for the story's own fields
	Label        Msg       // the field's label, in the editor's language
	Mine, Theirs string
}

// ConversionForm is a story's own rules for one converted edition, as typed.
type ConversionForm struct {
	Lang news.Lang // the converted edition
	Text string
}

// ConversionField is the name (and id) of the textarea for a converted
// edition's exceptions in l's column.
func (l LangForm) ConversionField(c ConversionForm) string {
	return l.Field(c.Lang.Prefix() + "-exceptions")
}

// Field is the name (and id) of one of the language's inputs.
func (l LangForm) Field(name string) string { return l.Prefix + "-" + name }

// Preview is one edition's story rendered as readers will see it.
type Preview struct {
	Lang      news.Lang
	Component templ.Component
	// Converted is set for an edition converted from another: Changes are
	// the words its conversion changes, so an editor can check them.
	Converted bool
	Changes   []news.WordChange
}

// GlossaryView is the site's rules for each converted edition.
type GlossaryView struct {
	Editions []ConversionForm
	Notice   *Msg
	Errors   map[news.Lang]Msg
}

// PhotosView is the photo library.
type PhotosView struct {
	Images []news.Image
	Pager  Pager
	Added  string // the name of the photo just added, to point it out
	Credit string // the upload form's credit as typed
	Error  *Msg
}

// thumbName is a picture's smallest stored copy, for a list to pick from.
func thumbName(im news.Image) string {
	if len(im.Widths) == 0 {
		return im.Name
	}
	return news.VariantName(im.Name, slices.Min(im.Widths))
}

// MarkdownFor is what puts a picture in a story body.
func MarkdownFor(im news.Image) string { return "![](" + im.Name + ")" }

// RevisionsView lists a story's saved versions.
type RevisionsView struct {
	StoryID   int64
	Headline  string
	Revisions []news.Revision
}

// UsersView is the accounts page.
type UsersView struct {
	Users  []news.User
	Self   int64
	Email  string // the add form as typed
	Role   news.Role
	Errors map[string]Msg
	Notice *Msg
}

// StoryEditHref is the editor of a story.
func StoryEditHref(id int64) string { return "/newsroom/stories/" + strconv.FormatInt(id, 10) }

// StatusLabel is the locale id naming a status.
func StatusLabel(st news.Status) string {
	switch st {
	case news.StatusPublished:
		return "StatusPublished"
	case news.StatusScheduled:
		return "StatusScheduled"
	case news.StatusDraft:
		return "StatusDraft"
	}
	return "StatusMissing"
}

// fieldError is the message for field, if any.
func (v EditorView) fieldError(field string) (Msg, bool) {
	m, ok := v.Errors[field]
	return m, ok
}

func errorID(field string) string { return field + "-error" }

// describedBy links an input to its hint and error, when there are any.
// notesID is the id of the notes on how the body's input-method Markdown
// was read, or "" when there are none.
func (l LangForm) notesID() string {
	if len(l.BodyNotes) == 0 {
		return ""
	}
	return l.Field("body") + "-notes"
}

func describedBy(ids ...string) string {
	out := ""
	for _, id := range ids {
		if id == "" {
			continue
		}
		if out != "" {
			out += " "
		}
		out += id
	}
	return out
}

func revisionActionID(action string) string {
	switch action {
	case "publish":
		return "ActionPublish"
	case "schedule":
		return "ActionSchedule"
	case "unpublish":
		return "ActionUnpublish"
	case "import":
		return "ActionImport"
	case "update":
		return "ActionUpdate"
	}
	if l, ok := strings.CutPrefix(action, "withdraw-"); ok {
		if l == news.EN.Prefix() {
			return "ActionWithdrawEn"
		}
		return "ActionWithdrawZh"
	}
	if strings.HasPrefix(action, "mark-current-") {
		return "ActionMarkCurrent"
	}
	return "ActionSave"
}

type zoneKey struct{}

// WithZone makes the newsroom's times in ctx show in loc: the site's zone,
// in which readers see them and the schedule field is read.
func WithZone(ctx context.Context, loc *time.Location) context.Context {
	return context.WithValue(ctx, zoneKey{}, loc)
}

// dateTime is a newsroom time: day and clock in the site's time zone (UTC
// unless WithZone says otherwise).
func dateTime(ctx context.Context, t time.Time) string {
	loc, _ := ctx.Value(zoneKey{}).(*time.Location)
	if loc == nil {
		loc = time.UTC
	}
	l := t.In(loc)
	return i18n.Date(ctx, l) + " " + l.Format("15:04 MST")
}

// Age says how long ago t was, in days, or hours within the first day.
func Age(ctx context.Context, t, now time.Time) string {
	d := now.Sub(t)
	if d < 24*time.Hour {
		return i18n.TN(ctx, "AgeHours", max(1, int(d/time.Hour)), nil)
	}
	return i18n.TN(ctx, "AgeDays", int(d/(24*time.Hour)), nil)
}

func joinInts(ns []int) string {
	parts := make([]string, len(ns))
	for i, n := range ns {
		parts[i] = strconv.Itoa(n)
	}
	return strings.Join(parts, ", ")
}

// SettingsView is the site's settings as an admin edits them.
type SettingsView struct {
	TimeZone string // IANA name; "" is UTC
	// Site is what the site says about itself, one per written language.
	Site   []SiteTextForm
	Notice *Msg
	Error  *Msg           // the time zone's
	Errors map[string]Msg // the site's text's, by field id (SiteFieldID)
}

// SiteTextForm is the site's text in one written language, as the form shows it.
type SiteTextForm struct {
	Lang news.Lang
	Text news.SiteText
}

// SiteFieldID names a field of the site's text in the form: "site-en-name".
func SiteFieldID(lang news.Lang, field string) string { return "site-" + string(lang) + "-" + field }

// errorIDIf is a field's error id when it has an error.
func errorIDIf(bad bool, id string) string {
	if bad {
		return errorID(id)
	}
	return ""
}

// formatCount writes a number as the editor's language does: 20,000 in
// English, 20000 in Chinese.
func formatCount(ctx context.Context, n int) string {
	s := strconv.Itoa(n)
	if strings.HasPrefix(i18n.From(ctx).Lang(), "zh") {
		return s
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// convertedFrom lists the editions converted from a written language.
func convertedFrom(lang news.Lang) []news.Edition {
	var out []news.Edition
	for _, e := range news.ConvertedEditions() {
		if e.From == lang {
			out = append(out, e)
		}
	}
	return out
}

// timeZones are offered in the settings form; any IANA name may be typed.
var timeZones = []string{"UTC", "Asia/Shanghai", "Asia/Hong_Kong", "Asia/Taipei", "Asia/Singapore",
	"Asia/Kuala_Lumpur", "Asia/Tokyo", "Australia/Sydney", "Europe/London", "Europe/Berlin",
	"America/New_York", "America/Los_Angeles", "America/Vancouver"}

// DraftKey names the browser's draft of this form: the story, or for a new
// story its create token. A story is named by its id and its key, which it
// keeps for life: a deleted story's id may be given to the next one made,
// and that one must not be offered the deleted one's draft.
func (v EditorView) DraftKey() string {
	if v.StoryID != 0 {
		return "story:" + strconv.FormatInt(v.StoryID, 10) + ":" + v.StoryKey
	}
	return "new:" + v.CreateToken
}
