package views

import (
	"net/url"

	"broadsheet/internal/news"
)

// PhotoDeleteHref asks to delete a picture from the library.
func PhotoDeleteHref(name string) string {
	return "/newsroom/photos/" + url.PathEscape(name) + "/delete"
}

// FrontDeskView is the newsroom's front page desk: the pinned lead, the top
// stories in order, and published stories to pick from.
type FrontDeskView struct {
	Lead       *news.DeskItem
	Top        []news.DeskItem
	Candidates []news.DeskItem
	Max        int  // how many top stories there may be
	Full       bool // there are Max already
	Notice     *Msg
	Error      *Msg
}

// ConfirmView asks before something readers or the newsroom would lose:
// what it is (Lines), and a button that does it; or, when it may not be
// done, why (Refusal) and no button.
type ConfirmView struct {
	Heading Msg
	Lines   []Msg
	Refusal *Msg
	Error   *Msg
	Action  string // where the confirming form posts
	Version int    // the story version confirmed, 0 when none
	Button  Msg
	Back    string // where "Cancel" leads
	Image   *news.Image
	Danger  bool // the button deletes for good
}

// DiffView shows what a revision changed against the one before it.
type DiffView struct {
	StoryID  int64
	Headline string
	Revision news.Revision
	Previous *news.Revision // nil for the first version
	Story    []FieldDiff    // section and lead photo
	Langs    []LangDiff
}

// LangDiff is one language's changed fields.
type LangDiff struct {
	Lang   news.Lang
	Fields []FieldDiff
}

// FieldDiff is one field's text as pieces kept, inserted or deleted.
type FieldDiff struct {
	LabelID string
	Parts   []DiffPart
}

// DiffOp says what happened to a piece of text.
type DiffOp int

const (
	DiffEqual DiffOp = iota
	DiffInsert
	DiffDelete
)

// DiffPart is a run of text with what happened to it.
type DiffPart struct {
	Op   DiffOp
	Text string
}

// deskHeadline is a story's headline in lang, else in the other language.
func deskHeadline(it news.DeskItem, lang news.Lang) string {
	if h, ok := it.Headlines[lang]; ok {
		return h
	}
	return it.Headlines[lang.Counterpart()]
}

// frontLive says whether a story is out in some language now.
func frontLive(it news.DeskItem) bool {
	for _, st := range it.Status {
		if st == news.StatusPublished {
			return true
		}
	}
	return false
}
