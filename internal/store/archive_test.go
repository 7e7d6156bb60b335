package store

import (
	"cmp"
	"context"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"broadsheet/internal/news"
)

// archive is a hundred or more stories with random times: published, scheduled
// for later, drafts, some translated, many sharing a second, so every
// ordering rule (newest first, ties by story id) is exercised.
type archive struct {
	stories []news.StoryInput
	ids     map[string]int64 // story key → id
}

var archiveWords = []struct{ en, zh, py string }{
	{"Harbour", "港口", "gangkou"}, {"Reservoir", "水库", "shuiku"}, {"Rates", "利率", "lilv"},
	{"Cranes", "起重机", "qizhongji"}, {"Talent", "人才", "rencai"}, {"Water", "水资源", "shuiziyuan"},
}

func newArchive(t *testing.T, s *Store, n int, seed uint64) archive {
	t.Helper()
	r := rand.New(rand.NewPCG(seed, 7))
	secs := []string{"world", "business"}
	at := func() time.Time {
		switch r.IntN(10) {
		case 0:
			return time.Time{} // draft
		case 1, 2:
			return day.Add(time.Duration(1+r.IntN(72)) * time.Hour) // scheduled
		}
		// A coarse grid in the past: many stories share a second.
		return day.Add(-time.Duration(r.IntN(400)) * 30 * time.Minute)
	}
	a := archive{ids: map[string]int64{}}
	for i := range n {
		key := fmt.Sprintf("a%03d", i)
		w1, w2 := archiveWords[r.IntN(len(archiveWords))], archiveWords[r.IntN(len(archiveWords))]
		in := news.StoryInput{Key: key, Section: secs[r.IntN(len(secs))]}
		langs := [][]news.Lang{{news.EN}, {news.ZH}, {news.EN, news.ZH}, {news.EN, news.ZH}}[r.IntN(4)]
		for _, l := range langs {
			pub := at()
			updated := pub
			if updated.IsZero() || r.IntN(3) == 0 {
				updated = day.Add(-time.Duration(r.IntN(400)) * 30 * time.Minute)
			}
			tr := news.TranslationInput{Lang: l, PublishedAt: pub, UpdatedAt: updated, Summary: "Summary",
				Body: []news.Block{{Kind: news.BlockParagraph, HTML: "Body.", Text: "Body."}}}
			if l == news.EN {
				tr.Slug, tr.Headline = fmt.Sprintf("%s-and-%s-%d", strings.ToLower(w1.en), strings.ToLower(w2.en), i), w1.en+" and "+w2.en
			} else {
				tr.Slug, tr.Headline = fmt.Sprintf("%s-%s-%d", w1.py, w2.py, i), w1.zh+"与"+w2.zh
			}
			in.Translations = append(in.Translations, tr)
		}
		a.stories = append(a.stories, in)
	}
	if err := s.SaveStories(context.Background(), a.stories); err != nil {
		t.Fatal(err)
	}
	rows, err := s.db.Query(`SELECT id, key FROM stories`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var key string
		if err := rows.Scan(&id, &key); err != nil {
			t.Fatal(err)
		}
		a.ids[key] = id
	}
	return a
}

// sectionRef is a section's stories in lang as readers may see them at now,
// worked out from what was saved: published by now, newest first, ties by
// story id, newest id first.
func (a archive) sectionRef(lang news.Lang, section string, now time.Time) []int64 {
	type row struct {
		id  int64
		pub time.Time
	}
	var rows []row
	for _, in := range a.stories {
		for _, tr := range in.Translations {
			if in.Section == section && tr.Lang == lang && !tr.PublishedAt.IsZero() && !tr.PublishedAt.After(now) {
				rows = append(rows, row{a.ids[in.Key], tr.PublishedAt})
			}
		}
	}
	slices.SortFunc(rows, func(x, y row) int { return cmp.Or(y.pub.Compare(x.pub), cmp.Compare(y.id, x.id)) })
	var out []int64
	for _, r := range rows {
		out = append(out, r.id)
	}
	return out
}

