package web

import (
	"net/http"

	"broadsheet/assets"
	"broadsheet/internal/content"
	"broadsheet/views"
)

var editorToolsURL = assets.URL("editor-tools.js")

// writingAids fills in what the editor shows beside each body as typed: its
// length, and how Markdown typed with a Chinese input method was read. It
// also keeps the preview's phone width across previews.
func writingAids(r *http.Request, v *views.EditorView) {
	v.ToolsScript = editorToolsURL
	v.PhonePreview = r.Method == http.MethodPost && r.PostFormValue("preview_phone") == "1"
	for i := range v.Langs {
		lf := &v.Langs[i]
		lf.BodyCount = content.Count(lf.Body)
		lf.BodyNotes = nil
		_, fixes := content.Understand([]byte(lf.Body))
		for _, f := range fixes {
			lf.BodyNotes = append(lf.BodyNotes, views.Msg{ID: fixMessage(f.Kind), Data: map[string]any{"Line": f.Line, "Text": f.Text}})
		}
	}
}

// fixMessage names the locale message for what Understand did on a line.
func fixMessage(k content.FixKind) string {
	switch k {
	case content.FixHeading:
		return "NoteHeading"
	case content.FixQuote:
		return "NoteQuote"
	case content.FixLink:
		return "NoteLink"
	}
	return "NoteQuoteMark"
}
