package web

import (
	"net/http"
	"reflect"
	"strings"
	"testing"

	"broadsheet/internal/news"
)

func TestMergeFields(t *testing.T) {
	base := map[string]string{"en-headline": "Old", "zh-headline": "旧", "en-body": "One.\n\nTwo.", "section": "world", "credit": "A"}
	for _, c := range []struct {
		name         string
		mine, theirs map[string]string
		want         map[string]string
		conflicts    []string
	}{
		{"each changed another field",
			map[string]string{"en-headline": "New", "zh-headline": "旧", "en-body": "One.\n\nTwo.", "section": "world", "credit": "A"},
			map[string]string{"en-headline": "Old", "zh-headline": "新", "en-body": "One.\n\nTwo.", "section": "science", "credit": "A"},
			map[string]string{"en-headline": "New", "zh-headline": "新", "en-body": "One.\n\nTwo.", "section": "science", "credit": "A"}, nil},
		{"both made the same change",
			map[string]string{"en-headline": "Same", "zh-headline": "旧", "en-body": "One.\n\nTwo.", "section": "world", "credit": "A"},
			map[string]string{"en-headline": "Same", "zh-headline": "旧", "en-body": "One.\n\nTwo.", "section": "world", "credit": "A"},
			map[string]string{"en-headline": "Same", "zh-headline": "旧", "en-body": "One.\n\nTwo.", "section": "world", "credit": "A"}, nil},
		{"only spacing and line endings differ",
			map[string]string{"en-headline": "Old ", "zh-headline": "旧", "en-body": "One.\r\n\r\nTwo.", "section": "world", "credit": "A"},
			map[string]string{"en-headline": "Old", "zh-headline": "旧", "en-body": "One.\n\nTwo.\n", "section": "world", "credit": "B"},
			map[string]string{"en-headline": "Old ", "zh-headline": "旧", "en-body": "One.\r\n\r\nTwo.", "section": "world", "credit": "B"}, nil},
		{"both changed the body, in different paragraphs",
			map[string]string{"en-headline": "Old", "zh-headline": "旧", "en-body": "One, fixed.\n\nTwo.", "section": "world", "credit": "A"},
			map[string]string{"en-headline": "Old", "zh-headline": "旧", "en-body": "One.\n\nTwo, rewritten.", "section": "world", "credit": "A"},
			map[string]string{"en-headline": "Old", "zh-headline": "旧", "en-body": "One, fixed.\n\nTwo, rewritten.", "section": "world", "credit": "A"}, nil},
		{"both changed one paragraph of the body",
			map[string]string{"en-headline": "Old", "zh-headline": "旧", "en-body": "One, mine.\n\nTwo.", "section": "world", "credit": "A"},
			map[string]string{"en-headline": "Old", "zh-headline": "旧", "en-body": "One, theirs.\n\nTwo.", "section": "world", "credit": "A"},
			map[string]string{"en-headline": "Old", "zh-headline": "旧", "en-body": "One, mine.\n\nTwo.", "section": "world", "credit": "A"}, []string{"en-body"}},
		{"both changed one field, each their way",
			map[string]string{"en-headline": "Mine", "zh-headline": "旧", "en-body": "One.\n\nTwo.", "section": "world", "credit": "C"},
			map[string]string{"en-headline": "Theirs", "zh-headline": "新", "en-body": "One.\n\nTwo.", "section": "world", "credit": "A"},
			map[string]string{"en-headline": "Mine", "zh-headline": "新", "en-body": "One.\n\nTwo.", "section": "world", "credit": "C"}, []string{"en-headline"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, conflicts := mergeFields(base, c.mine, c.theirs)
			if !reflect.DeepEqual(got, c.want) || !reflect.DeepEqual(conflicts, c.conflicts) {
				t.Errorf("merged %v, conflicts %v; want %v, %v", got, conflicts, c.want, c.conflicts)
			}
		})
	}
	// Without the version both started from, any difference is a conflict.
	_, conflicts := mergeFields(nil, map[string]string{"a": "1", "b": "x"}, map[string]string{"a": "2", "b": "x"})
	if !reflect.DeepEqual(conflicts, []string{"a"}) {
		t.Errorf("no base: conflicts %v, want [a]", conflicts)
	}
}

