package web

import (
	"context"
	"crypto/rand"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/a-h/templ"

	"broadsheet/internal/align"
	"broadsheet/internal/content"
	"broadsheet/internal/news"
	"broadsheet/internal/photo"
	"broadsheet/internal/slug"
	"broadsheet/views"
)

func (s *Server) newsroomRoutes(mux *http.ServeMux) {
	mux.Handle("GET /newsroom", http.RedirectHandler("/newsroom/", http.StatusMovedPermanently))
	mux.Handle("GET /newsroom/login", s.handle(s.loginForm))
	mux.Handle("POST /newsroom/login", s.handle(s.login))
	mux.Handle("POST /newsroom/logout", s.newsroomHandler(false, s.logout))
	mux.Handle("GET /newsroom/{$}", s.newsroomHandler(false, s.deskList))
	mux.Handle("GET /newsroom/stories/new", s.newsroomHandler(false, s.newStory))
	mux.Handle("POST /newsroom/stories/new", s.newsroomHandler(false, s.saveStory))
	mux.Handle("GET /newsroom/stories/{id}", s.newsroomHandler(false, s.editStory))
	mux.Handle("POST /newsroom/stories/{id}", s.newsroomHandler(false, s.saveStory))
	mux.Handle("GET /newsroom/stories/{id}/revisions", s.newsroomHandler(false, s.revisions))
	mux.Handle("GET /newsroom/stories/{id}/revisions/{rev}", s.newsroomHandler(false, s.restoreRevision))
	mux.Handle("GET /newsroom/photos", s.newsroomHandler(false, s.photos))
	mux.Handle("POST /newsroom/photos", s.newsroomHandler(false, s.addPhoto))
	mux.Handle("GET "+views.NewsroomMedia+"{name}", s.newsroomHandler(false, s.newsroomMedia))
	mux.Handle("GET /newsroom/glossary", s.newsroomHandler(false, s.glossary))
	mux.Handle("POST /newsroom/glossary", s.newsroomHandler(false, s.saveGlossary))
	if s.settings != nil {
		mux.Handle("GET /newsroom/settings", s.newsroomHandler(true, s.siteSettings))
		mux.Handle("POST /newsroom/settings", s.newsroomHandler(true, s.saveSettings))
	}
	mux.Handle("GET /newsroom/users", s.newsroomHandler(true, s.users))
	mux.Handle("POST /newsroom/users", s.newsroomHandler(true, s.addUser))
	mux.Handle("POST /newsroom/users/{id}", s.newsroomHandler(true, s.updateUser))
	mux.Handle("GET /newsroom/trends", s.newsroomHandler(true, s.trendsAdmin))
	mux.Handle("POST /newsroom/trends", s.newsroomHandler(true, s.updateTrends))
}

// renderNewsroom writes a newsroom page in the editor's language.
func (s *Server) renderNewsroom(w http.ResponseWriter, r *http.Request, status int, c templ.Component) error {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	return c.Render(views.WithZone(s.localize(r.Context(), s.readerLang(r)), s.zone.Load()), w)
}

func (s *Server) t(r *http.Request, id string) string {
	return s.translator(s.readerLang(r)).T(id)
}

const deskPageSize = 50

// deskList is the newsroom's story list.
func (s *Server) deskList(w http.ResponseWriter, r *http.Request, sess *newsroomSession) error {
	lang := s.readerLang(r)
	q := r.URL.Query()
	f := news.DeskFilter{Section: q.Get("section"), Query: q.Get("q"), Page: news.Page{Number: 1, Size: deskPageSize}}
	if len([]rune(f.Query)) > 100 {
		f.Query = string([]rune(f.Query)[:100])
	}
	if n, err := strconv.Atoi(q.Get("page")); err == nil && n > 1 && n < 100_000 {
		f.Page.Number = n
	}
	items, total, err := s.desk.DeskStories(r.Context(), lang, f)
	if err != nil {
		return err
	}
	secs, err := s.store.Sections(r.Context(), lang)
	if err != nil {
		return err
	}
	f.Page.Total = total
	base := "/newsroom/?section=" + url.QueryEscape(f.Section) + "&q=" + url.QueryEscape(f.Query)
	p := s.newsroomPage(r, sess, s.t(r, "NewsroomStories"))
	p.Nav = "stories"
	return s.renderNewsroom(w, r, http.StatusOK, views.DeskPage(p, views.DeskView{
		Items: items, Sections: secs, Filter: f, Pager: views.Pager{Page: f.Page, BaseHref: base}, Now: s.cfg.Now(),
	}))
}

// storyID reads the {id} path segment; anything but a positive number is a 404.
func storyID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, news.ErrNotFound
	}
	return id, nil
}

func (s *Server) newStory(w http.ResponseWriter, r *http.Request, sess *newsroomSession) error {
	v := editorFromStory(news.StoryEdit{}, news.StoryInput{}, s.siteNow())
	v.CreateToken = rand.Text()
	return s.renderEditor(w, r, sess, http.StatusOK, v)
}

