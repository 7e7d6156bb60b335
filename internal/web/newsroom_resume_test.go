package web

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/net/html"

	"broadsheet/internal/news"
)

// formValues reads the values a browser would send from the form with the
// given id (or action, for a form without one): inputs, textareas and
// selected options, without buttons or file inputs.
func formValues(t *testing.T, page, form string) url.Values {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	attr := func(n *html.Node, k string) (string, bool) {
		for _, a := range n.Attr {
			if a.Key == k {
				return a.Val, true
			}
		}
		return "", false
	}
	text := func(n *html.Node) string {
		var b strings.Builder
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			b.WriteString(c.Data)
		}
		return b.String()
	}
	vals := url.Values{}
	var found bool
	var walk func(n *html.Node, in bool)
	walk = func(n *html.Node, in bool) {
		if n.Type == html.ElementNode && n.Data == "form" {
			id, _ := attr(n, "id")
			action, _ := attr(n, "action")
			in = id == form || action == form
			found = found || in
		}
		if in && n.Type == html.ElementNode {
			name, named := attr(n, "name")
			_, disabled := attr(n, "disabled")
			switch {
			case !named || disabled:
			case n.Data == "input":
				typ, _ := attr(n, "type")
				_, checked := attr(n, "checked")
				v, _ := attr(n, "value")
				switch typ {
				case "file", "submit", "button":
				case "checkbox", "radio":
					if checked {
						vals.Add(name, v)
					}
				default:
					vals.Add(name, v)
				}
			case n.Data == "textarea":
				vals.Add(name, strings.TrimPrefix(text(n), "\n"))
			case n.Data == "select":
				for o := n.FirstChild; o != nil; o = o.NextSibling {
					if _, sel := attr(o, "selected"); sel && o.Type == html.ElementNode {
						v, _ := attr(o, "value")
						vals.Add(name, v)
					}
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, in)
		}
	}
	walk(doc, false)
	if !found {
		t.Fatalf("no form %q on the page", form)
	}
	return vals
}

// TestNewsroomSessionEndedKeepsForm: without JavaScript, an editor whose
// session ends while writing saves, signs in again on the page that
// answers, and gets the editor back with everything typed, not yet saved;
// saving from there stores it. The sign-in itself never saves, and the old
// page's CSRF token does not work in the new session.
func TestNewsroomSessionEndedKeepsForm(t *testing.T) {
	var mu sync.Mutex
	clock := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	now := func() time.Time { mu.Lock(); defer mu.Unlock(); return clock }
	_, st, base := newNewsroomSite(t, func(c *Config) { c.Now = now })
	c := signedIn(t, st, base, news.RoleEditor)
	_, page := c.get("/newsroom/stories/new")
	oldCSRF := c.csrf
	form := formValues(t, page, "editor")
	// A long story: the carried form is far over a reader's form size.
	const headline = "Ferry crews vote on the new rota"
	body := "The ferry crews voted on Tuesday.\n\n船员周二投票。" + strings.Repeat("潮水上涨，码头排班。", 3000)
	form.Set("section", "technology")
	form.Set("en-headline", headline)
	form.Set("en-body", body)
	form.Set("action", "publish")

	// Thirteen hours later the session is over, however the browser kept it.
	mu.Lock()
	clock = clock.Add(sessionMax + time.Hour)
	mu.Unlock()
	resp, signIn := c.postStory("/newsroom/stories/new", form, "quay.png", testPNG(40, 30))
	mustStatus(t, resp, http.StatusUnauthorized)
	for _, want := range []string{
		"Your newsroom session has ended, so nothing has been saved yet.",
		"Your changes are kept on this page. Sign in again and they open in the editor, ready to save.",
		"The photo you chose could not be kept: choose it again in the editor before you save.",
		`enctype="multipart/form-data"`,
	} {
		if !strings.Contains(signIn, want) {
			t.Fatalf("the sign-in page after a late save lacks %q", want)
		}
	}
	carried := formValues(t, signIn, "/newsroom/login")
	if got := carried.Get("carried.en-body"); got != body {
		t.Fatalf("carried body=%q, want %q", got, body)
	}
	for _, k := range []string{"carried.csrf", "carried.action", "carried.photo"} {
		if _, ok := carried[k]; ok {
			t.Fatalf("the sign-in page carries %s", k)
		}
	}
	storyCount := func() int {
		items, _, err := st.DeskStories(context.Background(), news.EN, news.DeskFilter{Query: "Ferry crews", Page: news.Page{Number: 1, Size: 10}})
		if err != nil {
			t.Fatal(err)
		}
		return len(items)
	}

	// A wrong password keeps the form too.
	carried.Set("email", "editor@example.com")
	carried.Set("password", "not the password")
	resp, again := c.postFile("/newsroom/login", carried, "", "", nil)
	mustStatus(t, resp, http.StatusUnauthorized)
	if got := formValues(t, again, "/newsroom/login").Get("carried.en-headline"); got != headline {
		t.Fatalf("after a failed sign-in the carried headline=%q, want %q", got, headline)
	}

	carried.Set("password", testPassword)
	resp, editor := c.postFile("/newsroom/login", carried, "", "", nil)
	mustStatus(t, resp, http.StatusOK)
	for _, want := range []string{
		"You are signed in again. Your changes are below and not saved yet: check them, then save or publish.",
		"The photo you chose could not be kept",
	} {
		if !strings.Contains(editor, want) {
			t.Fatalf("the editor after signing in again lacks %q", want)
		}
	}
	if n := storyCount(); n != 0 {
		t.Fatalf("signing in saved %d stories, want none before the editor saves", n)
	}
	back := formValues(t, editor, "editor")
	if got := back.Get("en-body"); got != body {
		t.Fatalf("editor body after signing in=%q, want %q", got, body)
	}
	if back.Get("create_token") != form.Get("create_token") || back.Get("csrf") == oldCSRF {
		t.Fatalf("editor after signing in: create token %q (want %q), csrf renewed %v", back.Get("create_token"), form.Get("create_token"), back.Get("csrf") != oldCSRF)
	}

	// The page from before the session ended cannot save with its token.
	form.Set("csrf", oldCSRF)
	resp, _ = c.postStory("/newsroom/stories/new", form, "", nil)
	mustStatus(t, resp, http.StatusForbidden)

	back.Set("action", "publish")
	resp, _ = c.postStory("/newsroom/stories/new", back, "", nil)
	mustStatus(t, resp, http.StatusSeeOther)
	if n := storyCount(); n != 1 {
		t.Fatalf("after saving, %d stories, want 1", n)
	}
	_, saved := c.get(resp.Header.Get("Location"))
	if got := formValues(t, saved, "editor").Get("en-body"); got != body {
		t.Fatalf("saved body=%q, want %q", got, body)
	}
}