// An editor on the English and a translator on the Chinese work on one
// story at once: whoever saves second keeps the other's work, and readers
// get both. When both change one field, nothing is saved and the second
// sees both versions and chooses.
func TestNewsroomEditorAndTranslatorBothKept(t *testing.T) {
	_, st, base := newNewsroomSite(t)
	editor := signedIn(t, st, base, news.RoleEditor)
	translator := signedIn(t, st, base, news.RoleAdmin)
	reader := newClient(t, base)
	editor.get("/newsroom/stories/new")
	form := storyForm("Harbour robots start work", "港口机器人上岗")
	resp, _ := editor.postStory("/newsroom/stories/new", form, "", nil)
	mustStatus(t, resp, http.StatusSeeOther)
	path := strings.Split(resp.Header.Get("Location"), "?")[0]

	// Both open the story.
	_, pageE := editor.get(path)
	_, pageT := translator.get(path)
	formE, formT := formFromEditor(t, pageE), formFromEditor(t, pageT)

	// The translator rewrites the Chinese and saves first.
	formT.Set("action", "save")
	formT.Set("zh-headline", "港口机器人开始值夜班")
	formT.Set("zh-body", "第一段，关于港口机器人的夜班。\n\n## 有何变化\n\n第二段。")
	resp, _ = translator.postStory(path, formT, "", nil)
	mustStatus(t, resp, http.StatusSeeOther)

	// The editor, from the form opened before, changes the English headline
	// and the section.
	formE.Set("action", "save")
	formE.Set("en-headline", "Harbour robots take the night shift")
	formE.Set("section", "business")
	resp, _ = editor.postStory(path, formE, "", nil)
	mustStatus(t, resp, http.StatusSeeOther)
	if loc := resp.Header.Get("Location"); !strings.Contains(loc, "merged=1") {
		t.Fatalf("a merged save redirects to %s, want the merge noted", loc)
	}
	_, page := editor.get(resp.Header.Get("Location"))
	if !strings.Contains(page, "Your changes and theirs are both kept") {
		t.Error("the editor is not told the save was merged with another")
	}
	for _, want := range []string{"Harbour robots take the night shift", "港口机器人开始值夜班", "第一段，关于港口机器人的夜班。", `<option value="business" selected`} {
		if !strings.Contains(page, want) {
			t.Errorf("after both saves the story lacks %q", want)
		}
	}
	// Readers get both.
	for _, c := range []struct{ path, want string }{
		{"/en/section/business", "Harbour robots take the night shift"},
		{"/zh/section/business", "港口机器人开始值夜班"},
	} {
		resp, body := reader.get(c.path)
		mustStatus(t, resp, http.StatusOK)
		if !strings.Contains(body, c.want) {
			t.Errorf("%s does not show %q", c.path, c.want)
		}
	}

	// Now both change the English summary, and each something else.
	_, pageE = editor.get(path)
	_, pageT = translator.get(path)
	formE, formT = formFromEditor(t, pageE), formFromEditor(t, pageT)
	formT.Set("action", "save")
	formT.Set("en-summary", "The translator's summary.")
	formT.Set("zh-summary", "译者改写的摘要。")
	resp, _ = translator.postStory(path, formT, "", nil)
	mustStatus(t, resp, http.StatusSeeOther)
	formE.Set("action", "save")
	formE.Set("en-summary", "The editor's summary.")
	formE.Set("en-byline", "By the night desk")
	resp, body := editor.postStory(path, formE, "", nil)
	mustStatus(t, resp, http.StatusConflict)
	for _, want := range []string{
		"admin@example.com saved this story at", "You both changed the fields listed here",
		"The editor&#39;s summary.", "The translator&#39;s summary.", `name="take-en-summary"`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("the conflict page lacks %q", want)
		}
	}
	if strings.Contains(body, `name="take-en-byline"`) || strings.Contains(body, `name="take-zh-summary"`) {
		t.Error("a field only one side changed is offered as a conflict")
	}
	// Nothing of the editor's was saved yet.
	_, now := translator.get(path)
	if strings.Contains(now, "By the night desk") || !strings.Contains(now, "The translator&#39;s summary.") {
		t.Fatal("a conflicting save changed the story")
	}
	// The form now holds the translator's Chinese summary; the editor takes
	// the translator's English summary too, and saves.
	again := formFromEditor(t, body)
	if again.Get("zh-summary") != "译者改写的摘要。" || again.Get("en-byline") != "By the night desk" {
		t.Fatalf("the conflict form is not merged: zh-summary %q, en-byline %q", again.Get("zh-summary"), again.Get("en-byline"))
	}
	again.Set("action", "save")
	again.Set("take-en-summary", "1")
	resp, _ = editor.postStory(path, again, "", nil)
	mustStatus(t, resp, http.StatusSeeOther)
	_, now = editor.get(path)
	for _, want := range []string{"The translator&#39;s summary.", "译者改写的摘要。", "By the night desk"} {
		if !strings.Contains(now, want) {
			t.Errorf("after choosing, the story lacks %q", want)
		}
	}
	if strings.Contains(now, "The editor&#39;s summary.") {
		t.Error("the editor took the translator's summary, but theirs was saved")
	}
}