func pageOf(ids []int64, p news.Page) []int64 {
	lo, hi := min(p.Offset(), len(ids)), min(p.Offset()+p.Size, len(ids))
	return ids[lo:hi]
}

// checkSections compares every page of both sections in both languages, and
// the page after the last, with the reference.
func checkSections(t *testing.T, s *Store, a archive, now time.Time) {
	t.Helper()
	ctx := context.Background()
	for _, lang := range []news.Lang{news.EN, news.ZH} {
		for _, key := range []string{"world", "business"} {
			sec, err := s.Section(ctx, lang, key)
			if err != nil {
				t.Fatal(err)
			}
			want := a.sectionRef(lang, key, now)
			for _, size := range []int{5, 12} {
				pages := (news.Page{Size: size, Total: len(want)}).Pages()
				for n := 1; n <= pages+1; n++ {
					p := news.Page{Number: n, Size: size}
					cards, total, err := s.SectionStories(ctx, lang, sec.ID, p)
					if err != nil {
						t.Fatal(err)
					}
					var got []int64
					for _, c := range cards {
						got = append(got, c.StoryID)
						if c.Lang != lang || c.Section.Key != key || c.PublishedAt.After(now) {
							t.Fatalf("%s %s page %d: card %+v is another language or section, or not due", lang, key, n, c)
						}
					}
					if total != len(want) || !slices.Equal(got, pageOf(want, p)) {
						t.Fatalf("%s %s page %d of %d (size %d) at %v: %v of %d, want %v of %d",
							lang, key, n, pages, size, now, got, total, pageOf(want, p), len(want))
					}
				}
			}
		}
	}
}

// Every page of a section lists the stories a plain reading of the rules
// gives, in order, with the right total — also after scheduled stories fall
// due with no write in between, after the clock goes back, and after a write.
func TestSectionPagesMatchReference(t *testing.T) {
	t.Parallel()
	s := openTest(t)
	move := fixClock(s, day)
	a := newArchive(t, s, 160, 1)
	checkSections(t, s, a, day)
	for _, now := range []time.Time{day.Add(30 * time.Hour), day.Add(30*time.Hour + time.Second), day.Add(time.Hour), day.Add(80 * time.Hour)} {
		move(now)
		checkSections(t, s, a, now)
	}
	// A write: a story moves section and another comes out now.
	move(day.Add(90 * time.Hour))
	a.stories[0].Section = "business"
	if a.stories[0].Translations[0].PublishedAt.IsZero() {
		a.stories[0].Translations[0].PublishedAt = s.now()
	}
	if _, err := s.SaveStory(context.Background(), a.stories[0]); err != nil {
		t.Fatal(err)
	}
	checkSections(t, s, a, s.now())
}

// deskRef is the newsroom's list worked out from what was saved: every story
// of section ("" for all) with q in a headline or slug of any translation
// (any case), most recently changed first, ties by id, newest first.
func (a archive) deskRef(section, q string) []int64 {
	type row struct {
		id      int64
		updated time.Time
	}
	var rows []row
	q = strings.ToLower(strings.TrimSpace(q))
	for _, in := range a.stories {
		if section != "" && in.Section != section {
			continue
		}
		var updated time.Time
		found := q == ""
		for _, tr := range in.Translations {
			if tr.UpdatedAt.After(updated) {
				updated = tr.UpdatedAt
			}
			found = found || strings.Contains(strings.ToLower(tr.Headline), q) || strings.Contains(strings.ToLower(tr.Slug), q)
		}
		if found {
			rows = append(rows, row{a.ids[in.Key], updated})
		}
	}
	slices.SortFunc(rows, func(x, y row) int { return cmp.Or(y.updated.Compare(x.updated), cmp.Compare(y.id, x.id)) })
	var out []int64
	for _, r := range rows {
		out = append(out, r.id)
	}
	return out
}