// TestNewsroomSignInCarriesOnlyEditorForms: a sign-in carries a form only to
// the story editor, only with an editor's field names, and says so in the
// editor's language.
func TestNewsroomSignInCarriesOnlyEditorForms(t *testing.T) {
	_, st, base := newNewsroomSite(t)
	addUser(t, st, "ada@example.com", news.RoleEditor)
	anon := newClient(t, base)
	anon.lang = "zh-CN"
	resp, body := anon.post("/newsroom/stories/new", url.Values{"en-headline": {"标题"}, "action": {"save"}})
	mustStatus(t, resp, http.StatusUnauthorized)
	if !strings.Contains(body, "登录已过期，内容尚未保存。") || !strings.Contains(body, `name="carried.en-headline" value="标题"`) {
		t.Fatal("the Chinese sign-in page does not carry the form or say so")
	}
	// Another newsroom form is refused as before, and not carried.
	resp, body = anon.post("/newsroom/glossary", url.Values{"glossary-zh-hant": {"a b"}})
	mustStatus(t, resp, http.StatusUnauthorized)
	if strings.Contains(body, "carried.") {
		t.Fatal("a glossary form is carried across the sign-in")
	}

	for _, tc := range []struct {
		name string
		form url.Values
	}{
		{"not the editor", url.Values{"next": {"/newsroom/users"}, "carried.en-headline": {"x"}}},
		{"no editor field", url.Values{"next": {"/newsroom/stories/new"}, "carried.<b>": {"x"}, "carried.csrf": {"x"}}},
		{"too many fields", url.Values{"next": {"/newsroom/stories/new"}, "carried.en-headline": manyValues(maxCarriedFields + 1)}},
		{"no fields", url.Values{"next": {"/newsroom/stories/new"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := newClient(t, base)
			tc.form.Set("email", "ada@example.com")
			tc.form.Set("password", testPassword)
			resp, _ := c.postFile("/newsroom/login", tc.form, "", "", nil)
			mustStatus(t, resp, http.StatusSeeOther) // signed in, nothing carried
		})
	}

	// A story deleted while its editor was signed out is not found in the
	// newsroom's own frame.
	c := newClient(t, base)
	resp, body = c.postFile("/newsroom/login", url.Values{"next": {"/newsroom/stories/99999"}, "carried.en-headline": {"x"},
		"email": {"ada@example.com"}, "password": {testPassword}}, "", "", nil)
	mustStatus(t, resp, http.StatusNotFound)
	if !strings.Contains(body, "There is no such story, revision or page in the newsroom.") {
		t.Fatal("a carried form for a story gone meanwhile is not answered in the newsroom")
	}
}

func manyValues(n int) []string {
	vs := make([]string, n)
	for i := range vs {
		vs[i] = "x"
	}
	return vs
}
