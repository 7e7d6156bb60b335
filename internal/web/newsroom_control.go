package web

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"broadsheet/internal/news"
	"broadsheet/internal/store"
	"broadsheet/views"
)

// ControlStore is what editorial control needs from the database: the
// front page's arrangement, deleting, and telling withdrawn stories apart.
type ControlStore interface {
	FrontPicks(ctx context.Context) (lead int64, top []int64, err error)
	ArrangeFront(ctx context.Context, change func(lead int64, top []int64) (int64, []int64, error)) error
	FrontCandidates(ctx context.Context, lang news.Lang, limit int) ([]news.DeskItem, error)
	DeskItems(ctx context.Context, lang news.Lang, ids []int64) ([]news.DeskItem, error)
	Withdrawn(ctx context.Context, lang news.Lang, slug string) (bool, error)
	DeleteDraft(ctx context.Context, id int64) error
	ImageUses(ctx context.Context, name string) (store.ImageUse, error)
	DeleteImage(ctx context.Context, name string) error
}

const frontCandidates = 30

func (s *Server) controlRoutes(mux *http.ServeMux) {
	mux.Handle("GET /newsroom/front", s.newsroomHandler(false, s.frontDesk))
	mux.Handle("POST /newsroom/front", s.newsroomHandler(false, s.arrangeFront))
	mux.Handle("GET /newsroom/stories/{id}/withdraw/{lang}", s.newsroomHandler(false, s.withdrawLang))
	mux.Handle("POST /newsroom/stories/{id}/withdraw/{lang}", s.newsroomHandler(false, s.withdrawLang))
	mux.Handle("GET /newsroom/stories/{id}/delete", s.newsroomHandler(false, s.deleteStory))
	mux.Handle("POST /newsroom/stories/{id}/delete", s.newsroomHandler(false, s.deleteStory))
	mux.Handle("GET /newsroom/photos/{name}/delete", s.newsroomHandler(false, s.deletePhoto))
	mux.Handle("POST /newsroom/photos/{name}/delete", s.newsroomHandler(false, s.deletePhoto))
	mux.Handle("GET /newsroom/stories/{id}/revisions/{rev}/changes", s.newsroomHandler(false, s.revisionChanges))
}

// frontDesk shows the front page as arranged, and the stories to pick from.
func (s *Server) frontDesk(w http.ResponseWriter, r *http.Request, sess *newsroomSession) error {
	var v views.FrontDeskView
	if r.URL.Query().Get("saved") == "1" {
		v.Notice = &views.Msg{ID: "FrontSaved"}
	}
	return s.renderFrontDesk(w, r, sess, http.StatusOK, v)
}

func (s *Server) renderFrontDesk(w http.ResponseWriter, r *http.Request, sess *newsroomSession, status int, v views.FrontDeskView) error {
	ctx := r.Context()
	lang := s.readerLang(r).Written()
	lead, top, err := s.control.FrontPicks(ctx)
	if err != nil {
		return err
	}
	picked, err := s.control.DeskItems(ctx, lang, append([]int64{lead}, top...))
	if err != nil {
		return err
	}
	shown := map[int64]bool{}
	for _, it := range picked {
		shown[it.StoryID] = true
		if it.StoryID == lead {
			v.Lead = &it
		} else {
			v.Top = append(v.Top, it)
		}
	}
	cands, err := s.control.FrontCandidates(ctx, lang, frontCandidates)
	if err != nil {
		return err
	}
	for _, it := range cands {
		if !shown[it.StoryID] {
			v.Candidates = append(v.Candidates, it)
		}
	}
	v.Max = store.MaxTopStories
	v.Full = len(top) >= store.MaxTopStories
	p := s.newsroomPage(r, sess, s.t(r, "FrontDeskTitle"))
	p.Nav = "front"
	return s.renderNewsroom(w, r, status, views.FrontDeskPage(p, v))
}