// storyToEdit loads the story named by the {id} path segment.
func (s *Server) storyToEdit(r *http.Request) (news.StoryEdit, error) {
	id, err := storyID(r)
	if err != nil {
		return news.StoryEdit{}, err
	}
	return s.desk.StoryForEdit(r.Context(), id)
}

func (s *Server) editStory(w http.ResponseWriter, r *http.Request, sess *newsroomSession) error {
	e, err := s.storyToEdit(r)
	if err != nil {
		return err
	}
	v := editorFromStory(e, e.StoryInput, s.siteNow())
	switch r.URL.Query().Get("saved") {
	case "save":
		v.Notice = &views.Msg{ID: "NoticeSaved"}
		if v.Live {
			v.Notice = &views.Msg{ID: "NoticeUpdated"}
		}
	case "publish":
		v.Notice = &views.Msg{ID: "NoticePublished"}
	case "schedule":
		v.Notice = &views.Msg{ID: "NoticeScheduled", Data: map[string]any{"Time": s.scheduleText(r, e)}}
	case "unpublish":
		v.Notice = &views.Msg{ID: "NoticeUnpublished"}
	case "current":
		v.Notice = &views.Msg{ID: "NoticeMarkedCurrent"}
	case "withdrawn":
		v.Notice = &views.Msg{ID: "NoticeWithdrawn"}
	}
	if v.Scheduled && r.URL.Query().Get("saved") == "save" {
		v.Notice = &views.Msg{ID: "NoticeScheduled", Data: map[string]any{"Time": s.scheduleText(r, e)}}
	}
	v.Warnings = pairingWarnings(e.StoryInput)
	if r.URL.Query().Get("merged") == "1" {
		v.Warnings = append([]views.Msg{{ID: "NoticeMerged"}}, v.Warnings...)
	}
	return s.renderEditor(w, r, sess, http.StatusOK, v)
}

// scheduleText is when a scheduled story goes out, in the editor's words and
// the server's time zone.
func (s *Server) scheduleText(r *http.Request, e news.StoryEdit) string {
	for _, t := range e.Translations {
		if t.PublishedAt.After(s.cfg.Now()) {
			l := t.PublishedAt.In(s.zone.Load())
			return s.translator(s.readerLang(r)).Date(l) + " " + l.Format("15:04:05 MST")
		}
	}
	return ""
}

// editorFromStory fills the editor from a stored story, or from an earlier
// revision of it (in), keeping the stored story's version and statuses.
// Times are shown in now's location: the site's zone (see siteNow).
func editorFromStory(e news.StoryEdit, in news.StoryInput, now time.Time) views.EditorView {
	v := views.EditorView{StoryID: e.ID, StoryKey: e.Key, Version: e.Version, Section: in.Section, Image: e.Lead}
	for _, im := range in.Images {
		if im.Name == in.LeadImage {
			v.Credit = im.Credit
		}
	}
	if in.LeadImage == "" {
		v.Image = nil
	} else if v.Image == nil || v.Image.Name != in.LeadImage {
		v.Image = &news.Image{Name: in.LeadImage} // a revision's photo; sized when saved
	}
	stored := map[news.Lang]news.TranslationInput{}
	for _, t := range e.Translations {
		stored[t.Lang] = t
	}
	given := map[news.Lang]news.TranslationInput{}
	for _, t := range in.Translations {
		given[t.Lang] = t
	}
	orig := in.Original()
	if len(in.Translations) == 0 {
		orig = e.Original()
	}
	var origBody []news.Block
	var origUpdated time.Time
	for _, t := range e.Translations {
		if t.Lang == orig {
			origBody, origUpdated = t.Body, t.UpdatedAt
		}
	}
	for _, l := range news.Langs {
		lf := views.LangForm{Lang: l, Prefix: l.Prefix(), Original: l == orig, OriginalLang: orig}
		t, ok := given[l]
		if !ok && len(in.Translations) > 0 {
			// A revision from before this language was written: keep what is
			// stored, held back, rather than demand it be typed again.
			t, ok = stored[l]
			t.Held = t.Held || ok
		}
		if ok {
			lf.Headline, lf.Summary, lf.Slug, lf.Byline, lf.Body, lf.Caption, lf.Alt =
				t.Headline, t.Summary, t.Slug, t.Byline, t.Markdown, t.Caption, t.Alt
			lf.Hold = t.Held
			lf.Pairs = t.Pairs
		}
		if !lf.Original {
			lf.OriginalBlocks = blockSummaries(origBody)
			if st, ok := stored[l]; ok && len(st.TranslatedFrom) > 0 {
				lf.OutdatedSince = origUpdated
				for i, h := range st.TranslatedFrom {
					if i < len(origBody) && h != align.Hash(origBody[i]) {
						lf.ChangedBlocks = append(lf.ChangedBlocks, i+1)
					}
				}
			}
		}
		for _, e := range news.Editions {
			if e.From == l {
				lf.Conversions = append(lf.Conversions, views.ConversionForm{Lang: e.Lang, Text: news.FormatRules(in.Exceptions[e.Lang])})
			}
		}
		if t, ok := stored[l]; ok {
			lf.Status = news.StatusAt(t.PublishedAt, now)
			lf.PublishedAt = t.PublishedAt
			switch lf.Status {
			case news.StatusPublished:
				v.Live = true
				lf.PublicHref = views.StoryHref(l, t.Slug)
			case news.StatusScheduled:
				v.ScheduleAt = t.PublishedAt.In(now.Location()).Format(scheduleLayout)
			}
		}
		v.Langs = append(v.Langs, lf)
	}
	v.Scheduled = !v.Live && v.ScheduleAt != ""
	// A draft beside a live or scheduled language was held back on purpose;
	// it stays held until the editor says otherwise.
	for i := range v.Langs {
		if (v.Live || v.Scheduled) && v.Langs[i].Status == news.StatusDraft {
			v.Langs[i].Hold = true
		}
	}
	return v
}

