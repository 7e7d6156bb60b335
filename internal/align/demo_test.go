package align_test

import (
	"testing"

	"broadsheet/internal/align"
	"broadsheet/internal/demo"
	"broadsheet/internal/news"
)

// The demo edition's translations follow their sources block by block —
// they pair by position, as no records and as records in place, with every
// picture and video shown across, and records in place are written as no
// pairing line — or as their pairing line says.
func TestDemoEdition(t *testing.T) {
	ed, err := demo.Load()
	if err != nil {
		t.Fatal(err)
	}
	pairs := 0
	for _, st := range ed.Stories {
		by := map[news.Lang][]news.Block{}
		for _, tr := range st.Translations {
			by[tr.Lang] = tr.Body
		}
		en, zh := by[news.EN], by[news.ZH]
		if zh == nil {
			continue
		}
		pairs++
		ids, next := align.Assign(nil, nil, en, 1)
		if next != len(en)+1 {
			t.Errorf("%s: next id %d for %d blocks", st.Key, next, len(en))
		}
		again, _ := align.Assign(en, ids, en, next)
		for i := range ids {
			if again[i] != ids[i] {
				t.Errorf("%s: block %d changed id on a re-save: %s, %s", st.Key, i+1, ids[i], again[i])
			}
		}
		// A story with a pairing line pairs as it says.
		for _, tr := range st.Translations {
			if tr.Lang == news.ZH && tr.Pairs != "" {
				rec, err := align.Parse(tr.Pairs, ids)
				if err != nil {
					t.Fatalf("%s: %v", st.Key, err)
				}
				if r := align.Pairs(ids, en, zh, rec); !r.OK() {
					t.Errorf("%s: %v", st.Key, r.Problems)
				}
				if got := align.Format(rec, ids); got != tr.Pairs {
					t.Errorf("%s: Format = %q, the file says %q", st.Key, got, tr.Pairs)
				}
				zh = nil
			}
		}
		if zh == nil {
			continue
		}
		a := align.Positional(ids)
		for _, rec := range []*align.Alignment{nil, a} {
			r := align.Pairs(ids, en, zh, rec)
			if !r.OK() {
				t.Errorf("%s: %v", st.Key, r.Problems)
				continue
			}
			for _, row := range r.Rows {
				k := en[row.Src[0]].Kind
				if media := k == news.BlockImage || k == news.BlockEmbed; media != row.Across {
					t.Errorf("%s: row %v of a %s, across %v", st.Key, row, k, row.Across)
				}
			}
		}
		if s := align.Format(a, ids); s != "" {
			t.Errorf("%s: Format = %q", st.Key, s)
		}
		if c, ad, rm := align.Changed(align.Hashes(ids, en), ids, en); c != nil || ad != nil || rm != nil {
			t.Errorf("%s: Changed = %v, %v, %v", st.Key, c, ad, rm)
		}
	}
	if pairs == 0 {
		t.Fatal("no story has both languages")
	}
}