func checkDesk(t *testing.T, s *Store, a archive, section, q string) {
	t.Helper()
	want := a.deskRef(section, q)
	byID := map[int64]news.StoryInput{}
	for _, in := range a.stories {
		byID[a.ids[in.Key]] = in
	}
	sizes := []int{12}
	if q == "" {
		sizes = append(sizes, 50)
	}
	for _, size := range sizes {
		pages := (news.Page{Size: size, Total: len(want)}).Pages()
		for n := 1; n <= pages+1; n++ {
			p := news.Page{Number: n, Size: size}
			items, total, err := s.DeskStories(context.Background(), news.ZH, news.DeskFilter{Section: section, Query: q, Page: p})
			if err != nil {
				t.Fatal(err)
			}
			var got []int64
			for _, it := range items {
				got = append(got, it.StoryID)
				in := byID[it.StoryID]
				if it.Key != in.Key || it.Section.Key != in.Section || it.Section.Name != "中 "+in.Section || len(it.Headlines) != len(in.Translations) {
					t.Fatalf("section %q, q %q: item %+v does not match story %s in %s with %d translations",
						section, q, it, in.Key, in.Section, len(in.Translations))
				}
				for _, tr := range in.Translations {
					if it.Headlines[tr.Lang] != tr.Headline || it.Status[tr.Lang] != news.StatusAt(tr.PublishedAt, s.now()) {
						t.Fatalf("item %s %s: headline %q, status %v; want %q, %v", in.Key, tr.Lang,
							it.Headlines[tr.Lang], it.Status[tr.Lang], tr.Headline, news.StatusAt(tr.PublishedAt, s.now()))
					}
				}
			}
			if total != len(want) || !slices.Equal(got, pageOf(want, p)) {
				t.Fatalf("section %q, q %q, page %d (size %d): %v of %d, want %v of %d",
					section, q, n, size, got, total, pageOf(want, p), len(want))
			}
		}
	}
}

// The newsroom's list, its section filter and its search give what a plain
// reading of the rules gives, drafts and scheduled stories included, in both
// languages, for queries the index answers and short ones it does not.
func TestDeskStoriesMatchReference(t *testing.T) {
	t.Parallel()
	s := openTest(t)
	fixClock(s, day)
	a := newArchive(t, s, 120, 2)
	for _, section := range []string{"", "world", "business"} {
		for _, q := range []string{"", "harbour", "HARBOUR and", "d re", "cranes-and-talent", "港口", "港口与水", "水",
			"水库与", "ou", "a", "-1", "gangkou-shui", "rencai-", "zeppelin", "起重机与起重机", "Ä", `a"n`, "\"", "与"} {
			checkDesk(t, s, a, section, q)
		}
	}
	if items, total, err := s.DeskStories(context.Background(), news.EN, news.DeskFilter{Section: "sport", Page: news.Page{Number: 1, Size: 50}}); err != nil || total != 0 || len(items) != 0 {
		t.Fatalf("missing section: %d items of %d (%v), want none", len(items), total, err)
	}
}