// siteNow is the time now in the site's zone, in which the newsroom shows
// and reads times, as readers see them.
func (s *Server) siteNow() time.Time { return s.cfg.Now().In(s.zone.Load()) }

// scheduleLayout is the datetime-local value, to the second.
const scheduleLayout = "2006-01-02T15:04:05"

func (s *Server) renderEditor(w http.ResponseWriter, r *http.Request, sess *newsroomSession, status int, v views.EditorView) error {
	lang := s.readerLang(r)
	secs, err := s.store.Sections(r.Context(), lang)
	if err != nil {
		return err
	}
	v.Sections = secs
	if err := s.recentLibrary(r.Context(), &v); err != nil {
		return err
	}
	if v.Section == "" && len(secs) > 0 {
		v.Section = secs[0].Key
	}
	v.Zone = s.zone.Load().String()
	v.UILang = lang
	editorDraft(r, &v)
	writingAids(r, &v)
	title := s.t(r, "EditorEditTitle")
	p := s.newsroomPage(r, sess, title)
	p.ToggleSubmit = v.FormAction() + "?ui=" + p.Toggle.Lang.Prefix()
	if v.StoryID == 0 {
		p.Title = s.t(r, "EditorNewTitle")
		p.Nav = "new"
	}
	return s.renderNewsroom(w, r, status, views.EditorPage(p, v))
}

// pairingWarnings says why readers would get a translation and its
// original one after the other rather than paired: the pairing (or, with
// none, the block counts) does not fit. The pairing itself has been read.
func pairingWarnings(in news.StoryInput) []views.Msg {
	orig := in.Original()
	var src []news.Block
	for _, t := range in.Translations {
		if t.Lang == orig {
			src = t.Body
		}
	}
	ids := numberIDs(len(src))
	var out []views.Msg
	for _, t := range in.Translations {
		if t.Lang == orig || len(t.Body) == 0 || len(src) == 0 {
			continue
		}
		rec, err := align.Parse(t.Pairs, ids)
		if err != nil {
			continue // reported on the field
		}
		res := align.Pairs(ids, src, t.Body, rec)
		for i, p := range res.Problems {
			if i == 3 {
				break // the first few say enough
			}
			if p.Kind == align.ProblemCount {
				out = append(out, views.Msg{ID: "WarnBlockCount", Data: map[string]any{"EN": p.Src, "ZH": p.Tr}})
				continue
			}
			out = append(out, views.Msg{ID: pairingProblemID(p.Kind), Data: map[string]any{"Src": p.Src, "Tr": p.Tr}})
		}
	}
	return out
}

// pairingProblemID names the message for a kind of pairing problem.
func pairingProblemID(k align.ProblemKind) string {
	switch k {
	case align.ProblemKindDiffers:
		return "PairingKind"
	case align.ProblemRecords:
		return "PairingRecords"
	case align.ProblemUnknown:
		return "PairingUnknown"
	case align.ProblemApart:
		return "PairingApart"
	case align.ProblemReused:
		return "PairingReused"
	case align.ProblemOrder:
		return "PairingOrder"
	case align.ProblemOmittedPaired:
		return "PairingOmitted"
	case align.ProblemUnpaired:
		return "PairingUnpaired"
	}
	return "PairingOther"
}

// numberIDs stands in for the original's block ids while a form is read:
// "1", "2", … as the translator numbers them.
func numberIDs(n int) []string {
	ids := make([]string, n)
	for i := range ids {
		ids[i] = strconv.Itoa(i + 1)
	}
	return ids
}

// blockSummaries are the first words of each block, for the list a
// translator pairs against.
func blockSummaries(blocks []news.Block) []string {
	out := make([]string, len(blocks))
	for i, b := range blocks {
		t := b.Text
		switch {
		case b.Image != nil:
			t = "🖼 " + b.Image.Alt
		case b.Embed != nil:
			t = "▶ " + b.Embed.Title
		}
		if r := []rune(t); len(r) > 60 {
			t = string(r[:60]) + "…"
		}
		out[i] = t
	}
	return out
}