// arrangeFront applies one button of the front page's desk: pin as lead,
// add to the top stories, move up or down, or take off.
func (s *Server) arrangeFront(w http.ResponseWriter, r *http.Request, sess *newsroomSession) error {
	ctx := r.Context()
	id, err := strconv.ParseInt(r.PostFormValue("story"), 10, 64)
	if err != nil || id <= 0 {
		return errBadRequest
	}
	action := r.PostFormValue("action")
	if !slices.Contains([]string{"lead", "top", "up", "down", "remove"}, action) {
		return errBadRequest
	}
	// The change is made to the arrangement as it is when it is written,
	// not as this editor's page showed it.
	err = s.control.ArrangeFront(ctx, func(lead int64, top []int64) (int64, []int64, error) {
		at := slices.Index(top, id)
		switch action {
		case "lead":
			if at >= 0 {
				top = slices.Delete(top, at, at+1)
			}
			lead = id
		case "top":
			if at >= 0 {
				break
			}
			if len(top) >= store.MaxTopStories {
				return 0, nil, errFrontFull
			}
			if lead == id {
				lead = 0
			}
			top = append(top, id)
		case "up":
			if at > 0 {
				top[at-1], top[at] = top[at], top[at-1]
			}
		case "down":
			if at >= 0 && at < len(top)-1 {
				top[at+1], top[at] = top[at], top[at+1]
			}
		case "remove":
			if lead == id {
				lead = 0
			}
			if at >= 0 {
				top = slices.Delete(top, at, at+1)
			}
		}
		return lead, top, nil
	})
	switch {
	case errors.Is(err, errFrontFull):
		return s.renderFrontDesk(w, r, sess, http.StatusUnprocessableEntity, views.FrontDeskView{
			Error: &views.Msg{ID: "ErrFrontFull", Data: map[string]any{"Max": store.MaxTopStories}}})
	case errors.Is(err, news.ErrNotFound):
		return s.renderFrontDesk(w, r, sess, http.StatusUnprocessableEntity, views.FrontDeskView{Error: &views.Msg{ID: "ErrFrontGone"}})
	case err != nil:
		return err
	}
	s.Invalidate() // every edition's front page, at once
	http.Redirect(w, r, "/newsroom/front?saved=1", http.StatusSeeOther)
	return nil
}

// errFrontFull: the top stories are as many as the front page shows.
var errFrontFull = errors.New("front page full")

// langName is a language's name in the newsroom's own language.
func (s *Server) langName(r *http.Request, l news.Lang) string {
	return s.t(r, views.LanguageID(l))
}

// editionName is an edition's name in the newsroom's language, when the
// locales have one (EditionName_zh_hant), else in its own.
func (s *Server) editionName(r *http.Request, e news.Edition) string {
	id := "EditionName_" + strings.ReplaceAll(e.Prefix, "-", "_")
	if name := s.t(r, id); name != id {
		return name
	}
	return e.Name
}

// withdrawLang takes one language of a story off the site, after a
// confirmation that names what readers lose; the others stay. The language
// is held, so a later save of the story does not put it back by accident.
func (s *Server) withdrawLang(w http.ResponseWriter, r *http.Request, sess *newsroomSession) error {
	e, err := s.storyToEdit(r)
	if err != nil {
		return err
	}
	lang, ok := news.LangFromPrefix(r.PathValue("lang"))
	if !ok || !lang.Valid() {
		return news.ErrNotFound
	}
	now := s.cfg.Now()
	i := slices.IndexFunc(e.Translations, func(t news.TranslationInput) bool { return t.Lang == lang })
	name := s.langName(r, lang)
	back := views.StoryEditHref(e.ID)
	heading := map[string]any{"Language": name}
	p := s.newsroomPage(r, sess, s.translator(s.readerLang(r)).TD("WithdrawHeading", heading))
	notLive := func() error {
		return s.renderNewsroom(w, r, http.StatusConflict, views.ConfirmPage(p, views.ConfirmView{
			Heading: views.Msg{ID: "WithdrawHeading", Data: heading},
			Refusal: &views.Msg{ID: "WithdrawNotLive", Data: heading}, Back: back}))
	}
	if i < 0 || news.StatusAt(e.Translations[i].PublishedAt, now) != news.StatusPublished {
		return notLive()
	}
	if r.Method != http.MethodPost {
		return s.renderNewsroom(w, r, http.StatusOK, views.ConfirmPage(p, s.withdrawView(r, e, i, now)))
	}
	version, err := strconv.Atoi(r.PostFormValue("version"))
	if err != nil {
		return errBadRequest
	}
	e.Translations[i].PublishedAt, e.Translations[i].Held = time.Time{}, true
	_, _, err = s.desk.SaveEdit(r.Context(), e.ID, version, e.StoryInput, sess.User.ID, "withdraw-"+lang.Prefix())
	if errors.Is(err, news.ErrConflict) {
		// Saved by someone since the confirmation was shown (or it was
		// stale): ask again about the story as it now is.
		if e, err = s.storyToEdit(r); err != nil {
			return err
		}
		i = slices.IndexFunc(e.Translations, func(t news.TranslationInput) bool { return t.Lang == lang })
		if i < 0 || news.StatusAt(e.Translations[i].PublishedAt, now) != news.StatusPublished {
			return notLive()
		}
		v := s.withdrawView(r, e, i, now)
		v.Error = &views.Msg{ID: "ErrChangedSince"}
		return s.renderNewsroom(w, r, http.StatusConflict, views.ConfirmPage(p, v))
	}
	if err != nil {
		return err
	}
	s.Invalidate()
	s.kickTrends()
	http.Redirect(w, r, back+"?saved=withdrawn", http.StatusSeeOther)
	return nil
}