// The index behind the newsroom's search follows every write to a
// translation: saves, renames, a translation or a story deleted.
func TestDeskSearchFollowsWrites(t *testing.T) {
	t.Parallel()
	s := openTest(t)
	move := fixClock(s, day)
	ctx := context.Background()
	find := func(q string) string {
		t.Helper()
		items, total, err := s.DeskStories(ctx, news.EN, news.DeskFilter{Query: q, Page: news.Page{Number: 1, Size: 50}})
		if err != nil {
			t.Fatal(err)
		}
		var keys []string
		for _, it := range items {
			keys = append(keys, it.Key)
		}
		if total != len(items) {
			t.Fatalf("%q: total %d for %d items", q, total, len(items))
		}
		return strings.Join(keys, ",")
	}
	id, v := mustSaveEdit(t, s, 0, 0, deskStory("quay", "world",
		deskTr(news.EN, "robots-on-the-quay", "Robots on the quay", time.Time{})), 0, "save")
	if got := find("robots on"); got != "quay" {
		t.Fatalf("a new draft: found [%s], want [quay]", got)
	}
	move(day.Add(time.Minute))
	e := mustEdit(t, s, id)
	e.Translations[0].Headline, e.Translations[0].Slug = "Cranes on the quay", "cranes-on-the-quay"
	e.Translations = append(e.Translations, deskTr(news.ZH, "ma-tou-diao-che", "码头吊车", day))
	_, v = mustSaveEdit(t, s, id, v, e.StoryInput, 0, "save")
	for q, want := range map[string]string{"Robots": "", "robots-on": "", "Cranes on": "quay", "cranes-on-the": "quay",
		"码头吊": "quay", "ma-tou": "quay", "吊车": "quay"} {
		if got := find(q); got != want {
			t.Fatalf("after renaming and translating, %q found [%s], want [%s]", q, got, want)
		}
	}
	// Nothing spans two translations: the English headline ends "quay", the
	// Chinese one starts "码头".
	for _, q := range []string{"quay\n码头", "quay码头", "y\n码"} {
		if got := find(q); got != "" {
			t.Fatalf("%q matched across two translations: [%s]", q, got)
		}
	}
	if _, err := s.db.Exec(`DELETE FROM translations WHERE story_id = ? AND lang = ?`, id, news.ZH); err != nil {
		t.Fatal(err)
	}
	if got, want := find("码头吊"), ""; got != want {
		t.Fatalf("after deleting the translation: [%s], want [%s]", got, want)
	}
	if got, want := find("cranes on"), "quay"; got != want {
		t.Fatalf("after deleting the other translation: [%s], want [%s]", got, want)
	}
	if _, err := s.db.Exec(`DELETE FROM stories WHERE id = ?`, id); err != nil {
		t.Fatal(err)
	}
	var left int
	if err := s.db.QueryRow(`SELECT count(*) FROM desk_search WHERE desk_search MATCH '"cranes on"'`).Scan(&left); err != nil || left != 0 {
		t.Fatalf("a deleted story is still in the index (%d rows, %v)", left, err)
	}
}

// Migration 0006 builds its index from the stories already there, and when
// any part of it fails, none of it stays: no table, trigger or view.
func TestArchiveIndexMigration(t *testing.T) {
	ctx := context.Background()
	path := copyFixture(t)
	broken := fstest.MapFS{}
	names, _ := fs.Glob(embedded, "migrations/*.sql")
	for _, n := range names {
		b, _ := fs.ReadFile(embedded, n)
		switch {
		case strings.HasPrefix(n, "migrations/0006_"):
			broken[n] = &fstest.MapFile{Data: append(b, "\nINSERT INTO no_such_table VALUES (1);\n"...)}
		case n < "migrations/0006_":
			broken[n] = &fstest.MapFile{Data: b}
		}
	}
	defer func(m fs.FS) { migrations = m }(migrations)
	migrations = broken
	if _, err := Open(ctx, path); err == nil || !strings.Contains(err.Error(), "0006_archive_indexes.sql") {
		t.Fatalf("Open with a failing 0006: %v; want an error naming it", err)
	}
	// Anything left behind (desk_search, its view or a trigger) would make
	// the real migration fail on CREATE.
	migrations = embedded
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	s.SetClock(func() time.Time { return fixtureDay })
	for q, want := range map[string]int{"Robots share": 1, "ji-qi-ren": 1, "码头": 1, "Unfinished": 1, "un": 1, "n": 2, "zeppelin": 0} {
		items, total, err := s.DeskStories(ctx, news.EN, news.DeskFilter{Query: q, Page: news.Page{Number: 1, Size: 50}})
		if err != nil || total != want || len(items) != want {
			t.Fatalf("after the upgrade, %q: %d items of %d (%v), want %d", q, len(items), total, err, want)
		}
	}
}