// saveStory handles every button of the editor: preview, save, publish,
// schedule, unpublish and insert a picture. What was typed always comes back on an error.
func (s *Server) saveStory(w http.ResponseWriter, r *http.Request, sess *newsroomSession) error {
	ctx := r.Context()
	var id int64
	if r.PathValue("id") != "" {
		var err error
		if id, err = storyID(r); err != nil {
			return err
		}
	}
	// The editor's language toggle sends the form here with ?ui=: save the
	// choice and show the same form, previewed, in that language.
	if l, ok := news.LangFromPrefix(r.URL.Query().Get("ui")); ok {
		rd := s.reader(r)
		rd.Lang = l
		if err := s.sessions.write(w, r, rd); err != nil {
			return err
		}
		r = r.WithContext(context.WithValue(r.Context(), readerCtxKey{}, rd))
	}
	action := r.PostFormValue("action")
	// "Mark up to date" saves what was typed, then records that the
	// translation follows its original as it now is.
	var markCurrent news.Lang
	if p, ok := strings.CutPrefix(action, "mark-current-"); ok {
		l, known := news.LangFromPrefix(p)
		if !known || !l.Valid() || id == 0 {
			return errBadRequest
		}
		markCurrent, action = l, "save"
	}
	switch action {
	case "preview", "save", "publish", "schedule", "unpublish", "insert-picture":
	default:
		return errBadRequest
	}
	now := s.siteNow()
	var cur news.StoryEdit
	if id != 0 {
		var err error
		if cur, err = s.desk.StoryForEdit(ctx, id); err != nil {
			return err
		}
	}
	v := editorFromStory(cur, news.StoryInput{}, now) // statuses from the stored story
	v.StoryID, v.Version = id, 0
	if n, err := strconv.Atoi(r.PostFormValue("version")); err == nil {
		v.Version = n
	}
	v.Section = r.PostFormValue("section")
	if id == 0 {
		if v.CreateToken = r.PostFormValue("create_token"); len(v.CreateToken) > 64 {
			return errBadRequest
		}
	}
	v.Credit = strings.TrimSpace(r.PostFormValue("credit"))
	v.MinorEdit = r.PostFormValue("minor_edit") == "1"
	v.ScheduleAt = r.PostFormValue("schedule_at")
	v.Errors = map[string]views.Msg{}
	for i := range v.Langs {
		lf := &v.Langs[i]
		get := func(name string) string { return strings.TrimSpace(r.PostFormValue(lf.Field(name))) }
		lf.Headline, lf.Summary, lf.Slug, lf.Byline, lf.Caption, lf.Alt = get("headline"), get("summary"), get("slug"), get("byline"), get("caption"), get("alt")
		lf.Body = strings.ReplaceAll(r.PostFormValue(lf.Field("body")), "\r\n", "\n")
		lf.Hold = r.PostFormValue(lf.Field("hold")) == "1"
		lf.Pairs = strings.Join(strings.Fields(r.PostFormValue(lf.Field("pairs"))), " ")
		for j := range lf.Conversions {
			c := &lf.Conversions[j]
			c.Text = strings.ReplaceAll(r.PostFormValue(lf.ConversionField(*c)), "\r\n", "\n")
		}
	}

	// The photo is stored first, so it survives any other error in the form.
	if name := r.PostFormValue("image"); name != "" && r.PostFormValue("remove_photo") != "1" {
		if im, err := s.desk.ImageInfo(ctx, name); err == nil {
			v.Image = &im
		} else if !errors.Is(err, news.ErrNotFound) {
			return err
		}
	} else {
		v.Image = nil
	}
	if im, problem, err := s.uploadPhoto(r, ""); err != nil {
		return err
	} else if problem != nil {
		v.Errors["photo"] = *problem
	} else if im != nil {
		v.Image = im
	}

	if err := s.keepPicture(r, &v); err != nil {
		return err
	}
	if action == "insert-picture" {
		return s.insertPicture(w, r, sess, v)
	}

	// Someone saved since this form was opened: bring it up to date, field
	// by field, unless both changed the same field.
	merged := false
	if id != 0 && action != "preview" {
		merged = v.Version != cur.Version
		conflicts, err := s.mergeEdit(ctx, &v, cur, r.PostForm, now)
		if err != nil {
			return err
		}
		if len(conflicts) > 0 {
			return s.renderConflicts(w, r, sess, v, conflicts)
		}
	}

	in, stories := s.readEditor(ctx, &v, cur, action, now)
	if _, bad := v.Errors["inline_photo"]; !bad && action != "preview" && pictureDescribed(v) {
		// A save would drop the descriptions typed for a picture not yet inserted.
		v.Errors["inline_photo"] = views.Msg{ID: "ErrPictureNotInserted"}
	}
	if action == "preview" || len(v.Errors) > 0 {
		v.Warnings = pairingWarnings(in)
		status := http.StatusOK
		if len(v.Errors) > 0 {
			status = http.StatusUnprocessableEntity
		} else {
			v.Previews = s.previews(ctx, stories, v.Section, in.Exceptions)
		}
		return s.renderEditor(w, r, sess, status, v)
	}
	kept := action
	if action == "save" && v.Live {
		kept = "update" // the revision list says what readers saw happen
	}
	in.MinorEdit = v.MinorEdit
	newID, _, err := s.desk.SaveEdit(ctx, id, v.Version, in, sess.User.ID, kept)
	if err == nil && markCurrent != "" {
		if err = s.desk.MarkCurrent(ctx, newID, markCurrent, sess.User.ID); err == nil {
			action = "current"
		}
	}
	var fe *news.FieldError
	switch {
	case errors.Is(err, news.ErrConflict):
		// Saved by someone else between the merge and this save.
		latest, err := s.desk.StoryForEdit(ctx, id)
		if err != nil {
			return err
		}
		conflicts, err := s.mergeEdit(ctx, &v, latest, r.PostForm, now)
		if err != nil {
			return err
		}
		return s.renderConflicts(w, r, sess, v, conflicts)
	case errors.As(err, &fe) && fe.Field == "slug":
		// Taken between the check and the save, by someone else's save.
		v.Errors["form"] = views.Msg{ID: "ErrSlugTaken"}
		return s.renderEditor(w, r, sess, http.StatusUnprocessableEntity, v)
	case errors.As(err, &fe):
		v.Errors["form"] = views.Msg{ID: "ErrForm", Data: map[string]any{"Reason": fe.Error()}}
		return s.renderEditor(w, r, sess, http.StatusUnprocessableEntity, v)
	case err != nil:
		return err
	}
	s.Invalidate()
	s.kickTrends() // a term may now find nothing, or something again
	to := views.StoryEditHref(newID) + "?saved=" + action
	if merged {
		to += "&merged=1"
	}
	http.Redirect(w, r, to, http.StatusSeeOther)
	return nil
}

