package web

import (
	"fmt"
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"broadsheet/internal/news"
)

// Story pages give published and updated times with hour and minute in the
// site's time zone, which an admin sets; cards give the day alone.
func TestSiteTimeZone(t *testing.T) {
	srv, st, base := newNewsroomSite(t)
	story := "/en/story/" + seawallEN
	if page := body(t, get(t, srv, story)); !strings.Contains(page, ">November 26, 2026, 07:30 UTC</time>") {
		t.Fatal("the story page does not give the time in UTC")
	}
	if page := body(t, get(t, srv, "/zh/story/"+seawallZH)); !strings.Contains(page, ">2026年11月26日 07:30 UTC</time>") {
		t.Fatal("the Chinese story page does not give the time")
	}
	ed := signedIn(t, st, base, news.RoleEditor)
	if resp, _ := ed.get("/newsroom/settings"); resp.StatusCode != http.StatusForbidden {
		t.Fatalf("an editor got the settings: status %d", resp.StatusCode)
	}
	admin := signedIn(t, st, base, news.RoleAdmin)
	admin.get("/newsroom/settings")
	resp, page := admin.post("/newsroom/settings", url.Values{"csrf": {admin.csrf}, "time_zone": {"Mars/Olympus_Mons"}})
	mustStatus(t, resp, http.StatusUnprocessableEntity)
	if !strings.Contains(html.UnescapeString(page), "“Mars/Olympus_Mons” is not a time zone name") {
		t.Fatal("an unknown zone is not explained")
	}
	resp, _ = admin.post("/newsroom/settings", url.Values{"csrf": {admin.csrf}, "time_zone": {"Asia/Taipei"}})
	mustStatus(t, resp, http.StatusSeeOther)
	for path, want := range map[string]string{
		story:                         ">November 26, 2026, 15:30 CST</time>",
		"/zh-hant/story/" + seawallZH: ">2026年11月26日 15:30 CST</time>",
	} {
		if page := body(t, get(t, srv, path)); !strings.Contains(page, want) {
			t.Errorf("%s does not show %s after the zone changed", path, want)
		}
	}
	if _, p := admin.get("/newsroom/settings?saved=1"); !strings.Contains(p, `value="Asia/Taipei"`) {
		t.Fatal("the settings page does not show the saved zone")
	}

	// The newsroom reads and shows times in the site's zone too: a story
	// scheduled for 20:00 goes out at 20:00 Taipei time, 12:00 UTC.
	day := srv.cfg.Now().In(time.UTC).AddDate(0, 0, 2).Format("2006-01-02")
	ed.get("/newsroom/stories/new")
	form := storyForm("Evening story", "")
	form.Set("action", "schedule")
	form.Set("schedule_at", day+"T20:00:00")
	resp, _ = ed.postStory("/newsroom/stories/new", form, "", nil)
	mustStatus(t, resp, http.StatusSeeOther)
	_, editor := ed.get(resp.Header.Get("Location"))
	if !strings.Contains(editor, `value="`+day+`T20:00:00"`) || !strings.Contains(editor, "Asia/Taipei") ||
		!strings.Contains(editor, "20:00:00 CST") {
		t.Error("the editor does not show the schedule in the site's zone")
	}
	e, err := st.StoryForEdit(t.Context(), storyIDFrom(t, resp.Header.Get("Location")))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := e.Translations[0].PublishedAt.UTC().Format("2006-01-02 15:04"), day+" 12:00"; got != want {
		t.Errorf("scheduled for %s UTC, want %s", got, want)
	}
}

// storyIDFrom reads the story id from an editor address.
func storyIDFrom(t *testing.T, loc string) int64 {
	t.Helper()
	var id int64
	if _, err := fmt.Sscanf(strings.TrimPrefix(loc, "/newsroom/stories/"), "%d", &id); err != nil {
		t.Fatalf("no story id in %q", loc)
	}
	return id
}
