package web

import (
	"net/http"
	"strconv"

	"broadsheet/internal/news"
	"broadsheet/internal/textdiff"
	"broadsheet/views"
)

// revisionChanges shows what a revision changed against the one saved
// before it, per language and field, with a button that opens it in the
// editor to restore.
func (s *Server) revisionChanges(w http.ResponseWriter, r *http.Request, sess *newsroomSession) error {
	ctx := r.Context()
	revID, err := strconv.ParseInt(r.PathValue("rev"), 10, 64)
	if err != nil {
		return news.ErrNotFound
	}
	e, err := s.storyToEdit(r)
	if err != nil {
		return err
	}
	in, rev, err := s.desk.Revision(ctx, e.ID, revID)
	if err != nil {
		return err
	}
	revs, err := s.desk.Revisions(ctx, e.ID) // newest first
	if err != nil {
		return err
	}
	v := views.DiffView{StoryID: e.ID, Headline: storyTitle(e, s.readerLang(r).Written()), Revision: rev}
	var before news.StoryInput
	for i, rv := range revs {
		if rv.ID == rev.ID && i+1 < len(revs) {
			prev := revs[i+1]
			if before, _, err = s.desk.Revision(ctx, e.ID, prev.ID); err != nil {
				return err
			}
			v.Previous = &prev
		}
	}
	v.Langs = diffLangs(before, in)
	p := s.newsroomPage(r, sess, s.t(r, "RevisionChanges"))
	return s.renderNewsroom(w, r, http.StatusOK, views.RevisionChangesPage(p, v))
}

// diffLangs lists, for each language either version has, the fields that
// differ, compared by words in English and by characters in Chinese.
func diffLangs(before, after news.StoryInput) []views.LangDiff {
	find := func(in news.StoryInput, l news.Lang) news.TranslationInput {
		for _, t := range in.Translations {
			if t.Lang == l {
				return t
			}
		}
		return news.TranslationInput{}
	}
	var out []views.LangDiff
	for _, l := range news.Langs {
		a, b := find(before, l), find(after, l)
		compare := textdiff.Words
		if l.Chinese() {
			compare = textdiff.Chars
		}
		ld := views.LangDiff{Lang: l}
		for _, f := range []struct {
			label  string
			va, vb string
		}{
			{"EditorHeadline", a.Headline, b.Headline},
			{"EditorSummary", a.Summary, b.Summary},
			{"EditorSlug", a.Slug, b.Slug},
			{"EditorByline", a.Byline, b.Byline},
			{"EditorBody", a.Markdown, b.Markdown},
			{"EditorCaption", a.Caption, b.Caption},
			{"EditorAlt", a.Alt, b.Alt},
		} {
			if f.va == f.vb {
				continue
			}
			fd := views.FieldDiff{LabelID: f.label}
			for _, part := range compare(f.va, f.vb) {
				fd.Parts = append(fd.Parts, views.DiffPart{Op: views.DiffOp(part.Op), Text: part.Text})
			}
			ld.Fields = append(ld.Fields, fd)
		}
		if len(ld.Fields) > 0 {
			out = append(out, ld)
		}
	}
	return out
}