// renderConflicts shows the form merged with the latest version, and
// beside it each field both editors changed: nothing was saved. The form
// now carries the latest version, so saving it again keeps what it shows.
func (s *Server) renderConflicts(w http.ResponseWriter, r *http.Request, sess *newsroomSession, v views.EditorView, conflicts []views.FieldConflict) error {
	v.Conflict = &views.Msg{ID: "ConflictMerged", Data: map[string]any{"Author": "—", "Time": ""}}
	if len(conflicts) == 0 {
		v.Conflict.ID = "ConflictMergedNoClash"
	}
	if revs, err := s.desk.Revisions(r.Context(), v.StoryID); err == nil && len(revs) > 0 {
		if revs[0].Author != "" {
			v.Conflict.Data["Author"] = revs[0].Author
		}
		v.Conflict.Data["Time"] = revs[0].SavedAt.In(s.zone.Load()).Format("15:04:05")
	} else if err != nil {
		return err
	}
	v.Conflicts = conflicts
	return s.renderEditor(w, r, sess, http.StatusConflict, v)
}

// uploadPhoto processes and stores the form's "photo" file, if one was
// sent: nil when none was, a message when it is not a usable photo.
func (s *Server) uploadPhoto(r *http.Request, credit string) (*news.Image, *views.Msg, error) {
	return s.uploadPhotoField(r, "photo", credit)
}

// uploadPhotoField is uploadPhoto for the file input named field.
func (s *Server) uploadPhotoField(r *http.Request, field, credit string) (*news.Image, *views.Msg, error) {
	up := postedPhoto(r, field) // read by parseForm, at most photo.MaxBytes+1
	if up == nil {
		return nil, nil, nil
	}
	pf, err := photo.Process(up.Filename, up.Data)
	switch {
	case errors.Is(err, photo.ErrTooLarge):
		return nil, &views.Msg{ID: "ErrPhotoSize"}, nil
	case errors.Is(err, photo.ErrNotPhoto):
		return nil, &views.Msg{ID: "ErrPhotoType"}, nil
	case err != nil:
		return nil, nil, err
	}
	pf.Credit = credit
	if err := s.desk.SaveImage(r.Context(), pf); err != nil {
		return nil, nil, err
	}
	im := &news.Image{Name: pf.Name, ContentType: pf.ContentType, Width: pf.Width, Height: pf.Height, Credit: credit}
	for _, vr := range pf.Variants {
		im.Widths = append(im.Widths, vr.Width)
	}
	return im, nil, nil
}

