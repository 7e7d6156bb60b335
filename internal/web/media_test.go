package web

import (
	"bytes"
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"broadsheet/internal/content"
	"broadsheet/internal/news"
	"broadsheet/internal/photo"
)

// A picture used only by a draft is not served to readers; the newsroom
// gets it at its own signed-in address, and shows it from there.
func TestDraftPictureIsNewsroomOnly(t *testing.T) {
	srv, st, base := newNewsroomSite(t)
	ctx := context.Background()
	addUser(t, st, "ada@example.com", news.RoleEditor)
	lead, err := photo.Process("crane.png", testPNG(800, 500))
	if err != nil {
		t.Fatal(err)
	}
	inline, err := photo.Process("quay.png", testPNG(300, 200))
	if err != nil {
		t.Fatal(err)
	}
	for _, im := range []news.ImageFile{lead, inline} {
		if err := st.SaveImage(ctx, im); err != nil {
			t.Fatal(err)
		}
	}
	md := "Text.\n\n![The quay](" + inline.Name + ")"
	body, err := content.Blocks([]byte(md))
	if err != nil {
		t.Fatal(err)
	}
	draft := news.StoryInput{Key: "hidden", Section: "technology", LeadImage: lead.Name,
		Images: []news.ImageFile{{Name: lead.Name, Credit: "Photo: Staff"}},
		Translations: []news.TranslationInput{{Lang: news.EN, Slug: "hidden", Headline: "Hidden", Alt: "A crane",
			Body: body, Markdown: md}}}
	id, err := st.SaveStory(ctx, draft)
	if err != nil {
		t.Fatal(err)
	}
	names := []string{lead.Name, lead.Variants[0].Name, inline.Name}
	want := map[string][]byte{lead.Name: lead.Data, lead.Variants[0].Name: lead.Variants[0].Data, inline.Name: inline.Data}

	reader := newClient(t, base)
	for _, n := range names {
		resp, _ := reader.get("/media/" + n)
		mustStatus(t, resp, http.StatusNotFound)
		// Not signed in: the newsroom asks for a sign-in first.
		resp, _ = reader.get("/newsroom/media/" + n)
		mustStatus(t, resp, http.StatusSeeOther)
		if got, want := resp.Header.Get("Location"), "/newsroom/login?next="+url.QueryEscape("/newsroom/media/"+n); got != want {
			t.Fatalf("redirect to %q, want %q", got, want)
		}
	}

	editor := newClient(t, base)
	mustStatus(t, editor.signIn("ada@example.com", testPassword), http.StatusSeeOther)
	for _, n := range names {
		resp, b := editor.get("/newsroom/media/" + n)
		mustStatus(t, resp, http.StatusOK)
		if !bytes.Equal([]byte(b), want[n]) {
			t.Fatalf("%s: the newsroom got %d bytes, want the %d stored", n, len(b), len(want[n]))
		}
		if got, want := resp.Header.Get("Cache-Control"), "no-store"; got != want {
			t.Fatalf("%s: Cache-Control=%q, want %q", n, got, want)
		}
		if got, want := resp.Header.Get("Content-Type"), "image/png"; got != want {
			t.Fatalf("%s: Content-Type=%q, want %q", n, got, want)
		}
	}
	// Every newsroom view of these pictures loads them from the newsroom.
	_, library := editor.get("/newsroom/photos")
	_, edit := editor.get("/newsroom/stories/" + strconv.FormatInt(id, 10))
	form := storyForm("Hidden", "")
	form.Set("action", "preview")
	form.Set("image", lead.Name)
	form.Set("en-body", md)
	form.Set("en-alt", "A crane")
	_, preview := editor.postStory("/newsroom/stories/"+strconv.FormatInt(id, 10), form, "", nil)
	_, preview, _ = strings.Cut(preview, `id="preview-title"`)
	for page, html := range map[string]string{"library": library, "editor": edit, "preview": preview} {
		if !strings.Contains(html, `src="/newsroom/media/`+lead.Name+`"`) {
			t.Errorf("%s: the lead picture is not loaded from /newsroom/media/", page)
		}
		if strings.Contains(html, `"/media/`) || strings.Contains(html, ` /media/`) {
			t.Errorf("%s: a picture is loaded from the readers' /media/", page)
		}
	}
	if !strings.Contains(preview, `src="/newsroom/media/`+inline.Name+`"`) || !strings.Contains(preview, "/newsroom/media/"+lead.Variants[0].Name+" ") {
		t.Error("preview: the inline picture or the lead's smaller copy is not loaded from /newsroom/media/")
	}

	// Published, the pictures are the readers' too; scheduled, not yet.
	now := srv.cfg.Now()
	draft.Translations[0].PublishedAt = now.Add(time.Hour)
	if _, err := st.SaveStory(ctx, draft); err != nil {
		t.Fatal(err)
	}
	for _, n := range names {
		resp, _ := reader.get("/media/" + n)
		mustStatus(t, resp, http.StatusNotFound)
	}
	draft.Translations[0].PublishedAt = now.Add(-time.Hour)
	if _, err := st.SaveStory(ctx, draft); err != nil {
		t.Fatal(err)
	}
	for _, n := range names {
		resp, b := reader.get("/media/" + n)
		mustStatus(t, resp, http.StatusOK)
		if !bytes.Equal([]byte(b), want[n]) {
			t.Fatalf("%s: a reader got %d bytes, want the %d stored", n, len(b), len(want[n]))
		}
	}
}

// BenchmarkMedia serves a published story's picture to a reader: the
// "is it public" check and the bytes, through the whole handler.
func BenchmarkMedia(b *testing.B) {
	s, st := newTestServer(b)
	f, err := st.Front(context.Background(), news.EN, frontLatest, frontPerSection)
	if err != nil || f.Lead == nil || f.Lead.Image == nil {
		b.Fatalf("no lead picture: %v", err)
	}
	tmpl := benchRequest("/media/" + f.Lead.Image.Name)
	w := &discardWriter{h: make(http.Header, 16)}
	b.ReportAllocs()
	for b.Loop() {
		w.reset()
		r := *tmpl
		s.ServeHTTP(w, &r)
		if w.status != http.StatusOK {
			b.Fatalf("status %d", w.status)
		}
	}
}