// withdrawView is the take-down's confirmation: what readers of the
// language lose, what goes with it, and what stays.
func (s *Server) withdrawView(r *http.Request, e news.StoryEdit, i int, now time.Time) views.ConfirmView {
	t := e.Translations[i]
	lang, name := t.Lang, s.langName(r, t.Lang)
	v := views.ConfirmView{
		Heading: views.Msg{ID: "WithdrawHeading", Data: map[string]any{"Language": name}},
		Action:  r.URL.Path,
		Version: e.Version,
		Button:  views.Msg{ID: "WithdrawButton", Data: map[string]any{"Language": name}},
		Back:    views.StoryEditHref(e.ID),
		Lines: []views.Msg{
			{ID: "WithdrawLoses", Data: map[string]any{"Language": name, "Headline": t.Headline,
				"URL": s.cfg.BaseURL + views.StoryHref(lang, t.Slug)}},
			{ID: "WithdrawNotice"},
		},
	}
	for _, ed := range news.Editions {
		if ed.From == lang {
			v.Lines = append(v.Lines, views.Msg{ID: "WithdrawConverted", Data: map[string]any{"Edition": s.editionName(r, ed)}})
		}
	}
	var stay []string
	for _, o := range e.Translations {
		if o.Lang != lang && news.StatusAt(o.PublishedAt, now) == news.StatusPublished {
			stay = append(stay, s.langName(r, o.Lang))
		}
	}
	if len(stay) > 0 {
		v.Lines = append(v.Lines, views.Msg{ID: "WithdrawOthersStay", Data: map[string]any{"Languages": strings.Join(stay, ", ")}})
	} else {
		v.Lines = append(v.Lines, views.Msg{ID: "WithdrawNothingLeft"})
	}
	return v
}

// storyTitle is a story's headline in the newsroom's language, else its first.
func storyTitle(e news.StoryEdit, lang news.Lang) string {
	title := e.Key
	for i, t := range e.Translations {
		if i == 0 || t.Lang == lang {
			title = t.Headline
		}
	}
	return title
}

