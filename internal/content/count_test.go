package content

import "testing"

func TestCount(t *testing.T) {
	for _, c := range []struct {
		src  string
		want int
	}{
		{"", 0},
		{"The council voted on Tuesday.", 5},
		{"It's a well-known 3.5% rise — again.", 6},
		{"港口自动化，效率提高。", 11},
		{"## 小标题\n\n> 引文", 5},
		{"##小标题\n＞引文", 5},
		{"见[文字](https://example.org/a)。", 4},
		{"见【文字】（https://example.org/a）。", 5},
		{"【编者按】（本文有删节）", 12},
		{"![A crane](crane.jpg \"Caption\")\n\nOne word", 2},
		{"1. First item\n2. Second", 3},
		{"使用 GPS 定位 2 次", 7},
		{"```embed\nkind = \"video\"\ntitle = \"A film\"\n```\nAfter", 1},
		{"**Bold** and *em*", 3},
	} {
		if got := Count(c.src); got != c.want {
			t.Errorf("Count(%q)=%d, want %d", c.src, got, c.want)
		}
	}
}
