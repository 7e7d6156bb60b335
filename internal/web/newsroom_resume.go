package web

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"sort"
	"strings"

	"broadsheet/assets"
	"broadsheet/internal/news"
	"broadsheet/views"
)

var editorDraftURL = assets.URL("editor-draft.js")

// An editor's form sent after the session ended is not lost: the sign-in
// page carries its fields (as hidden inputs named carriedPrefix+name), and a
// successful sign-in opens the editor with them, previewed and not saved.
// Saving stays a separate POST from the editor with the new session's CSRF
// token, so neither the sign-in form nor a form posted to it from elsewhere
// can make a signed-in editor save anything.
const (
	carriedPrefix = "carried."
	// maxCarriedFields is well above the editor's fields (about 40 with
	// three editions); the text itself is bounded by readForm.
	maxCarriedFields = 200
	// photoLostField marks a form that came with a photo file, which the
	// sign-in page cannot carry.
	photoLostField = "photo_lost"
)

// carriedName is what an editor field's name looks like.
var carriedName = regexp.MustCompile(`^[a-z0-9_-]{1,64}$`)

// editorPath reports whether p is a story editor's address (the only forms
// carried across a sign-in), with the story's id ("" for a new story).
func editorPath(p string) (id string, ok bool) {
	if p == "/newsroom/stories/new" {
		return "", true
	}
	rest, ok := strings.CutPrefix(p, "/newsroom/stories/")
	if !ok || rest == "" || len(rest) > 18 || strings.Trim(rest, "0123456789") != "" || rest[0] == '0' {
		return "", false
	}
	return rest, true
}

// carriedFields picks the editor's fields out of a posted form: those named
// prefix+name, without the CSRF token, the button and the photo, nor names
// no editor field has. A form with too many fields carries nothing.
func carriedFields(form url.Values, prefix string) ([]views.CarriedField, bool) {
	var out []views.CarriedField
	for k, vs := range form {
		name, ok := strings.CutPrefix(k, prefix)
		if !ok {
			continue
		}
		if name == "csrf" || name == "action" || name == "photo" || !carriedName.MatchString(name) {
			continue
		}
		for _, v := range vs {
			out = append(out, views.CarriedField{Name: name, Value: v})
		}
	}
	if len(out) > maxCarriedFields {
		return nil, false
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, true
}

// sessionEnded answers a newsroom form sent without a valid session: the
// sign-in page, which says so and, for the story editor, carries the form on.
func (s *Server) sessionEnded(w http.ResponseWriter, r *http.Request) error {
	v := views.LoginView{Next: r.URL.Path, Error: &views.Msg{ID: "NewsroomSessionEnded"}}
	if _, ok := editorPath(r.URL.Path); ok {
		// A form too large or unreadable is not carried: the message then
		// says to go Back, where the browser still has the text.
		if ph, err := readFormPhotos(r, false); err == nil {
			if fields, ok := carriedFields(r.PostForm, ""); ok && len(fields) > 0 {
				v.Carried = fields
				v.Error = &views.Msg{ID: "NewsroomSessionEndedKept"}
				if len(ph) > 0 { // a lead or inline photo was chosen
					v.Carried = append(v.Carried, views.CarriedField{Name: photoLostField, Value: "1"})
				}
			}
		}
	}
	return s.renderLogin(w, r, http.StatusUnauthorized, v)
}

// loginCarried reads the form a sign-in carries, if any; only an editor's
// address may receive one.
func loginCarried(r *http.Request, v *views.LoginView) {
	if _, ok := editorPath(v.Next); !ok {
		return
	}
	if fields, ok := carriedFields(r.PostForm, carriedPrefix); ok {
		v.Carried = fields
	}
}

type resumedKey struct{}

// resumeEditor opens the editor, for the editor who has just signed in,
// with the form they sent before: previewed, never saved.
func (s *Server) resumeEditor(w http.ResponseWriter, r *http.Request, u news.User, token string, v views.LoginView) error {
	id, _ := editorPath(v.Next)
	th := hashToken(token)
	sess := &newsroomSession{User: u, tokenHash: th, CSRF: s.csrfToken(th)}
	form := url.Values{}
	for _, f := range v.Carried {
		form.Add(f.Name, f.Value)
	}
	form.Set("action", "preview")
	form.Set("csrf", sess.CSRF)
	r2 := r.Clone(context.WithValue(r.Context(), resumedKey{}, v.PhotoLost()))
	r2.URL = &url.URL{Path: v.Next}
	r2.RequestURI = v.Next
	r2.Form, r2.PostForm, r2.MultipartForm = form, form, nil
	r2.SetPathValue("id", id)
	return s.inNewsroomFrame(w, r2, sess, s.saveStory(w, r2, sess)) // the story may be gone
}

// editorDraft fills what the editor's draft keeping needs: the script, and
// whether the form shows text that is not saved (it was sent, and came back
// as a preview, with errors, or after signing in again).
func editorDraft(r *http.Request, v *views.EditorView) {
	v.DraftScript = editorDraftURL
	v.Unsaved = r.Method == http.MethodPost
	if photoLost, ok := r.Context().Value(resumedKey{}).(bool); ok {
		v.Resumed = true
		v.PhotoLost = photoLost
	}
}
