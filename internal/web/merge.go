package web

import (
	"context"
	"errors"
	"net/url"
	"strings"
	"time"

	"broadsheet/internal/merge"
	"broadsheet/internal/news"
	"broadsheet/views"
)

// Two people editing one story — typically an editor on the English and a
// translator on the Chinese — each send the whole form. When the story was
// saved by someone else after an editor opened it, the editor's form is
// merged into the latest version field by field, three ways: against the
// version the editor started from (kept in the revisions). A field only one
// side changed takes that side's value, so neither save reverts the other.
// A field both changed, differently, is a conflict: nothing is saved and
// the editor sees both versions side by side and chooses.

// formFields are an editor form's values by field name, as the form sends
// them: what merging compares. Statuses and previews are not fields.
func formFields(v views.EditorView) map[string]string {
	f := map[string]string{"section": v.Section, "credit": v.Credit, "image": ""}
	if v.Image != nil {
		f["image"] = v.Image.Name
	}
	for _, l := range v.Langs {
		for name, value := range map[string]string{
			"headline": l.Headline, "summary": l.Summary, "slug": l.Slug, "byline": l.Byline,
			"body": l.Body, "caption": l.Caption, "alt": l.Alt, "pairs": l.Pairs, "hold": "",
		} {
			f[l.Field(name)] = value
		}
		if l.Hold {
			f[l.Field("hold")] = "1"
		}
		for _, c := range l.Conversions {
			f[l.ConversionField(c)] = c.Text
		}
	}
	return f
}

// setFormFields puts values (by field name, as formFields gives them) into
// the form. The photo is looked up by the caller: only its name is here.
func setFormFields(v *views.EditorView, f map[string]string) {
	v.Section, v.Credit = f["section"], f["credit"]
	for i := range v.Langs {
		l := &v.Langs[i]
		get := func(name string) string { return f[l.Field(name)] }
		l.Headline, l.Summary, l.Slug, l.Byline = get("headline"), get("summary"), get("slug"), get("byline")
		l.Body, l.Caption, l.Alt, l.Pairs = get("body"), get("caption"), get("alt"), get("pairs")
		l.Hold = get("hold") == "1"
		for j := range l.Conversions {
			l.Conversions[j].Text = f[l.ConversionField(l.Conversions[j])]
		}
	}
}

// sameField compares two values of a field as the store would keep them:
// surrounding space and line endings do not count.
func sameField(a, b string) bool {
	return strings.TrimSpace(strings.ReplaceAll(a, "\r\n", "\n")) == strings.TrimSpace(strings.ReplaceAll(b, "\r\n", "\n"))
}

// mergeFields merges mine into theirs, both edited from base. It returns
// the merged values and the fields both sides changed differently (which
// keep mine); bodies merge paragraph by paragraph first. With no base (its
// revision is gone) every difference is a conflict.
func mergeFields(base, mine, theirs map[string]string) (map[string]string, []string) {
	merged := make(map[string]string, len(mine))
	var conflicts []string
	for k, m := range mine {
		t, b := theirs[k], base[k]
		switch {
		case sameField(m, t):
			merged[k] = m
		case base != nil && sameField(m, b):
			merged[k] = t // only they changed it
		case base != nil && sameField(t, b):
			merged[k] = m // only I changed it
		case base != nil && strings.HasSuffix(k, "-body"):
			// A body both changed still merges when they changed
			// different paragraphs.
			p, ok := merge.Paragraphs(b, m, t)
			if ok {
				merged[k] = p
				break
			}
			merged[k] = m
			conflicts = append(conflicts, k)
		default:
			merged[k] = m
			conflicts = append(conflicts, k)
		}
	}
	return merged, conflicts
}

// mergeEdit brings the form v, opened at version v.Version, up to the
// latest stored version cur: v ends with the merged fields and cur's
// version, and the returned conflicts name the fields both changed. form
// is the request's form: a field the editor chose to take from the latest
// version ("take-" + name, offered with an earlier conflict) takes it.
func (s *Server) mergeEdit(ctx context.Context, v *views.EditorView, cur news.StoryEdit, form url.Values, now time.Time) ([]views.FieldConflict, error) {
	latest := editorFromStory(cur, cur.StoryInput, now)
	theirs := formFields(latest)
	mine := formFields(*v)
	for k := range mine {
		if form.Get("take-"+k) == "1" {
			mine[k] = theirs[k]
		}
	}
	var base map[string]string
	if v.Version == cur.Version {
		base = theirs
	} else if in, err := s.desk.RevisionAt(ctx, cur.ID, v.Version); err == nil {
		// Built as the form was then: statuses from the revision's own
		// times, so a draft beside a live language shows held as it did.
		base = formFields(editorFromStory(news.StoryEdit{StoryInput: in}, in, now))
	} else if !errors.Is(err, news.ErrNotFound) {
		return nil, err
	}
	merged, names := mergeFields(base, mine, theirs)
	typed := ""
	if v.Image != nil {
		typed = v.Image.Name
	}
	setFormFields(v, merged)
	if merged["image"] != typed {
		v.Image = latest.Image
	}
	v.Version = cur.Version
	return conflictsInOrder(*v, names, mine, theirs), nil
}

// conflictsInOrder lists the conflicting fields as the form shows them,
// each labelled as it is there.
func conflictsInOrder(v views.EditorView, names []string, mine, theirs map[string]string) []views.FieldConflict {
	in := map[string]bool{}
	for _, n := range names {
		in[n] = true
	}
	var out []views.FieldConflict
	add := func(field string, lang news.Lang, label views.Msg) {
		if in[field] {
			out = append(out, views.FieldConflict{Field: field, Lang: lang, Label: label, Mine: mine[field], Theirs: theirs[field]})
		}
	}
	add("section", "", views.Msg{ID: "EditorSection"})
	add("image", "", views.Msg{ID: "EditorPhoto"})
	add("credit", "", views.Msg{ID: "EditorCredit"})
	for _, l := range v.Langs {
		for _, f := range []struct{ name, label string }{
			{"headline", "EditorHeadline"}, {"summary", "EditorSummary"}, {"slug", "EditorSlug"}, {"byline", "EditorByline"},
			{"body", "EditorBody"}, {"caption", "EditorCaption"}, {"alt", "EditorAlt"}, {"pairs", "ConflictFieldPairs"},
		} {
			add(l.Field(f.name), l.Lang, views.Msg{ID: f.label})
		}
		for _, c := range l.Conversions {
			add(l.ConversionField(c), l.Lang, views.Msg{ID: "EditorExceptions", Data: map[string]any{"Edition": c.Lang.Edition().Name}})
		}
		add(l.Field("hold"), l.Lang, views.Msg{ID: "EditorHold"})
	}
	return out
}
