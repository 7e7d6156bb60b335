package web

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"time"

	"github.com/a-h/templ"

	"broadsheet/internal/align"
	"broadsheet/internal/news"
	"broadsheet/views"
)

// bilingual serves /{edition}/story/{slug}/bilingual: the story beside its
// version in the other written language, led by the page's edition.
// ?show=tap shows the lead language with the other a paragraph at a time.
func (s *Server) bilingual(w http.ResponseWriter, r *http.Request, lang news.Lang) error {
	slug := r.PathValue("slug")
	if !news.ValidSlug(slug) {
		return news.ErrNotFound
	}
	tap := r.URL.Query().Get("show") == "tap"
	r.URL.RawQuery = ""
	if tap {
		r.URL.RawQuery = "show=tap"
	}
	return s.page(w, r, lang, func(ctx context.Context, p *views.Page, lastMod *time.Time) (templ.Component, int, error) {
		lead, err := s.store.Story(ctx, lang, slug)
		if err != nil {
			return nil, 0, err
		}
		otherSlug, ok := lead.Translations[lang.Counterpart()]
		if !ok {
			return nil, 0, news.ErrNotFound // nothing to read beside it
		}
		other, err := s.store.Story(ctx, lang.Counterpart(), otherSlug)
		if errors.Is(err, news.ErrNotFound) {
			return nil, 0, news.ErrNotFound
		} else if err != nil {
			return nil, 0, err
		}
		v := bilingualView(lead, other)
		v.Tap = tap && !v.Sequential
		self := views.StoryHref(lang, slug) + "/bilingual"
		v.PairsHref, v.TapHref = self, self+"?show=tap"
		// The other language leads on its own edition's bilingual page; a
		// converted edition's reader is led to English and back to it.
		v.SwitchHref = views.StoryHref(other.Lang, other.Slug) + "/bilingual"
		p.Title = lead.Headline
		p.Description = lead.Summary
		p.NoIndex = true
		p.Current = lead.Section.Key
		paths := map[news.Lang]string{}
		for l, sl := range news.WithConverted(lead.Translations) {
			paths[l] = views.StoryHref(l, sl) + "/bilingual"
		}
		p.Menu = menu(paths)
		*lastMod = newest([]news.Card{lead.Card, other.Card})
		return views.BilingualPage(*p, v), http.StatusOK, nil
	})
}

// bilingualView pairs the blocks of lead and other through the
// translation's pairing with its original; a pairing that cannot be trusted
// makes the page show the two texts one after the other.
func bilingualView(lead, other news.Story) views.BilingualView {
	v := views.BilingualView{Lead: lead, Other: other}
	orig, tr := lead, other
	if lead.Lang.Written() != lead.Original {
		orig, tr = other, lead
	}
	ids := make([]string, len(orig.Body))
	for i, b := range orig.Body {
		ids[i] = b.ID
	}
	res := align.Pairs(ids, orig.Body, tr.Body, tr.Pairing)
	if !res.OK() {
		v.Sequential = true
		return v
	}
	var changed []string
	if tr.Outdated != nil {
		changed = tr.Outdated.Changed
	}
	leadIsOrig := orig.Lang == lead.Lang
	for _, row := range res.Rows {
		var br views.BilingualRow
		var ob, tb []news.Block
		for _, i := range row.Src {
			ob = append(ob, orig.Body[i])
			br.Changed = br.Changed || slices.Contains(changed, orig.Body[i].ID)
		}
		for _, i := range row.Tr {
			tb = append(tb, tr.Body[i])
		}
		br.Lead, br.Other = tb, ob
		if leadIsOrig {
			br.Lead, br.Other = ob, tb
		}
		// One picture or video for both: the lead's, with its caption (and,
		// for a picture, the other language's caption under it).
		br.Across = row.Across
		v.Rows = append(v.Rows, br)
	}
	return v
}
