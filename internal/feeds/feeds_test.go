package feeds

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"broadsheet/tests/feedcheck"
)

// A story without a byline is credited to the site, in Atom and RSS alike.
func TestAuthorFallsBackToSite(t *testing.T) {
	at := time.Date(2026, 11, 26, 7, 30, 0, 0, time.UTC)
	f := Feed{Title: "Broadsheet", Lang: "en", Link: "https://news.example/en/", Self: "https://news.example/en/atom.xml",
		Author: "Broadsheet", Updated: at, Items: []Item{
			{ID: "tag:news.example,2026:story/1/en", Title: "Bylined", Link: "https://news.example/en/story/a", Author: "Mei Lin", Published: at, Updated: at},
			{ID: "tag:news.example,2026:story/2/en", Title: "Unsigned", Link: "https://news.example/en/story/b", Published: at, Updated: at},
		}}
	var atom, rss bytes.Buffer
	if err := Atom(&atom, f); err != nil {
		t.Fatal(err)
	}
	for _, err := range feedcheck.Atom(atom.Bytes()) {
		t.Error(err)
	}
	if got, want := strings.Count(atom.String(), "<name>Broadsheet</name>"), 2; got != want {
		t.Errorf("Atom names the site %d times (feed and unsigned entry), want %d:\n%s", got, want, atom.String())
	}
	if !strings.Contains(atom.String(), "<name>Mei Lin</name>") {
		t.Errorf("Atom lacks the byline's author:\n%s", atom.String())
	}
	if err := RSS(&rss, f); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"<dc:creator>Mei Lin</dc:creator>", "<dc:creator>Broadsheet</dc:creator>"} {
		if !strings.Contains(rss.String(), want) {
			t.Errorf("RSS lacks %s:\n%s", want, rss.String())
		}
	}
}