// readEditor checks the posted form (already in v) and turns it into a story
// to save, and stories to preview; problems go into v.Errors by field.
func (s *Server) readEditor(ctx context.Context, v *views.EditorView, cur news.StoryEdit, action string, now time.Time) (news.StoryInput, []news.Story) {
	sec, err := s.store.Section(ctx, news.EN, v.Section)
	if err != nil {
		v.Errors["section"] = views.Msg{ID: "ErrSection"}
	}
	var schedule time.Time
	if action == "schedule" {
		t, err := time.ParseInLocation(scheduleLayout, v.ScheduleAt, now.Location())
		if err != nil {
			t, err = time.ParseInLocation("2006-01-02T15:04", v.ScheduleAt, now.Location())
		}
		if err != nil || !t.After(now) {
			v.Errors["schedule_at"] = views.Msg{ID: "ErrScheduleTime"}
		}
		schedule = t
	}
	stored := map[news.Lang]news.TranslationInput{}
	live, scheduled := false, time.Time{}
	for _, t := range cur.Translations {
		stored[t.Lang] = t
		switch news.StatusAt(t.PublishedAt, now) {
		case news.StatusPublished:
			live = true
		case news.StatusScheduled:
			scheduled = t.PublishedAt
		}
	}
	in := news.StoryInput{Key: cur.Key, Section: v.Section, CreateToken: v.CreateToken}
	if v.Image != nil {
		in.LeadImage = v.Image.Name
		in.Images = []news.ImageFile{{Name: v.Image.Name, Credit: v.Credit}}
	}
	// A new section, photo or credit changes every language's page.
	oldCredit := ""
	for _, im := range cur.Images {
		if im.Name == cur.LeadImage {
			oldCredit = im.Credit
		}
	}
	storyChanged := cur.ID != 0 && (cur.Section != in.Section || cur.LeadImage != in.LeadImage || oldCredit != v.Credit)
	goesOut := false
	var previews []news.Story
	for i := range v.Langs {
		lf := &v.Langs[i]
		old, existed := stored[lf.Lang]
		if !existed && lf.Headline == "" && lf.Summary == "" && strings.TrimSpace(lf.Body) == "" && lf.Slug == "" {
			continue // this language is not written yet
		}
		field := lf.Field
		for _, f := range []struct {
			name, value string
			max         int
		}{{"headline", lf.Headline, 300}, {"summary", lf.Summary, 1000}, {"slug", lf.Slug, 120}, {"byline", lf.Byline, 300},
			{"caption", lf.Caption, 1000}, {"alt", lf.Alt, 1000}, {"body", lf.Body, content.MaxBodyChars}} {
			if n := utf8.RuneCountInString(f.value); n > f.max {
				v.Errors[field(f.name)] = views.Msg{ID: "ErrTooLong", Data: map[string]any{"Max": f.max, "Count": n}}
			}
		}
		if lf.Headline == "" {
			v.Errors[field("headline")] = views.Msg{ID: "ErrHeadlineRequired"}
		}
		var body []news.Block
		if _, tooLong := v.Errors[field("body")]; !tooLong {
			// A body over the limit is never parsed, not even for a preview.
			var err error
			if body, err = content.Blocks([]byte(lf.Body)); err != nil {
				v.Errors[field("body")] = bodyError(err)
			}
		}
		for j, b := range body {
			if b.Kind != news.BlockImage {
				continue
			}
			im, err := s.desk.ImageInfo(ctx, b.Image.Name)
			if err != nil {
				v.Errors[field("body")] = views.Msg{ID: "ErrBodyImage", Data: map[string]any{"Name": b.Image.Name}}
				continue
			}
			if strings.TrimSpace(b.Image.Alt) == "" {
				v.Errors[field("body")] = views.Msg{ID: "ErrBodyImageAlt", Data: map[string]any{"Name": b.Image.Name}}
			}
			im.Alt, im.Caption = b.Image.Alt, b.Image.Caption
			body[j].Image = &im
		}
		if v.Image != nil && lf.Alt == "" {
			v.Errors[field("alt")] = views.Msg{ID: "ErrAltRequired"}
		}
		s.checkSlug(ctx, v, lf, cur.ID, in.Translations)
		for _, c := range lf.Conversions {
			rules, err := news.ParseRules(c.Text)
			if err == nil {
				err = s.desk.CheckRules(c.Lang, rules)
			}
			if m, bad := ruleMsg(err); bad {
				v.Errors[lf.ConversionField(c)] = m
			} else if len(rules) > 0 {
				if in.Exceptions == nil {
					in.Exceptions = map[news.Lang][]news.Rule{}
				}
				in.Exceptions[c.Lang] = rules
			}
		}
		t := news.TranslationInput{
			Lang: lf.Lang, Slug: lf.Slug, Headline: lf.Headline, Summary: lf.Summary, Byline: lf.Byline,
			Body: body, Markdown: lf.Body, Caption: lf.Caption, Alt: lf.Alt, Pairs: lf.Pairs,
		}
		t.Held = lf.Hold
		t.PublishedAt = publishTime(action, old.PublishedAt, old.FirstPublishedAt, lf.Hold, live, scheduled, schedule, now)
		t.UpdatedAt = now
		if existed && sameText(old, t) && old.PublishedAt.Equal(t.PublishedAt) && !storyChanged {
			t.UpdatedAt = old.UpdatedAt // nothing changed in this language
		}
		if t.UpdatedAt.Before(t.PublishedAt) {
			t.UpdatedAt = t.PublishedAt // a scheduled story is new when it goes out
		}
		if !t.PublishedAt.IsZero() {
			goesOut = true
		}
		in.Translations = append(in.Translations, t)

		st := news.Story{Card: news.Card{StoryID: cur.ID, Lang: lf.Lang, Slug: t.Slug, Headline: t.Headline, Summary: t.Summary,
			Section: sec, PublishedAt: t.PublishedAt, UpdatedAt: t.UpdatedAt, Byline: t.Byline}, Key: cur.Key, Body: body}
		if st.PublishedAt.IsZero() || st.PublishedAt.After(now) {
			st.PublishedAt, st.UpdatedAt = now, now
		}
		// Readers see dates in UTC; so does the preview.
		st.PublishedAt, st.UpdatedAt = st.PublishedAt.UTC(), st.UpdatedAt.UTC()
		if v.Image != nil {
			im := *v.Image
			im.Caption, im.Alt, im.Credit = t.Caption, t.Alt, v.Credit
			st.Image = &im
		}
		previews = append(previews, st)
	}
	// Pairings are read against the original's blocks as typed.
	orig := in.Original()
	var origBlocks int
	for _, t := range in.Translations {
		if t.Lang == orig {
			origBlocks = len(t.Body)
		}
	}
	for i := range in.Translations {
		t := &in.Translations[i]
		if t.Lang == orig {
			t.Pairs = "" // the original pairs with nothing
			continue
		}
		if _, err := align.Parse(t.Pairs, numberIDs(origBlocks)); err != nil {
			var pe *align.ParseError
			m := views.Msg{ID: "ErrPairs", Data: map[string]any{"Word": 0, "Text": ""}}
			if errors.As(err, &pe) {
				m.Data = map[string]any{"Word": pe.Word, "Text": pe.Text}
			}
			v.Errors[news.Lang(t.Lang).Prefix()+"-pairs"] = m
		}
	}
	if len(in.Translations) == 0 {
		v.Errors[v.Langs[0].Field("headline")] = views.Msg{ID: "ErrNoLanguage"}
	} else if (action == "publish" || action == "schedule") && !goesOut {
		v.Errors["form"] = views.Msg{ID: "ErrAllHeld"}
	}
	if in.Key == "" && len(in.Translations) > 0 {
		in.Key = in.Translations[0].Slug // new story: named after its first language's slug
	}
	return in, previews
}

