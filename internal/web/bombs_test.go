package web

import (
	"net/http"
	"strings"
	"testing"

	"broadsheet/internal/news"
)

// A preview of a body crafted to make the Markdown or TOML parser take
// seconds and gigabytes (issue 10) answers at once with a message saying
// why; nothing is saved. The test's timeout is the guard against a hang.
func TestNewsroomPreviewRefusesBombs(t *testing.T) {
	_, st, base := newNewsroomSite(t)
	c := signedIn(t, st, base, news.RoleEditor)
	r := strings.Repeat
	complexMsg := map[string]string{"en": "This text is marked up too deeply to be read", "zh": "此正文的标记过于复杂"}
	for _, lang := range []string{"en", "zh"} {
		c.lang = lang
		for name, bomb := range map[string]struct{ body, want string }{
			"emphasis *a_ × 32 000": {r("*a_", 32_000), complexMsg[lang]},
			"quotes > × 100 000":    {r(">", 100_000), complexMsg[lang]},
			"links [a]( × 50 000":   {r("[a](", 50_000), complexMsg[lang]},
			"embed TOML bomb": {"```embed\nx = " + r("{a=", 16_000) + "1" + r("}", 16_000) + "\n```\n",
				map[string]string{"en": "may hold at most 2 KB", "zh": "```embed代码块最多2 KB"}[lang]},
			// Over the limit, the body is refused unread.
			"links over the limit": {r("[a](", 60_000),
				map[string]string{"en": "This has 240000 characters; at most 200000 are allowed.", "zh": "已输入240000个字，超过200000字的上限。"}[lang]},
		} {
			c.get("/newsroom/stories/new")
			form := storyForm("A preview", "")
			form.Set("action", "preview")
			form.Set("en-body", bomb.body)
			resp, page := c.postStory("/newsroom/stories/new", form, "", nil)
			if got, want := resp.StatusCode, http.StatusUnprocessableEntity; got != want {
				t.Fatalf("%s, %s: status=%d, want %d", lang, name, got, want)
			}
			if !strings.Contains(page, bomb.want) {
				t.Errorf("%s, %s: the editor does not say %q", lang, name, bomb.want)
			}
		}
	}
	if _, page := c.get("/newsroom/"); strings.Contains(page, "A preview") {
		t.Fatal("a preview was saved")
	}
}
