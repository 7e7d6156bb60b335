package store

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"broadsheet/internal/news"
	"broadsheet/internal/search"
)

// deskPNG is a tiny w×h PNG.
func deskPNG(t testing.TB, w, h int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for x := 0; x < w; x++ {
		for y := 0; y < h; y++ {
			img.Set(x, y, color.RGBA{uint8(x * 7), uint8(y * 11), uint8(w), 255})
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// deskImage is a PNG picture w×h with smaller copies at the given widths.
func deskImage(t testing.TB, name string, w, h int, credit string, widths ...int) news.ImageFile {
	t.Helper()
	im := news.ImageFile{Name: name, ContentType: "image/png", Width: w, Height: h, Credit: credit, Data: deskPNG(t, w, h)}
	for _, vw := range widths {
		vh := max(1, h*vw/w)
		im.Variants = append(im.Variants, news.ImageFile{Name: news.VariantName(name, vw), ContentType: "image/png",
			Width: vw, Height: vh, Data: deskPNG(t, vw, vh)})
	}
	return im
}

// deskTr is one translation with a slug, headline and publishing time.
func deskTr(lang news.Lang, slug, headline string, pub time.Time) news.TranslationInput {
	return news.TranslationInput{Lang: lang, Slug: slug, Headline: headline, Summary: "Summary of " + slug,
		Byline: "By Desk", PublishedAt: pub, Markdown: headline + " body.",
		Body: []news.Block{{Kind: news.BlockParagraph, HTML: headline + " body.", Text: headline + " body."}}}
}

// deskStory is a story in section with the given translations.
func deskStory(key, section string, trs ...news.TranslationInput) news.StoryInput {
	return news.StoryInput{Key: key, Section: section, Translations: trs}
}

func mustSaveEdit(t *testing.T, s *Store, id int64, version int, in news.StoryInput, userID int64, action string) (int64, int) {
	t.Helper()
	newID, v, err := s.SaveEdit(context.Background(), id, version, in, userID, action)
	if err != nil {
		t.Fatalf("SaveEdit(%d, v%d, %s): %v", id, version, in.Key, err)
	}
	return newID, v
}

func mustEdit(t *testing.T, s *Store, id int64) news.StoryEdit {
	t.Helper()
	e, err := s.StoryForEdit(context.Background(), id)
	if err != nil {
		t.Fatalf("StoryForEdit(%d): %v", id, err)
	}
	return e
}

// revisionRows counts a story's kept revisions straight from the table.
func revisionRows(t *testing.T, s *Store, id int64) int {
	t.Helper()
	var n int
	if err := s.db.QueryRow(`SELECT count(*) FROM revisions WHERE story_id = ?`, id).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func searchCount(t *testing.T, s *Store, lang news.Lang, raw string) int {
	t.Helper()
	q, err := search.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	n, err := s.SearchCount(context.Background(), lang, q)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestSaveEditCreatesUnderFreeKey(t *testing.T) {
	t.Parallel()
	s := openTest(t)
	fixClock(s, day)
	for i, want := range []string{"harbour", "harbour-2", "harbour-3"} {
		in := deskStory("harbour", "world", deskTr(news.EN, fmt.Sprintf("harbour-%d-en", i), "Harbour", time.Time{}))
		id, v := mustSaveEdit(t, s, 0, 0, in, 0, "draft")
		if got, want := v, 1; got != want {
			t.Fatalf("new story version=%d, want %d", got, want)
		}
		e := mustEdit(t, s, id)
		if got := e.Key; got != want {
			t.Fatalf("story %d key=%q, want %q", i, got, want)
		}
		if got, want := e.Version, 1; got != want {
			t.Fatalf("stored version=%d, want %d", got, want)
		}
	}
}

func TestSaveEditVersions(t *testing.T) {
	t.Parallel()
	s := openTest(t)
	ctx := context.Background()
	fixClock(s, day)
	u := mustUser(t, s, "ed@example.com", news.RoleEditor)
	in := deskStory("ferry", "world", deskTr(news.EN, "ferry-en", "Ferry", day.Add(-time.Hour)), deskTr(news.ZH, "ferry-zh", "渡轮", day.Add(-time.Hour)))
	id, v := mustSaveEdit(t, s, 0, 0, in, u.ID, "publish")
	for want := 2; want <= 3; want++ {
		in.Translations[0].Headline = fmt.Sprintf("Ferry v%d", want)
		gotID, got := mustSaveEdit(t, s, id, v, in, u.ID, "save")
		if gotID != id {
			t.Fatalf("SaveEdit id=%d, want %d", gotID, id)
		}
		if got != want {
			t.Fatalf("version after save=%d, want %d", got, want)
		}
		if e := mustEdit(t, s, id); e.Version != want {
			t.Fatalf("stored version=%d, want %d", e.Version, want)
		}
		v = got
	}

	// A save from a stale (or unknown) version writes nothing.
	for _, stale := range []int{0, 1, 2, 4, 99} {
		bad := in
		bad.Translations = slices.Clone(in.Translations)
		bad.Translations[0].Headline = "Zeppelin overwrites"
		_, _, err := s.SaveEdit(ctx, id, stale, bad, u.ID, "save")
		if !errors.Is(err, news.ErrConflict) {
			t.Fatalf("save from v%d: err=%v, want ErrConflict", stale, err)
		}
		e := mustEdit(t, s, id)
		if got, want := e.Translations[0].Headline, "Ferry v3"; got != want {
			t.Fatalf("headline after conflict=%q, want %q", got, want)
		}
		if got, want := e.Version, 3; got != want {
			t.Fatalf("version after conflict=%d, want %d", got, want)
		}
		if got, want := revisionRows(t, s, id), 3; got != want {
			t.Fatalf("revisions after conflict=%d, want %d", got, want)
		}
		if got := searchCount(t, s, news.EN, "zeppelin"); got != 0 {
			t.Fatalf("conflicting headline indexed: %d hits", got)
		}
	}

	// An unknown story is not created by saving to it.
	if _, _, err := s.SaveEdit(ctx, 9999, 1, deskStory("ghost", "world", deskTr(news.EN, "ghost-en", "Ghost", time.Time{})), u.ID, "save"); !errors.Is(err, news.ErrNotFound) {
		t.Fatalf("unknown id err=%v, want ErrNotFound", err)
	}
	var n int
	s.db.QueryRow(`SELECT count(*) FROM stories`).Scan(&n)
	if got, want := n, 1; got != want {
		t.Fatalf("stories after saving an unknown id=%d, want %d", got, want)
	}
}

func TestSaveEditSlugTaken(t *testing.T) {
	t.Parallel()
	s := openTest(t)
	ctx := context.Background()
	fixClock(s, day)
	pub := day.Add(-time.Hour)
	a, _ := mustSaveEdit(t, s, 0, 0, deskStory("alpha", "world", deskTr(news.EN, "alpha-en", "Alpha", pub), deskTr(news.ZH, "alpha-zh", "阿尔法", pub)), 0, "publish")
	b, vb := mustSaveEdit(t, s, 0, 0, deskStory("beta", "world", deskTr(news.EN, "beta-en", "Beta", pub), deskTr(news.ZH, "beta-zh", "贝塔", pub)), 0, "publish")

	// The English half is valid and written first; the Chinese slug belongs
	// to alpha. Neither half may land.
	bad := deskStory("beta", "business", deskTr(news.EN, "beta-en", "Zeppelin beta", pub), deskTr(news.ZH, "alpha-zh", "贝塔", pub))
	_, _, err := s.SaveEdit(ctx, b, vb, bad, 0, "save")
	asFieldError(t, err, "slug", "")
	e := mustEdit(t, s, b)
	if got, want := e.Translations[0].Headline, "Beta"; got != want {
		t.Fatalf("headline after refused save=%q, want %q", got, want)
	}
	if got, want := e.Section, "world"; got != want {
		t.Fatalf("section after refused save=%q, want %q", got, want)
	}
	if got, want := e.Version, vb; got != want {
		t.Fatalf("version after refused save=%d, want %d", got, want)
	}
	if got, want := revisionRows(t, s, b), 1; got != want {
		t.Fatalf("revisions after refused save=%d, want %d", got, want)
	}
	if got := searchCount(t, s, news.EN, "zeppelin"); got != 0 {
		t.Fatalf("refused headline indexed: %d hits", got)
	}
	if st, err := s.Story(ctx, news.ZH, "alpha-zh"); err != nil || st.StoryID != a {
		t.Fatalf("alpha's Chinese slug now leads to story %d (err %v), want %d", st.StoryID, err, a)
	}
	// The same slug in the other language is no clash.
	ok := deskStory("beta", "world", deskTr(news.EN, "alpha-zh", "Beta", pub), deskTr(news.ZH, "beta-zh", "贝塔", pub))
	if _, _, err := s.SaveEdit(ctx, b, vb, ok, 0, "save"); err != nil {
		t.Fatalf("slug of another language: %v", err)
	}
	// A new story whose slug is taken is not created, not even under key-2.
	_, _, err = s.SaveEdit(ctx, 0, 0, deskStory("alpha", "world", deskTr(news.EN, "alpha-en", "Copy", time.Time{})), 0, "draft")
	asFieldError(t, err, "slug", "")
	var n int
	s.db.QueryRow(`SELECT count(*) FROM stories`).Scan(&n)
	if got, want := n, 2; got != want {
		t.Fatalf("stories after refused create=%d, want %d", got, want)
	}
}

func TestRevisions(t *testing.T) {
	t.Parallel()
	s := openTest(t)
	ctx := context.Background()
	move := fixClock(s, day)
	u := mustUser(t, s, "ada@example.com", news.RoleEditor)
	const name = "ab12cd34-harbour.png"
	in := deskStory("harbour", "world", deskTr(news.EN, "harbour-en", "Harbour", time.Time{}), deskTr(news.ZH, "harbour-zh", "港口", time.Time{}))
	in.Translations[0].Markdown, in.Translations[1].Markdown = "Cranes *idle*.\n\nShips wait.", "起重机停了。\n\n船在等。"
	in.Translations[0].Alt, in.Translations[1].Alt = "Cranes", "起重机"
	in.LeadImage = name
	in.Images = []news.ImageFile{deskImage(t, name, 64, 32, "Photo: Ada", 16, 32)}
	id, v := mustSaveEdit(t, s, 0, 0, in, u.ID, "draft")

	move(day.Add(time.Hour))
	in.Images = []news.ImageFile{{Name: name, Credit: "Photo: Grace"}}
	in.Translations[0].Headline = "Harbour reopens"
	in.Translations[0].PublishedAt = day.Add(time.Hour)
	mustSaveEdit(t, s, id, v, in, u.ID, "publish")

	// Another story, and one written outside the newsroom with no revision.
	other, _ := mustSaveEdit(t, s, 0, 0, deskStory("other", "world", deskTr(news.EN, "other-en", "Other", time.Time{})), 0, "draft")
	plain, err := s.SaveStory(ctx, story("plain", "world", day, news.EN))
	if err != nil {
		t.Fatal(err)
	}

	revs, err := s.Revisions(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := len(revs), 2; got != want {
		t.Fatalf("revisions=%d, want %d", got, want)
	}
	for i, want := range []news.Revision{
		{Version: 2, SavedAt: day.Add(time.Hour), Author: u.Email, Action: "publish"},
		{Version: 1, SavedAt: day, Author: u.Email, Action: "draft"},
	} {
		got := revs[i]
		want.ID = got.ID
		if got != want {
			t.Fatalf("revision %d=%+v, want %+v", i, got, want)
		}
	}
	if revs[0].ID <= revs[1].ID {
		t.Fatalf("revisions not newest first: %+v", revs)
	}

	for i, want := range []struct {
		headline, credit string
	}{{"Harbour reopens", "Photo: Grace"}, {"Harbour", "Photo: Ada"}} {
		snap, r, err := s.Revision(ctx, id, revs[i].ID)
		if err != nil {
			t.Fatal(err)
		}
		if r != revs[i] {
			t.Fatalf("Revision header=%+v, want %+v", r, revs[i])
		}
		if got, want := snap.Key, "harbour"; got != want {
			t.Fatalf("snapshot key=%q, want %q", got, want)
		}
		if got, want := snap.LeadImage, name; got != want {
			t.Fatalf("snapshot lead=%q, want %q", got, want)
		}
		if got, want := snap.Images, []news.ImageFile{{Name: name, Credit: want.credit}}; !reflect.DeepEqual(got, want) {
			t.Fatalf("snapshot images=%+v, want %+v (no bytes, no copies)", got, want)
		}
		if got, want := snap.Translations[0].Headline, want.headline; got != want {
			t.Fatalf("snapshot headline=%q, want %q", got, want)
		}
		for j, tr := range snap.Translations {
			if got, want := tr.Slug, in.Translations[j].Slug; got != want {
				t.Fatalf("snapshot slug=%q, want %q", got, want)
			}
			if got, want := tr.Markdown, in.Translations[j].Markdown; got != want {
				t.Fatalf("snapshot markdown=%q, want %q", got, want)
			}
			if tr.Body != nil {
				t.Fatalf("snapshot keeps body blocks: %+v", tr.Body)
			}
		}
	}
	var raw string
	s.db.QueryRow(`SELECT snapshot FROM revisions WHERE id = ?`, revs[1].ID).Scan(&raw)
	if strings.Contains(raw, "iVBOR") { // base64 of the PNG signature
		t.Fatalf("snapshot holds image bytes: %.200s…", raw)
	}

	// A revision belongs to its own story.
	if _, _, err := s.Revision(ctx, other, revs[0].ID); !errors.Is(err, news.ErrNotFound) {
		t.Fatalf("revision of another story err=%v, want ErrNotFound", err)
	}
	if _, _, err := s.Revision(ctx, id, 9999); !errors.Is(err, news.ErrNotFound) {
		t.Fatalf("unknown revision err=%v, want ErrNotFound", err)
	}
	if revs, err := s.Revisions(ctx, plain); err != nil || len(revs) != 0 {
		t.Fatalf("revisions of a story never saved from the newsroom=%v, %v; want none", revs, err)
	}
	if revs, _ := s.Revisions(ctx, other); len(revs) != 1 || revs[0].Author != "" {
		t.Fatalf("revisions without an author=%+v, want one with an empty author", revs)
	}
}

func TestStoryForEdit(t *testing.T) {
	t.Parallel()
	s := openTest(t)
	ctx := context.Background()
	fixClock(s, day)
	const name = "ef56-market.png"
	if err := s.SaveImage(ctx, deskImage(t, name, 64, 48, "Photo: Lin", 16, 32)); err != nil {
		t.Fatal(err)
	}
	at := day.Add(2 * time.Hour)
	en := deskTr(news.EN, "market-en", "Market", at)
	en.Markdown, en.Caption, en.Alt = "Stalls **open**.", "The market", "Stalls"
	zh := deskTr(news.ZH, "market-zh", "市场", time.Time{})
	zh.Markdown, zh.Alt = "摊位开张。", "摊位"
	// Chinese first on input: the edit still lists English first.
	in := deskStory("market", "business", zh, en)
	in.LeadImage, in.Images = name, []news.ImageFile{{Name: name, Credit: "Photo: Lin"}}
	id, _ := mustSaveEdit(t, s, 0, 0, in, 0, "schedule")

	e := mustEdit(t, s, id)
	if got, want := e.ID, id; got != want {
		t.Fatalf("ID=%d, want %d", got, want)
	}
	if got, want := e.Version, 1; got != want {
		t.Fatalf("Version=%d, want %d", got, want)
	}
	if e.Key != "market" || e.Section != "business" || e.LeadImage != name {
		t.Fatalf("key, section, lead=%q, %q, %q", e.Key, e.Section, e.LeadImage)
	}
	if e.Lead == nil {
		t.Fatal("Lead is nil")
	}
	if got, want := e.Lead.Widths, []int{16, 32}; !slices.Equal(got, want) {
		t.Fatalf("Lead.Widths=%v, want %v", got, want)
	}
	if e.Lead.Name != name || e.Lead.Width != 64 || e.Lead.Height != 48 || e.Lead.ContentType != "image/png" || e.Lead.Credit != "Photo: Lin" {
		t.Fatalf("Lead=%+v", *e.Lead)
	}
	if got, want := e.Images, []news.ImageFile{{Name: name, Credit: "Photo: Lin"}}; !reflect.DeepEqual(got, want) {
		t.Fatalf("Images=%+v, want %+v", got, want)
	}
	if got, want := len(e.Translations), 2; got != want {
		t.Fatalf("translations=%d, want %d", got, want)
	}
	for i, want := range []news.TranslationInput{en, zh} {
		got := e.Translations[i]
		if got.Lang != want.Lang || got.Slug != want.Slug || got.Headline != want.Headline || got.Summary != want.Summary ||
			got.Byline != want.Byline || got.Caption != want.Caption || got.Alt != want.Alt || got.Markdown != want.Markdown {
			t.Fatalf("translation %d=%+v, want %+v", i, got, want)
		}
		if !got.PublishedAt.Equal(want.PublishedAt) || got.PublishedAt.IsZero() != want.PublishedAt.IsZero() {
			t.Fatalf("%s PublishedAt=%v, want %v", got.Lang, got.PublishedAt, want.PublishedAt)
		}
		for j := range got.Body {
			if got.Body[j].ID == "" {
				t.Fatalf("%s block %d has no id", got.Lang, j)
			}
		}
		if !reflect.DeepEqual(withoutIDs(got.Body), want.Body) {
			t.Fatalf("%s body=%+v, want %+v", got.Lang, got.Body, want.Body)
		}
	}
	if !e.Translations[1].PublishedAt.IsZero() {
		t.Fatalf("draft PublishedAt=%v, want zero", e.Translations[1].PublishedAt)
	}

	// Saving again raises the version StoryForEdit reports; a story without
	// a photo has no Lead.
	in.LeadImage, in.Images = "", nil
	mustSaveEdit(t, s, id, 1, in, 0, "save")
	e = mustEdit(t, s, id)
	if e.Version != 2 || e.Lead != nil || e.LeadImage != "" || e.Images != nil {
		t.Fatalf("after removing the photo: version %d, lead %+v %q, images %+v", e.Version, e.Lead, e.LeadImage, e.Images)
	}
	if _, err := s.StoryForEdit(ctx, 9999); !errors.Is(err, news.ErrNotFound) {
		t.Fatalf("unknown id err=%v, want ErrNotFound", err)
	}
}

func TestPublishingStates(t *testing.T) {
	t.Parallel()
	s := openTest(t)
	ctx := context.Background()
	move := fixClock(s, day)
	due := day.Add(2 * time.Hour)
	status := func() news.Status {
		t.Helper()
		items, _, err := s.DeskStories(ctx, news.EN, news.DeskFilter{Page: news.Page{Number: 1, Size: 10}})
		if err != nil || len(items) != 1 {
			t.Fatalf("DeskStories=%v, %v", items, err)
		}
		return items[0].Status[news.EN]
	}
	visible := func() bool {
		t.Helper()
		_, err := s.Story(ctx, news.EN, "cranes-en")
		if err != nil && !errors.Is(err, news.ErrNotFound) {
			t.Fatal(err)
		}
		return err == nil
	}

	// A draft.
	in := deskStory("cranes", "world", deskTr(news.EN, "cranes-en", "Cranes return", time.Time{}))
	id, v := mustSaveEdit(t, s, 0, 0, in, 0, "draft")
	if visible() || searchCount(t, s, news.EN, "cranes") != 0 || status() != news.StatusDraft {
		t.Fatalf("draft: visible %v, status %v", visible(), status())
	}

	// Scheduled: hidden until the store clock reaches it.
	in.Translations[0].PublishedAt = due
	_, v = mustSaveEdit(t, s, id, v, in, 0, "schedule")
	for _, at := range []time.Time{day, due.Add(-time.Second)} {
		move(at)
		if visible() || searchCount(t, s, news.EN, "cranes") != 0 || status() != news.StatusScheduled {
			t.Fatalf("scheduled, at %v: visible %v, status %v", at, visible(), status())
		}
	}
	for _, tc := range []struct {
		after, upto time.Time
		want        bool
	}{
		{day, due.Add(-time.Second), false},
		{day, due, true},
		{due.Add(-time.Second), due, true},
		{due.Add(-time.Hour), due.Add(time.Hour), true},
		{due, due.Add(time.Hour), false}, // (after, upto]: after is excluded
		{due.Add(time.Second), due.Add(time.Hour), false},
	} {
		if got, err := s.BecameDue(ctx, tc.after, tc.upto); err != nil || got != tc.want {
			t.Fatalf("BecameDue(%v, %v)=%v, %v; want %v", tc.after, tc.upto, got, err, tc.want)
		}
	}
	move(due)
	if got, err := s.BecameDue(ctx, due.Add(-time.Minute), due); err != nil || !got {
		t.Fatalf("BecameDue at its time=%v, %v; want true", got, err)
	}
	var pending int
	s.db.QueryRow(`SELECT count(*) FROM search_pending`).Scan(&pending)
	if pending != 0 {
		t.Fatalf("search_pending=%d after BecameDue, want 0 (indexed)", pending)
	}
	q, _ := search.Parse("cranes")
	hits, total, err := s.Search(ctx, news.EN, q, news.Page{Number: 1, Size: 10})
	if err != nil || total != 1 || len(hits) != 1 || hits[0].StoryID != id {
		t.Fatalf("search once due: %v hits, total %d, err %v", hits, total, err)
	}
	if !visible() || status() != news.StatusPublished {
		t.Fatalf("due: visible %v, status %v", visible(), status())
	}

	// Unpublishing takes it off the site and out of search.
	in.Translations[0].PublishedAt = time.Time{}
	mustSaveEdit(t, s, id, v, in, 0, "unpublish")
	if visible() || searchCount(t, s, news.EN, "cranes") != 0 || status() != news.StatusDraft {
		t.Fatalf("unpublished: visible %v, status %v", visible(), status())
	}

	// A scheduled Chinese translation reaches search through SearchCount alone.
	move(day)
	zh := deskStory("port", "world", deskTr(news.ZH, "port-zh", "港口复工", due))
	mustSaveEdit(t, s, 0, 0, zh, 0, "schedule")
	if got := searchCount(t, s, news.ZH, "港口"); got != 0 {
		t.Fatalf("scheduled Chinese story found %d times", got)
	}
	move(due)
	if got := searchCount(t, s, news.ZH, "港口"); got != 1 {
		t.Fatalf("due Chinese story found %d times, want 1", got)
	}
}

func TestImages(t *testing.T) {
	t.Parallel()
	s := openTest(t)
	ctx := context.Background()
	fixClock(s, day)
	const name = "9f8e-bridge.png"
	im := deskImage(t, name, 96, 48, "Photo: Ada", 24, 48)
	if err := s.SaveImage(ctx, im); err != nil {
		t.Fatal(err)
	}
	for _, f := range append([]news.ImageFile{im}, im.Variants...) {
		ct, data, err := s.Media(ctx, f.Name)
		if err != nil {
			t.Fatalf("Media(%q): %v", f.Name, err)
		}
		if got, want := ct, "image/png"; got != want {
			t.Fatalf("Media(%q) type=%q, want %q", f.Name, got, want)
		}
		if !bytes.Equal(data, f.Data) {
			t.Fatalf("Media(%q) returned %d bytes, want the %d stored", f.Name, len(data), len(f.Data))
		}
		if _, err := png.Decode(bytes.NewReader(data)); err != nil {
			t.Fatalf("Media(%q) is not a PNG: %v", f.Name, err)
		}
	}
	if got, want := im.Variants[0].Name, "9f8e-bridge-24w.png"; got != want {
		t.Fatalf("variant name=%q, want %q", got, want)
	}
	if _, _, err := s.Media(ctx, "9f8e-bridge-12w.png"); !errors.Is(err, news.ErrNotFound) {
		t.Fatalf("Media of a missing copy err=%v, want ErrNotFound", err)
	}
	info, err := s.ImageInfo(ctx, name)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := info.Widths, []int{24, 48}; !slices.Equal(got, want) {
		t.Fatalf("Widths=%v, want %v", got, want)
	}
	if info.Width != 96 || info.Height != 48 || info.Credit != "Photo: Ada" || info.ContentType != "image/png" {
		t.Fatalf("ImageInfo=%+v", info)
	}
	if _, err := s.ImageInfo(ctx, "missing.png"); !errors.Is(err, news.ErrNotFound) {
		t.Fatalf("ImageInfo of a missing picture err=%v, want ErrNotFound", err)
	}
	// A picture kept at one size has no widths.
	if err := s.SaveImage(ctx, deskImage(t, "single.png", 8, 8, "")); err != nil {
		t.Fatal(err)
	}
	if info, _ := s.ImageInfo(ctx, "single.png"); info.Widths != nil {
		t.Fatalf("single-size Widths=%v, want none", info.Widths)
	}
	for _, bad := range []news.ImageFile{
		{Name: "", ContentType: "image/png", Width: 1, Height: 1, Data: deskPNG(t, 1, 1)},
		{Name: "nodata.png", ContentType: "image/png", Width: 1, Height: 1},
		{Name: "nosize.png", ContentType: "image/png", Data: deskPNG(t, 1, 1)},
	} {
		asFieldError(t, s.SaveImage(ctx, bad), "image", "")
	}

	// A story names the stored picture without its bytes; its credit changes.
	pub := day.Add(-time.Hour)
	en := deskTr(news.EN, "bridge-en", "Bridge", pub)
	en.Alt = "The bridge"
	in := deskStory("bridge", "world", en)
	in.LeadImage, in.Images = name, []news.ImageFile{{Name: name, Credit: "Photo: Grace"}}
	if _, err := s.SaveStory(ctx, in); err != nil {
		t.Fatalf("SaveStory naming a stored picture: %v", err)
	}
	st, err := s.Story(ctx, news.EN, "bridge-en")
	if err != nil {
		t.Fatal(err)
	}
	if st.Image == nil || st.Image.Name != name || st.Image.Credit != "Photo: Grace" || !slices.Equal(st.Image.Widths, []int{24, 48}) {
		t.Fatalf("story image=%+v", st.Image)
	}
	in.Key = "bridge-edit"
	in.Translations[0].Slug = "bridge-edit-en"
	in.Images[0].Credit = "Photo: Lin"
	if _, _, err := s.SaveEdit(ctx, 0, 0, in, 0, "publish"); err != nil {
		t.Fatalf("SaveEdit naming a stored picture: %v", err)
	}
	if info, _ := s.ImageInfo(ctx, name); info.Credit != "Photo: Lin" {
		t.Fatalf("credit after SaveEdit=%q, want %q", info.Credit, "Photo: Lin")
	}
	if ct, data, err := s.Media(ctx, name); err != nil || ct != "image/png" || !bytes.Equal(data, im.Data) {
		t.Fatalf("bytes changed by naming the picture: %q, %d bytes, %v", ct, len(data), err)
	}

	// A picture that was never uploaded is refused, and nothing is written.
	missing := deskStory("ghost", "world", deskTr(news.EN, "ghost-en", "Ghost", pub))
	missing.Translations[0].Alt = "Nothing"
	missing.LeadImage, missing.Images = "never-uploaded.png", []news.ImageFile{{Name: "never-uploaded.png", Credit: "x"}}
	_, err = s.SaveStory(ctx, missing)
	asFieldError(t, err, "image", "")
	_, _, err = s.SaveEdit(ctx, 0, 0, missing, 0, "publish")
	asFieldError(t, err, "image", "")
	var n int
	s.db.QueryRow(`SELECT count(*) FROM stories WHERE key LIKE 'ghost%'`).Scan(&n)
	if n != 0 {
		t.Fatalf("stories written with a missing picture=%d, want 0", n)
	}
}

func TestMarkdownRoundTrip(t *testing.T) {
	t.Parallel()
	s := openTest(t)
	ctx := context.Background()
	fixClock(s, day)
	mdEN := "# Heading\n\nFirst paragraph with *emphasis*.\n\n\n\n  Indented line  \nwith a hard break.\n\n- one\n- two\n\n```\ncode\n\n  kept\n```\n"
	mdZH := "今年夏天，水库见底。\n\n\n第二段：「引号」、全角ＡＩ和 emoji 🌊。\r\n\n    缩进的一行\n\n最后一段。"
	en := deskTr(news.EN, "water-en", "Water", time.Time{})
	zh := deskTr(news.ZH, "water-zh", "水", time.Time{})
	en.Markdown, zh.Markdown = mdEN, mdZH
	// Written first with other text, then saved again: the second save's
	// Markdown is the one kept.
	first := deskStory("water", "world", en, zh)
	first.Translations = slices.Clone(first.Translations)
	first.Translations[0].Markdown, first.Translations[1].Markdown = "Old text.", "旧的。"
	id, v := mustSaveEdit(t, s, 0, 0, first, 0, "draft")
	mustSaveEdit(t, s, id, v, deskStory("water", "world", en, zh), 0, "save")

	e := mustEdit(t, s, id)
	ex, err := s.Export(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(ex) != 1 {
		t.Fatalf("exported %d stories, want 1", len(ex))
	}
	for i, want := range []string{mdEN, mdZH} {
		if got := e.Translations[i].Markdown; got != want {
			t.Fatalf("StoryForEdit markdown=%q, want %q", got, want)
		}
		if got := ex[0].Translations[i].Markdown; got != want {
			t.Fatalf("Export markdown=%q, want %q", got, want)
		}
	}
}

func TestDeskStories(t *testing.T) {
	t.Parallel()
	s := openTest(t)
	ctx := context.Background()
	move := fixClock(s, day)
	past, future := day.Add(-time.Hour), day.Add(24*time.Hour)
	type row struct {
		key, section string
		trs          []news.TranslationInput
	}
	// Saved in this order, a minute apart: the last is the most recent.
	rows := []row{
		{"harbour", "world", []news.TranslationInput{deskTr(news.EN, "harbour-cranes", "Harbour Cranes Return", past), deskTr(news.ZH, "gangkou", "港口起重机", future)}},
		{"rates", "business", []news.TranslationInput{deskTr(news.EN, "rates-up", "Rates up 5% again", past)}},
		{"snake", "business", []news.TranslationInput{deskTr(news.EN, "snake-case", "Names in snake_case", time.Time{})}},
		{"path", "world", []news.TranslationInput{deskTr(news.EN, "windows-path", `C:\Temp and other paths`, past)}},
		{"reservoir", "world", []news.TranslationInput{deskTr(news.ZH, "shuiku", "水库见底", time.Time{}), deskTr(news.EN, "reservoir-low", "Reservoir low", future)}},
		{"plain", "business", []news.TranslationInput{deskTr(news.EN, "plain-news", "Plain 5 percent news", past)}},
	}
	ids := map[string]int64{}
	for i, r := range rows {
		move(day.Add(time.Duration(i) * time.Minute))
		trs := slices.Clone(r.trs)
		for j := range trs {
			trs[j].UpdatedAt = s.now()
		}
		ids[r.key], _ = mustSaveEdit(t, s, 0, 0, deskStory(r.key, r.section, trs...), 0, "save")
	}
	move(day.Add(time.Hour))
	list := func(f news.DeskFilter) ([]news.DeskItem, int) {
		t.Helper()
		if f.Page.Size == 0 {
			f.Page = news.Page{Number: 1, Size: 50}
		}
		items, total, err := s.DeskStories(ctx, news.ZH, f)
		if err != nil {
			t.Fatal(err)
		}
		return items, total
	}
	keys := func(items []news.DeskItem) string {
		var out []string
		for _, it := range items {
			out = append(out, it.Key)
		}
		return strings.Join(out, ",")
	}

	all, total := list(news.DeskFilter{})
	if got, want := keys(all), "plain,reservoir,path,snake,rates,harbour"; got != want {
		t.Fatalf("all=%s, want %s (most recently updated first)", got, want)
	}
	if got, want := total, 6; got != want {
		t.Fatalf("total=%d, want %d", got, want)
	}
	byKey := map[string]news.DeskItem{}
	for _, it := range all {
		byKey[it.Key] = it
	}
	h := byKey["harbour"]
	if got, want := h.Status, map[news.Lang]news.Status{news.EN: news.StatusPublished, news.ZH: news.StatusScheduled}; !reflect.DeepEqual(got, want) {
		t.Fatalf("harbour status=%v, want %v", got, want)
	}
	if got, want := h.Headlines, map[news.Lang]string{news.EN: "Harbour Cranes Return", news.ZH: "港口起重机"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("harbour headlines=%v, want %v", got, want)
	}
	if h.StoryID != ids["harbour"] || h.Section.Key != "world" || h.Section.Name != "中 world" || !h.UpdatedAt.Equal(day) {
		t.Fatalf("harbour item=%+v", h)
	}
	if got, want := byKey["reservoir"].Status, map[news.Lang]news.Status{news.EN: news.StatusScheduled, news.ZH: news.StatusDraft}; !reflect.DeepEqual(got, want) {
		t.Fatalf("reservoir status=%v, want %v", got, want)
	}
	if got, want := byKey["snake"].Status, map[news.Lang]news.Status{news.EN: news.StatusDraft}; !reflect.DeepEqual(got, want) {
		t.Fatalf("snake status=%v, want %v (no Chinese entry)", got, want)
	}

	for _, tc := range []struct {
		name    string
		section string
		query   string
		want    string
	}{
		{"section", "business", "", "plain,snake,rates"},
		{"other section", "world", "", "reservoir,path,harbour"},
		{"missing section", "sport", "", ""},
		{"headline, any case", "", "CRANES", "harbour"},
		{"headline, lower case", "", "harbour cranes", "harbour"},
		{"other-language headline", "", "起重机", "harbour"},
		{"other-language slug", "", "gangkou", "harbour"},
		{"slug only", "", "shuiku", "reservoir"},
		{"slug with hyphen", "", "rates-up", "rates"},
		{"trimmed", "", "  reservoir  ", "reservoir"},
		{"section and query", "world", "re", "reservoir,harbour"},
		{"section excludes", "business", "cranes", ""},
		{"percent is literal", "", "%", "rates"},
		{"percent in a phrase", "", "5%", "rates"},
		{"underscore is literal", "", "_", "snake"},
		{"underscore between letters", "", "e_c", "snake"},
		{"backslash is literal", "", `\`, "path"},
		{"escaped-looking query", "", `\%`, ""},
		{"no match", "", "zeppelin", ""},
	} {
		items, total := list(news.DeskFilter{Section: tc.section, Query: tc.query})
		if got := keys(items); got != tc.want {
			t.Errorf("%s (%q, %q): got [%s], want [%s]", tc.name, tc.section, tc.query, got, tc.want)
		}
		if want := len(items); total != want {
			t.Errorf("%s: total=%d, want %d", tc.name, total, want)
		}
	}

	// Pages of two, with the whole total on each.
	for _, tc := range []struct {
		number int
		want   string
	}{{1, "plain,reservoir"}, {2, "path,snake"}, {3, "rates,harbour"}, {4, ""}} {
		items, total := list(news.DeskFilter{Page: news.Page{Number: tc.number, Size: 2}})
		if got := keys(items); got != tc.want {
			t.Fatalf("page %d=[%s], want [%s]", tc.number, got, tc.want)
		}
		if total != 6 {
			t.Fatalf("page %d total=%d, want 6", tc.number, total)
		}
	}
	items, total := list(news.DeskFilter{Section: "business", Page: news.Page{Number: 2, Size: 2}})
	if got, want := keys(items), "rates"; got != want || total != 3 {
		t.Fatalf("business page 2=[%s] total %d, want [%s] total 3", got, total, want)
	}

	// Editing the oldest story brings it to the top.
	move(day.Add(2 * time.Hour))
	e := mustEdit(t, s, ids["harbour"])
	e.Translations[0].UpdatedAt = s.now()
	mustSaveEdit(t, s, e.ID, e.Version, e.StoryInput, 0, "save")
	if got, _ := list(news.DeskFilter{Page: news.Page{Number: 1, Size: 2}}); keys(got) != "harbour,plain" {
		t.Fatalf("after editing harbour: [%s], want [harbour,plain]", keys(got))
	}
}

func TestImport(t *testing.T) {
	t.Parallel()
	s := openTest(t)
	ctx := context.Background()
	fixClock(s, day)
	pub := day.Add(-time.Hour)
	old, _ := mustSaveEdit(t, s, 0, 0, deskStory("old", "world", deskTr(news.EN, "old-en", "Old", pub)), 0, "publish")
	sections := func() string {
		t.Helper()
		secs, err := s.Sections(ctx, news.EN)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, sec := range secs {
			out = append(out, fmt.Sprintf("%s:%d:%s", sec.Key, sec.Position, sec.Name))
		}
		return strings.Join(out, ",")
	}
	storyKeys := func() string {
		t.Helper()
		rows, err := s.db.Query(`SELECT key FROM stories ORDER BY key`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var out []string
		for rows.Next() {
			var k string
			rows.Scan(&k)
			out = append(out, k)
		}
		return strings.Join(out, ",")
	}
	secsIn := []news.SectionInput{
		{Key: "business", Names: map[news.Lang]string{news.EN: "Money", news.ZH: "财经"}},
		{Key: "culture", Names: map[news.Lang]string{news.EN: "Culture", news.ZH: "文化"}},
	}
	beforeSecs, beforeKeys := sections(), storyKeys()

	// The last story's slug belongs to "old": nothing at all is written.
	bad := []news.StoryInput{
		deskStory("opera", "culture", deskTr(news.EN, "opera-en", "Opera", pub)),
		deskStory("clash", "business", deskTr(news.EN, "old-en", "Clash", pub)),
	}
	err := s.Import(ctx, secsIn, bad, nil)
	asFieldError(t, err, "slug", "")
	if !strings.Contains(err.Error(), "clash") {
		t.Fatalf("import error %q does not name the story", err)
	}
	if got := sections(); got != beforeSecs {
		t.Fatalf("sections after failed import=%s, want %s", got, beforeSecs)
	}
	if got := storyKeys(); got != beforeKeys {
		t.Fatalf("stories after failed import=%s, want %s", got, beforeKeys)
	}
	if _, err := s.Story(ctx, news.EN, "opera-en"); !errors.Is(err, news.ErrNotFound) {
		t.Fatalf("story from the failed import visible: err=%v", err)
	}
	if got := searchCount(t, s, news.EN, "opera"); got != 0 {
		t.Fatalf("story from the failed import indexed: %d", got)
	}
	if got, want := revisionRows(t, s, old), 1; got != want {
		t.Fatalf("old's revisions after failed import=%d, want %d", got, want)
	}

	// A good import: new sections go last, existing ones keep their place
	// and take the new names; an existing story is replaced.
	good := []news.StoryInput{
		deskStory("opera", "culture", deskTr(news.EN, "opera-en", "Opera", pub)),
		deskStory("old", "business", deskTr(news.EN, "old-en", "Old, imported", pub)),
	}
	if err := s.Import(ctx, secsIn, good, nil); err != nil {
		t.Fatal(err)
	}
	if got, want := sections(), "world:0:EN world,business:1:Money,culture:2:Culture"; got != want {
		t.Fatalf("sections=%s, want %s", got, want)
	}
	if sec, err := s.Section(ctx, news.ZH, "business"); err != nil || sec.Name != "财经" {
		t.Fatalf("Chinese name of business=%q, %v; want 财经", sec.Name, err)
	}
	if got, want := storyKeys(), "old,opera"; got != want {
		t.Fatalf("stories=%s, want %s", got, want)
	}
	e := mustEdit(t, s, old)
	if e.Version != 2 || e.Section != "business" || e.Translations[0].Headline != "Old, imported" {
		t.Fatalf("old after import: version %d, section %q, headline %q", e.Version, e.Section, e.Translations[0].Headline)
	}
	revs, err := s.Revisions(ctx, old)
	if err != nil {
		t.Fatal(err)
	}
	if len(revs) != 2 || revs[0].Action != "import" || revs[0].Version != 2 || revs[0].Author != "" {
		t.Fatalf("old's revisions=%+v, want an import at version 2 on top", revs)
	}
	st, err := s.Story(ctx, news.EN, "opera-en")
	if err != nil {
		t.Fatal(err)
	}
	if revs, _ := s.Revisions(ctx, st.StoryID); len(revs) != 1 || revs[0].Action != "import" {
		t.Fatalf("new story's revisions=%+v, want one import", revs)
	}
	if got := searchCount(t, s, news.EN, "opera"); got != 1 {
		t.Fatalf("imported story found %d times, want 1", got)
	}
	// Importing the same again keeps the sections in place and raises the version.
	if err := s.Import(ctx, secsIn, good, nil); err != nil {
		t.Fatal(err)
	}
	if got, want := sections(), "world:0:EN world,business:1:Money,culture:2:Culture"; got != want {
		t.Fatalf("sections after re-import=%s, want %s", got, want)
	}
	if e := mustEdit(t, s, old); e.Version != 3 {
		t.Fatalf("version after re-import=%d, want 3", e.Version)
	}
}

func TestExport(t *testing.T) {
	t.Parallel()
	s := openTest(t)
	ctx := context.Background()
	fixClock(s, day)
	pub := day.Add(-time.Hour)
	const lead, inline = "aa11-lead.png", "bb22-inline.png"
	leadIm := deskImage(t, lead, 40, 20, "Photo: Ada", 20)
	inlineIm := deskImage(t, inline, 30, 30, "Photo: Lin")
	if err := s.SaveImage(ctx, inlineIm); err != nil {
		t.Fatal(err)
	}
	en := deskTr(news.EN, "photos-en", "Photos", pub)
	en.Alt = "Lead"
	en.Body = append(en.Body, news.Block{Kind: news.BlockImage, Image: &news.Image{Name: inline, ContentType: "image/png",
		Width: 30, Height: 30, Credit: "Photo: Lin", Alt: "Inline"}})
	withPhotos := deskStory("photos", "world", en)
	withPhotos.LeadImage, withPhotos.Images = lead, []news.ImageFile{leadIm}
	mustSaveEdit(t, s, 0, 0, withPhotos, 0, "publish")
	mustSaveEdit(t, s, 0, 0, deskStory("draft", "business", deskTr(news.ZH, "draft-zh", "草稿", time.Time{})), 0, "draft")
	mustSaveEdit(t, s, 0, 0, deskStory("later", "world", deskTr(news.EN, "later-en", "Later", day.Add(time.Hour))), 0, "schedule")

	ex, err := s.Export(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	for _, in := range ex {
		keys = append(keys, in.Key)
		if err := in.Validate(); err != nil {
			t.Fatalf("exported %s does not validate: %v", in.Key, err)
		}
	}
	if got, want := strings.Join(keys, ","), "draft,later,photos"; got != want {
		t.Fatalf("exported=%s, want %s (every story, drafts too)", got, want)
	}
	if got := ex[0].Translations[0]; got.Headline != "草稿" || !got.PublishedAt.IsZero() || ex[0].Section != "business" {
		t.Fatalf("draft exported as %+v", ex[0])
	}
	if got, want := ex[1].Translations[0].PublishedAt, day.Add(time.Hour); !got.Equal(want) {
		t.Fatalf("scheduled story exported at %v, want %v", got, want)
	}
	if len(ex[0].Images) != 0 || ex[0].LeadImage != "" {
		t.Fatalf("story without pictures exported with %+v", ex[0].Images)
	}
	p := ex[2]
	if got, want := p.LeadImage, lead; got != want {
		t.Fatalf("lead=%q, want %q", got, want)
	}
	if got, want := len(p.Images), 2; got != want {
		t.Fatalf("exported images=%d, want %d (lead and inline)", got, want)
	}
	for i, want := range []news.ImageFile{leadIm, inlineIm} {
		got := p.Images[i]
		if got.Name != want.Name || got.ContentType != want.ContentType || got.Width != want.Width || got.Height != want.Height || got.Credit != want.Credit {
			t.Fatalf("image %d=%+v, want %+v", i, got, want)
		}
		if !bytes.Equal(got.Data, want.Data) {
			t.Fatalf("image %s has %d bytes, want the %d stored", got.Name, len(got.Data), len(want.Data))
		}
		if got.Variants != nil {
			t.Fatalf("image %s exported with its copies", got.Name)
		}
	}
	if got := p.Translations[0].Body; len(got) != 2 || got[1].Kind != news.BlockImage || got[1].Image.Name != inline {
		t.Fatalf("exported body=%+v", got)
	}
}

func TestImportStartsNewStoriesAtVersionOne(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	if err := s.Import(ctx, []news.SectionInput{{Key: "world", Names: map[news.Lang]string{news.EN: "World", news.ZH: "国际"}}},
		[]news.StoryInput{deskStory("fresh", "world", deskTr(news.EN, "fresh", "Fresh", time.Time{}))}, nil); err != nil {
		t.Fatal(err)
	}
	items, _, err := s.DeskStories(ctx, news.EN, news.DeskFilter{Page: news.Page{Number: 1, Size: 10}})
	if err != nil || len(items) != 1 {
		t.Fatalf("DeskStories: %d items, %v", len(items), err)
	}
	if got, want := mustEdit(t, s, items[0].StoryID).Version, 1; got != want {
		t.Fatalf("a new imported story's version=%d, want %d", got, want)
	}
}

func TestInlinePictureMustBeStored(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	if err := s.PutSection(ctx, "world", 0, map[news.Lang]string{news.EN: "World"}); err != nil {
		t.Fatal(err)
	}
	tr := deskTr(news.EN, "pictured", "Pictured", time.Time{})
	tr.Body = append(tr.Body, news.Block{Kind: news.BlockImage, Image: &news.Image{Name: "nope.png", Alt: "nothing"}})
	_, err := s.SaveStory(ctx, deskStory("pictured", "world", tr))
	var fe *news.FieldError
	if !errors.As(err, &fe) || fe.Field != "image" {
		t.Fatalf("SaveStory with an unknown inline picture: err=%v, want a FieldError on image", err)
	}
	if empty, _ := s.Empty(ctx); !empty {
		t.Fatal("the story was written anyway")
	}
}

// A story showing another story's photo inline cannot change its credit.
func TestInlineUseKeepsPhotoCredit(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	if err := s.PutSection(ctx, "world", 0, map[news.Lang]string{news.EN: "World"}); err != nil {
		t.Fatal(err)
	}
	p := deskImage(t, "aaaa0000-p.png", 8, 6, "Photo: One")
	alpha := deskStory("alpha", "world", deskTr(news.EN, "alpha", "Alpha", time.Time{}))
	alpha.Translations[0].Alt = "P"
	alpha.LeadImage, alpha.Images = p.Name, []news.ImageFile{p}
	beta := deskStory("beta", "world", deskTr(news.EN, "beta", "Beta", time.Time{}))
	beta.Translations[0].Body = append(beta.Translations[0].Body, news.Block{Kind: news.BlockImage, Image: &news.Image{Name: p.Name, Alt: "P"}})
	other := p
	other.Credit = "Photo: Two"
	beta.Images = []news.ImageFile{other}
	for _, order := range [][]news.StoryInput{{alpha, beta}, {beta, alpha}} {
		s := openTest(t)
		if err := s.Import(ctx, []news.SectionInput{{Key: "world", Names: map[news.Lang]string{news.EN: "World"}}}, order, nil); err != nil {
			t.Fatal(err)
		}
		im, err := s.ImageInfo(ctx, p.Name)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := im.Credit, "Photo: One"; got != want {
			t.Fatalf("importing %s first: credit=%q, want %q", order[0].Key, got, want)
		}
	}
}

// withoutIDs is blocks as written, before a save gave them ids.
func withoutIDs(blocks []news.Block) []news.Block {
	out := make([]news.Block, len(blocks))
	for i, b := range blocks {
		b.ID = ""
		out[i] = b
	}
	return out
}

// Every version an editor may have opened can be found again, to merge
// their form with what was saved since: newsroom saves keep theirs, and a
// story that came in without one (the demo seed) gets its version kept
// before the first save replaces it, dated when it last changed.
func TestRevisionAtAndKeepVersion(t *testing.T) {
	t.Parallel()
	s := openTest(t)
	ctx := context.Background()
	fixClock(s, day)
	u := mustUser(t, s, "ed@example.com", news.RoleEditor)
	// Seeded as generated stories are: blocks, no Markdown.
	tr := deskTr(news.EN, "seeded-en", "As seeded", day.Add(-48*time.Hour))
	tr.Markdown = ""
	seeded, err := s.SaveStory(ctx, deskStory("seeded", "world", tr))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.RevisionAt(ctx, seeded, 1); !errors.Is(err, news.ErrNotFound) {
		t.Fatalf("a seeded story's version 1: err=%v, want ErrNotFound", err)
	}
	e := mustEdit(t, s, seeded)
	for range 2 { // a second call keeps nothing more
		if err := s.keepCurrentVersion(ctx, seeded); err != nil {
			t.Fatal(err)
		}
	}
	if got := revisionRows(t, s, seeded); got != 1 {
		t.Fatalf("%d revisions kept, want 1", got)
	}
	in, err := s.RevisionAt(ctx, seeded, 1)
	if err != nil || in.Translations[0].Headline != "As seeded" {
		t.Fatalf("version 1 = %+v, %v", in.Translations, err)
	}
	// The editor, and the version kept, have the body written from its
	// blocks: a revision keeps the Markdown, not the blocks.
	if got := in.Translations[0].Markdown; strings.TrimSpace(got) != "As seeded body." || e.Translations[0].Markdown != got {
		t.Fatalf("version 1's body %q, the editor's %q; want both %q", got, e.Translations[0].Markdown, "As seeded body.")
	}
	revs, _ := s.Revisions(ctx, seeded)
	if !revs[0].SavedAt.Equal(e.Translations[0].UpdatedAt) {
		t.Errorf("the kept version is dated %v, want when the story last changed (%v)", revs[0].SavedAt, e.Translations[0].UpdatedAt)
	}

	next := e.StoryInput
	next.Translations = slices.Clone(next.Translations)
	next.Translations[0].Headline = "Edited"
	_, v := mustSaveEdit(t, s, seeded, 1, next, u.ID, "save")
	for version, want := range map[int]string{1: "As seeded", v: "Edited"} {
		in, err := s.RevisionAt(ctx, seeded, version)
		if err != nil || in.Translations[0].Headline != want {
			t.Errorf("version %d: %+v, %v; want %q", version, in.Translations, err, want)
		}
	}

	// A save keeps the seeded version it replaces by itself.
	other, err := s.SaveStory(ctx, deskStory("other", "world", deskTr(news.EN, "other-en", "Other as seeded", day.Add(-48*time.Hour))))
	if err != nil {
		t.Fatal(err)
	}
	next = mustEdit(t, s, other).StoryInput
	next.Translations[0].Headline = "Other edited"
	mustSaveEdit(t, s, other, 1, next, u.ID, "save")
	if in, err := s.RevisionAt(ctx, other, 1); err != nil || in.Translations[0].Headline != "Other as seeded" {
		t.Errorf("the seeded version a save replaced: %+v, %v", in.Translations, err)
	}
}