// deleteStory deletes a draft that never went out, after a confirmation;
// a story readers have seen is refused, with the reason.
func (s *Server) deleteStory(w http.ResponseWriter, r *http.Request, sess *newsroomSession) error {
	e, err := s.storyToEdit(r)
	if err != nil {
		return err
	}
	title := storyTitle(e, s.readerLang(r).Written())
	p := s.newsroomPage(r, sess, s.t(r, "DeleteStoryTitle"))
	v := views.ConfirmView{
		Heading: views.Msg{ID: "DeleteStoryTitle"},
		Action:  r.URL.Path,
		Lines:   []views.Msg{{ID: "DeleteStoryLoses", Data: map[string]any{"Headline": title}}},
		Button:  views.Msg{ID: "DeleteStoryButton"},
		Back:    views.StoryEditHref(e.ID),
		Danger:  true,
	}
	for _, t := range e.Translations {
		switch {
		case !t.FirstPublishedAt.IsZero() || news.StatusAt(t.PublishedAt, s.cfg.Now()) == news.StatusPublished:
			v.Refusal = &views.Msg{ID: "DeleteStoryRefused"}
		case !t.PublishedAt.IsZero() && v.Refusal == nil:
			v.Refusal = &views.Msg{ID: "DeleteStoryScheduled"}
		}
	}
	if v.Refusal != nil {
		return s.renderNewsroom(w, r, http.StatusConflict, views.ConfirmPage(p, v))
	}
	if r.Method != http.MethodPost {
		return s.renderNewsroom(w, r, http.StatusOK, views.ConfirmPage(p, v))
	}
	err = s.control.DeleteDraft(r.Context(), e.ID)
	if errors.Is(err, store.ErrPublished) {
		// Published between the confirmation and the click.
		v.Refusal = &views.Msg{ID: "DeleteStoryRefused"}
		return s.renderNewsroom(w, r, http.StatusConflict, views.ConfirmPage(p, v))
	}
	if err != nil {
		return err
	}
	s.Invalidate()
	p.Title = s.t(r, "DeleteDoneTitle")
	return s.renderNewsroom(w, r, http.StatusOK, views.NewsroomMessagePage(p,
		views.Msg{ID: "DeleteStoryDone", Data: map[string]any{"Headline": title}}))
}

// deletePhoto deletes a picture no story or revision uses, after a
// confirmation; one in use is refused, naming where it is used.
func (s *Server) deletePhoto(w http.ResponseWriter, r *http.Request, sess *newsroomSession) error {
	ctx := r.Context()
	name := r.PathValue("name")
	im, err := s.desk.ImageInfo(ctx, name)
	if err != nil {
		return err
	}
	p := s.newsroomPage(r, sess, s.t(r, "DeletePhotoTitle"))
	p.Nav = "photos"
	v := views.ConfirmView{
		Heading: views.Msg{ID: "DeletePhotoTitle"},
		Action:  r.URL.Path,
		Lines:   []views.Msg{{ID: "DeletePhotoLoses", Data: map[string]any{"Name": im.Name}}},
		Button:  views.Msg{ID: "DeletePhotoButton"},
		Back:    "/newsroom/photos",
		Image:   &im,
		Danger:  true,
	}
	refuse := func(u store.ImageUse) error {
		if len(u.Stories) > 0 {
			v.Refusal = &views.Msg{ID: "DeletePhotoInUse", Data: map[string]any{"Stories": strings.Join(u.Stories, ", ")}}
		} else {
			v.Refusal = &views.Msg{ID: "DeletePhotoInRevision"}
		}
		return s.renderNewsroom(w, r, http.StatusConflict, views.ConfirmPage(p, v))
	}
	u, err := s.control.ImageUses(ctx, name)
	if err != nil {
		return err
	}
	if u.InUse() {
		return refuse(u)
	}
	if r.Method != http.MethodPost {
		return s.renderNewsroom(w, r, http.StatusOK, views.ConfirmPage(p, v))
	}
	if err := s.control.DeleteImage(ctx, name); errors.Is(err, store.ErrImageInUse) {
		u, _ := s.control.ImageUses(ctx, name) // put in a story since the confirmation
		return refuse(u)
	} else if err != nil {
		return err
	}
	s.Invalidate()
	p.Title = s.t(r, "DeleteDoneTitle")
	return s.renderNewsroom(w, r, http.StatusOK, views.NewsroomMessagePage(p,
		views.Msg{ID: "DeletePhotoDone", Data: map[string]any{"Name": name}}))
}

// errGone answers a story that was published and has been withdrawn.
var errGone = &httpError{http.StatusGone, "withdrawn"}

// goneOrNotFound tells a withdrawn story's address (410) from one that
// never had a published story (404).
func (s *Server) goneOrNotFound(ctx context.Context, lang news.Lang, slug string) error {
	if s.control == nil {
		return news.ErrNotFound
	}
	gone, err := s.control.Withdrawn(ctx, lang, slug)
	switch {
	case err != nil:
		return err
	case gone:
		return errGone
	}
	return news.ErrNotFound
}