// bodyError explains why a Markdown body cannot be published, in the
// editor's language.
func bodyError(err error) views.Msg {
	switch {
	case errors.Is(err, content.ErrTooComplex):
		return views.Msg{ID: "ErrBodyComplex"}
	case errors.Is(err, content.ErrEmbedSize):
		return views.Msg{ID: "ErrBodyEmbedSize"}
	case errors.Is(err, content.ErrEmbed):
		return views.Msg{ID: "ErrBodyEmbed"}
	case errors.Is(err, content.ErrCodeBlock):
		return views.Msg{ID: "ErrBodyCode"}
	case errors.Is(err, content.ErrImageName):
		return views.Msg{ID: "ErrBodyImageName"}
	case errors.Is(err, content.ErrUnsupported):
		return views.Msg{ID: "ErrBodyUnsupported"}
	}
	return views.Msg{ID: "ErrBody", Data: map[string]any{"Reason": err.Error()}}
}

// checkSlug makes a slug from the headline when none was typed, and checks
// a typed one: valid, and not used by another story in this language.
func (s *Server) checkSlug(ctx context.Context, v *views.EditorView, lf *views.LangForm, storyID int64, others []news.TranslationInput) {
	if lf.Slug != "" {
		lf.Slug = strings.ToLower(lf.Slug)
		if !news.ValidSlug(lf.Slug) {
			v.Errors[lf.Field("slug")] = views.Msg{ID: "ErrSlugInvalid"}
			return
		}
		if taken, err := s.desk.SlugTaken(ctx, lf.Lang, lf.Slug, storyID); err != nil || taken {
			v.Errors[lf.Field("slug")] = views.Msg{ID: "ErrSlugTaken"}
		}
		return
	}
	base := slug.Make(lf.Lang, lf.Headline)
	if base == "" {
		// Nothing readable in the headline: borrow the other language's slug.
		for _, o := range others {
			base = o.Slug
		}
	}
	if base == "" {
		base = "story-" + strconv.FormatInt(s.cfg.Now().Unix()%1_000_000, 36)
	}
	for n := 1; n < 1000; n++ {
		cand := base
		if n > 1 {
			cand = slug.Next(base, n)
		}
		taken, err := s.desk.SlugTaken(ctx, lf.Lang, cand, storyID)
		if err == nil && !taken {
			lf.Slug = cand
			return
		}
	}
	v.Errors[lf.Field("slug")] = views.Msg{ID: "ErrSlugTaken"}
}

