package web

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"broadsheet/internal/content"
	"broadsheet/internal/news"
	"broadsheet/views"
)

// recentPictures is how many of the library's newest pictures the editor
// offers to insert.
const recentPictures = 8

// Limits on what describes an inserted picture: those of the lead photo's.
const (
	maxPictureText   = 1000 // alt text, caption
	maxPictureCredit = 300
)

// keepPicture reads the "Insert a picture" fieldset, whatever the button:
// an uploaded picture is stored in the library and picked, so that neither
// it nor its descriptions are lost on a preview, a language switch or an
// error. A picture that cannot be stored is reported in v.Errors.
func (s *Server) keepPicture(r *http.Request, v *views.EditorView) error {
	// Each text on one line: a line break would end the picture's line in
	// the body. Other spaces stay as typed (an ideographic space is Chinese
	// typesetting, not an ASCII space).
	oneLine := strings.NewReplacer("\r\n", " ", "\n", " ", "\r", " ", "\u2028", " ", "\u2029", " ", "\u0085", " ")
	line := func(name string) string { return strings.TrimSpace(oneLine.Replace(r.PostFormValue(name))) }
	v.Picture.Pick = strings.TrimSpace(r.PostFormValue("inline_pick"))
	v.Picture.Credit = line("inline_credit")
	for i := range v.Langs {
		lf := &v.Langs[i]
		lf.PictureAlt, lf.PictureCaption = line(lf.Field("picture-alt")), line(lf.Field("picture-caption"))
	}
	if postedPhoto(r, "inline_photo") == nil {
		return nil
	}
	if n := utf8.RuneCountInString(v.Picture.Credit); n > maxPictureCredit {
		v.Errors["inline_credit"] = views.Msg{ID: "ErrTooLong", Data: map[string]any{"Max": maxPictureCredit, "Count": n}}
		return nil
	}
	im, problem, err := s.uploadPhotoField(r, "inline_photo", v.Picture.Credit)
	switch {
	case err != nil:
		return err
	case problem != nil:
		v.Errors["inline_photo"] = *problem
	default:
		v.Picture.Pick = im.Name
	}
	return nil
}

// pictureDescribed reports alt text or a caption typed in the "Insert a
// picture" fieldset: work that saving the story would not keep.
func pictureDescribed(v views.EditorView) bool {
	for _, l := range v.Langs {
		if l.PictureAlt != "" || l.PictureCaption != "" {
			return true
		}
	}
	return false
}

// insertPicture is the editor's "Insert picture" button, after keepPicture:
// it adds the picture's Markdown, with each language's alt text and
// caption, to the end of the body of every language it goes into, and shows
// the form again with everything else as typed. Nothing about the story is
// saved: the editor's own buttons do that.
func (s *Server) insertPicture(w http.ResponseWriter, r *http.Request, sess *newsroomSession, v views.EditorView) error {
	ok := func() bool {
		_, bad := v.Errors["inline_photo"]
		_, badCredit := v.Errors["inline_credit"]
		return !bad && !badCredit
	}()
	var im news.Image
	if ok {
		var err error
		if im, ok, err = s.pickedPicture(r.Context(), &v); err != nil {
			return err
		}
	}
	before := len(v.Errors)
	targets := pictureTargets(&v)
	if ok && len(v.Errors) == before {
		addPicture(&v, im, targets)
		v.Notice = &views.Msg{ID: "NoticePictureInserted"}
	}
	status := http.StatusOK
	if len(v.Errors) > 0 {
		status = http.StatusUnprocessableEntity
	}
	return s.renderEditor(w, r, sess, status, v)
}

// pickedPicture is the library picture picked (or just uploaded); false,
// with the reason in v.Errors, when there is none.
func (s *Server) pickedPicture(ctx context.Context, v *views.EditorView) (news.Image, bool, error) {
	missing := func() (news.Image, bool, error) {
		v.Picture.Pick = ""
		v.Errors["inline_photo"] = views.Msg{ID: "ErrPictureMissing"}
		return news.Image{}, false, nil
	}
	if v.Picture.Pick == "" || len(v.Picture.Pick) > 200 {
		return missing()
	}
	im, err := s.desk.ImageInfo(ctx, v.Picture.Pick)
	if errors.Is(err, news.ErrNotFound) {
		return missing()
	}
	return im, err == nil, err
}

// pictureTargets are the languages (indices into v.Langs) the picture goes
// into: every language already written, so that the bodies stay aligned, and
// any other the editor described it in; all of them when none is either.
// Each needs its alt text; problems go into v.Errors.
func pictureTargets(v *views.EditorView) []int {
	var targets []int
	for i, lf := range v.Langs {
		written := lf.Status != "" || lf.Headline != "" || lf.Summary != "" || strings.TrimSpace(lf.Body) != ""
		if written || lf.PictureAlt != "" || lf.PictureCaption != "" {
			targets = append(targets, i)
		}
	}
	if len(targets) == 0 {
		for i := range v.Langs {
			targets = append(targets, i)
		}
	}
	for _, i := range targets {
		lf := v.Langs[i]
		for name, text := range map[string]string{"picture-alt": lf.PictureAlt, "picture-caption": lf.PictureCaption} {
			if n := utf8.RuneCountInString(text); n > maxPictureText {
				v.Errors[lf.Field(name)] = views.Msg{ID: "ErrTooLong", Data: map[string]any{"Max": maxPictureText, "Count": n}}
			}
		}
		if _, tooLong := v.Errors[lf.Field("picture-alt")]; !tooLong && lf.PictureAlt == "" {
			v.Errors[lf.Field("picture-alt")] = views.Msg{ID: "ErrAltRequired"}
		}
	}
	return targets
}

// addPicture appends the picture's line to each target language's body and
// clears the fieldset. A translation paired with its original by hand gets
// the new picture paired with the original's too.
func addPicture(v *views.EditorView, im news.Image, targets []int) {
	origBlocks := -1
	for _, i := range targets {
		lf := &v.Langs[i]
		body := strings.TrimRight(lf.Body, " \t\n")
		if body != "" {
			body += "\n\n"
		}
		lf.Body = body + content.ImageMarkdown(lf.PictureAlt, im.Name, lf.PictureCaption) + "\n"
		if lf.Original {
			if blocks, err := content.Blocks([]byte(lf.Body)); err == nil {
				origBlocks = len(blocks)
			}
		}
	}
	for i := range v.Langs {
		lf := &v.Langs[i]
		if origBlocks > 0 && !lf.Original && lf.Pairs != "" && slices.Contains(targets, i) {
			lf.Pairs += " " + strconv.Itoa(origBlocks)
		}
		lf.PictureAlt, lf.PictureCaption = "", ""
	}
	v.Picture.Pick, v.Picture.Credit = "", ""
}

// recentLibrary fills the pictures the editor offers to insert: the
// library's newest, and the one picked if it is older.
func (s *Server) recentLibrary(ctx context.Context, v *views.EditorView) error {
	ims, _, err := s.desk.Images(ctx, recentPictures, 0)
	if err != nil {
		return err
	}
	if v.Picture.Pick != "" && !slices.ContainsFunc(ims, func(im news.Image) bool { return im.Name == v.Picture.Pick }) {
		if im, err := s.desk.ImageInfo(ctx, v.Picture.Pick); err == nil {
			ims = append([]news.Image{im}, ims...)
		}
	}
	v.Picture.Recent = ims
	return nil
}
