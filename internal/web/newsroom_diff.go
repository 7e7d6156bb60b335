package web

import (
	"net/http"
	"slices"
	"time"

	"broadsheet/internal/news"
	"broadsheet/internal/textdiff"
	"broadsheet/views"
)

// revisionChanges shows what a revision changed against the one saved
// before it, per language and field, with a button that opens it in the
// editor to restore.
func (s *Server) revisionChanges(w http.ResponseWriter, r *http.Request, sess *newsroomSession) error {
	ctx := r.Context()
	e, in, rev, err := s.revisionToShow(r)
	if err != nil {
		return err
	}
	revs, err := s.desk.Revisions(ctx, e.ID) // newest first
	if err != nil {
		return err
	}
	v := views.DiffView{StoryID: e.ID, Headline: storyTitle(e, s.readerLang(r).Written()), Revision: rev}
	var before news.StoryInput
	if i := slices.IndexFunc(revs, func(rv news.Revision) bool { return rv.ID == rev.ID }); i >= 0 && i+1 < len(revs) {
		prev := revs[i+1]
		if before, _, err = s.desk.Revision(ctx, e.ID, prev.ID); err != nil {
			return err
		}
		v.Previous = &prev
	}
	v.Story = diffStory(before, in)
	v.Langs = diffLangs(before, in)
	// What readers saw change: each language's status when each was saved.
	status := func(in news.StoryInput, l news.Lang, at time.Time) string {
		for _, t := range in.Translations {
			if t.Lang == l {
				// SavedAt is kept to the second, PublishedAt finer.
				return s.t(r, views.StatusLabel(news.StatusAt(t.PublishedAt.Truncate(time.Second), at)))
			}
		}
		return ""
	}
	var beforeAt time.Time
	if v.Previous != nil {
		beforeAt = v.Previous.SavedAt
	}
	for _, l := range news.Langs {
		a, b := status(before, l, beforeAt), status(in, l, rev.SavedAt)
		if a == b {
			continue
		}
		fd := views.FieldDiff{LabelID: "DiffStatus", Parts: changedWhole(a, b)}
		i := slices.IndexFunc(v.Langs, func(ld views.LangDiff) bool { return ld.Lang == l })
		if i < 0 {
			v.Langs = append(v.Langs, views.LangDiff{Lang: l})
			i = len(v.Langs) - 1
		}
		v.Langs[i].Fields = append([]views.FieldDiff{fd}, v.Langs[i].Fields...)
	}
	slices.SortStableFunc(v.Langs, func(a, b views.LangDiff) int {
		return slices.Index(news.Langs, a.Lang) - slices.Index(news.Langs, b.Lang)
	})
	p := s.newsroomPage(r, sess, s.t(r, "RevisionChanges"))
	return s.renderNewsroom(w, r, http.StatusOK, views.RevisionChangesPage(p, v))
}

// changedWhole shows a value replaced as a whole: a name, not prose.
func changedWhole(a, b string) []views.DiffPart {
	var parts []views.DiffPart
	if a != "" {
		parts = append(parts, views.DiffPart{Op: views.DiffDelete, Text: a})
	}
	if a != "" && b != "" {
		parts = append(parts, views.DiffPart{Op: views.DiffEqual, Text: " → "})
	}
	if b != "" {
		parts = append(parts, views.DiffPart{Op: views.DiffInsert, Text: b})
	}
	return parts
}

// diffStory lists what changed for the whole story: its section and lead photo.
func diffStory(before, after news.StoryInput) []views.FieldDiff {
	var out []views.FieldDiff
	if before.Section != after.Section {
		out = append(out, views.FieldDiff{LabelID: "EditorSection", Parts: changedWhole(before.Section, after.Section)})
	}
	if before.LeadImage != after.LeadImage {
		out = append(out, views.FieldDiff{LabelID: "EditorPhoto", Parts: changedWhole(before.LeadImage, after.LeadImage)})
	}
	return out
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