// publishTime decides when one language goes out: keep it unpublished when
// held or unpublishing; otherwise a language already live keeps its time, one
// published before and taken down gets its first time back, and the button
// decides for the rest. Save keeps the story's state: a language
// added to a live story goes live, one added to a scheduled story waits too.
func publishTime(action string, cur, first time.Time, hold, live bool, scheduled, schedule, now time.Time) time.Time {
	if hold || action == "unpublish" {
		return time.Time{}
	}
	isLive := !cur.IsZero() && !cur.After(now)
	switch action {
	case "publish":
		if isLive {
			return cur
		}
		if !first.IsZero() {
			return first // put back after being taken down: it keeps its date
		}
		return now
	case "schedule":
		if isLive {
			return cur
		}
		return schedule
	}
	switch {
	case !cur.IsZero():
		return cur
	case live && !first.IsZero():
		return first // released again: it keeps its date, as with Publish
	case live:
		return now
	case !scheduled.IsZero():
		return scheduled
	}
	return time.Time{}
}

func sameText(a, b news.TranslationInput) bool {
	return a.Slug == b.Slug && a.Headline == b.Headline && a.Summary == b.Summary && a.Byline == b.Byline &&
		a.Markdown == b.Markdown && a.Caption == b.Caption && a.Alt == b.Alt
}

// previews renders each language's story with the same component readers
// get, in that language's own words, with embeds as unconsented readers see them.
func (s *Server) previews(ctx context.Context, stories []news.Story, section string, exceptions map[news.Lang][]news.Rule) []views.Preview {
	var out []views.Preview
	for _, st := range stories {
		if sec, err := s.store.Section(ctx, st.Lang, section); err == nil {
			st.Section = sec
		}
		out = append(out, s.preview(st, views.Preview{Lang: st.Lang}))
		// Each edition converted from this language, with the words the
		// conversion changed listed above it.
		for _, e := range news.Editions {
			if e.From != st.Lang {
				continue
			}
			conv, changes, err := s.desk.PreviewConversion(e.Lang, st, exceptions[e.Lang])
			if err != nil {
				s.log.Error("preview conversion", "edition", e.Lang, "err", err)
				continue
			}
			if sec, err := s.store.Section(ctx, e.Lang, section); err == nil {
				conv.Section = sec
			}
			out = append(out, s.preview(conv, views.Preview{Lang: e.Lang, Converted: true, Changes: changes}))
		}
	}
	return out
}

// preview renders a story as readers of its edition will see it, into pr.
func (s *Server) preview(st news.Story, pr views.Preview) views.Preview {
	lang := st.Lang
	// The story may not be out: its pictures come from the newsroom's own address.
	p := views.Page{Lang: lang, Path: "/newsroom/", Media: views.NewsroomMedia}
	comp := views.StoryArticle(p, st)
	pr.Component = templ.ComponentFunc(func(ctx context.Context, w io.Writer) error {
		return comp.Render(s.localize(ctx, lang), w)
	})
	return pr
}

func (s *Server) revisions(w http.ResponseWriter, r *http.Request, sess *newsroomSession) error {
	e, err := s.storyToEdit(r)
	if err != nil {
		return err
	}
	id := e.ID
	revs, err := s.desk.Revisions(r.Context(), id)
	if err != nil {
		return err
	}
	headline := e.Key
	lang := s.readerLang(r)
	for _, t := range e.Translations {
		if headline == e.Key || t.Lang == lang {
			headline = t.Headline
		}
	}
	p := s.newsroomPage(r, sess, s.t(r, "EditorRevisions"))
	return s.renderNewsroom(w, r, http.StatusOK, views.RevisionsPage(p, views.RevisionsView{StoryID: id, Headline: headline, Revisions: revs}))
}

// revisionToShow loads the story named by the {id} path segment and its
// revision named by {rev}, as it was written.
func (s *Server) revisionToShow(r *http.Request) (news.StoryEdit, news.StoryInput, news.Revision, error) {
	revID, err := strconv.ParseInt(r.PathValue("rev"), 10, 64)
	if err != nil {
		return news.StoryEdit{}, news.StoryInput{}, news.Revision{}, news.ErrNotFound
	}
	e, err := s.storyToEdit(r)
	if err != nil {
		return e, news.StoryInput{}, news.Revision{}, err
	}
	in, rev, err := s.desk.Revision(r.Context(), e.ID, revID)
	return e, in, rev, err
}

// restoreRevision opens an earlier version in the editor; nothing changes
// until the editor saves it.
func (s *Server) restoreRevision(w http.ResponseWriter, r *http.Request, sess *newsroomSession) error {
	e, in, rev, err := s.revisionToShow(r)
	if err != nil {
		return err
	}
	v := editorFromStory(e, in, s.siteNow())
	if in.LeadImage != "" {
		if im, err := s.desk.ImageInfo(r.Context(), in.LeadImage); err == nil {
			v.Image = &im
		} else {
			v.Image = nil // the photo is gone from the library
		}
	}
	v.Restoring = &rev
	return s.renderEditor(w, r, sess, http.StatusOK, v)
}
