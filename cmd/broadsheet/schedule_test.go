package main

import (
	"context"
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"broadsheet/internal/news"
	"broadsheet/internal/store"
)

// TestScheduledStorySurvivesRestart schedules a story, restarts the server
// before it is due, and sees it appear on the article URL and on the
// (cached) front page once its time comes, with no one touching anything.
func TestScheduledStorySurvivesRestart(t *testing.T) {
	data := t.TempDir()
	_, _, stop := startRun(t, data) // seeds the demo edition
	st, err := store.Open(context.Background(), filepath.Join(data, "broadsheet.db"))
	if err != nil {
		t.Fatal(err)
	}
	due := time.Now().Add(4 * time.Second).Truncate(time.Second)
	_, _, err = st.SaveEdit(context.Background(), 0, 0, news.StoryInput{Key: "night-ferry", Section: "world",
		Translations: []news.TranslationInput{{Lang: news.EN, Slug: "night-ferry-returns", Headline: "The night ferry returns",
			Markdown: "It sails at midnight again.", Body: []news.Block{{Kind: news.BlockParagraph, HTML: "It sails at midnight again.", Text: "It sails at midnight again."}},
			PublishedAt: due}}}, 0, "schedule")
	st.Close()
	if err != nil {
		t.Fatal(err)
	}
	stop()

	base, _, stop := startRun(t, data)
	defer stop()
	fetch := func(path string) (int, string) {
		resp, err := http.Get(base + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	if code, front := fetch("/en/"); code != http.StatusOK || strings.Contains(front, "The night ferry returns") {
		t.Fatalf("before its time: front page status %d, lists the story: %v", code, strings.Contains(front, "night ferry"))
	}
	if code, _ := fetch("/en/story/night-ferry-returns"); code != http.StatusNotFound {
		t.Fatalf("before its time: article status %d, want 404", code)
	}
	deadline := time.Now().Add(20 * time.Second)
	for {
		code, _ := fetch("/en/story/night-ferry-returns")
		_, front := fetch("/en/")
		_, found := fetch("/en/search?q=midnight+ferry")
		// Search marks the matched words in the headline, so look for the link.
		if code == http.StatusOK && strings.Contains(front, "The night ferry returns") && strings.Contains(found, `href="/en/story/night-ferry-returns"`) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("20 s after scheduling for %v: article %d, on the front page %v, found by search %v", due.Format(time.TimeOnly),
				code, strings.Contains(front, "night ferry"), strings.Contains(found, "night-ferry-returns"))
		}
		time.Sleep(250 * time.Millisecond)
	}
}
