// Package corpus generates a synthetic bilingual news corpus for benchmarks:
// stories in English and Simplified Chinese that read like news prose, built
// from sentence templates and a vocabulary, deterministic for a seed and
// streamed one story at a time so memory does not grow with the corpus.
package corpus

import (
	"html"
	"math"
	"math/rand/v2"
	"strconv"
	"time"
	"unicode/utf8"

	"broadsheet/internal/news"
)

// Stories are published over the five years before end.
var (
	start = time.Date(2021, 11, 1, 0, 0, 0, 0, time.UTC)
	end   = time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
)

// Body sizes: English words and Chinese characters (runes) over all blocks.
const (
	minWords, maxWords = 120, 200
	minRunes, maxRunes = 200, 350
)

// Generate calls yield for n stories, each with an English and a Chinese
// translation, deterministic for a seed. Stories are keyed gen-000001 on,
// published in order over the five years before 2026-11-01 (the newest last)
// and filed under the demo's sections. Story i's text depends only on the
// seed and i, so a longer run extends a shorter one; publication times depend
// on n. Generation stops at the first error yield returns.
func Generate(n int, seed int64, yield func(news.StoryInput) error) error {
	if n <= 0 {
		return nil
	}
	first, last := start.Unix(), end.Unix()
	if int64(n) > last-first { // more stories than seconds: one a second, ending at end
		first = last - int64(n)
	}
	span := last - first
	g := newGen(seed)
	for i := 0; i < n; i++ {
		// Each story gets its own slot of the timeline, so times strictly increase.
		lo := first + int64(i)*span/int64(n)
		hi := first + int64(i+1)*span/int64(n)
		if err := yield(g.story(i, lo, hi)); err != nil {
			return err
		}
	}
	return nil
}

// gen holds the random source, the current story's cast and reusable buffers.
type gen struct {
	seed uint64
	src  rand.PCG
	r    *rand.Rand

	// The current story.
	sec            int
	top            *topic
	place, other   *place
	org, expert    pair
	n1, r1, n2, r2 pair
	day            pair
	year           int
	used           [8]uint64 // templates used, per role, so a story does not repeat itself
	quoteUsed      uint64

	// Slot values for the current sentence, shared by its two languages.
	have [128]bool
	val  [128]int

	en, zh []byte // rendered body sentences
	sents  []span
	order  []int
}

// span locates one rendered sentence in gen.en and gen.zh.
type span struct{ e0, e1, z0, z1 int }

// Roles index gen.used.
const (
	roleLede = iota
	roleContext
	roleNumber
	roleQuote
	roleReaction
	roleOutlook
	roleFiller
	roleDetail
)

var (
	secCum   []int       // cumulative section weights
	topicIdx [][]int     // topic indices per section
	topicCum [][]int     // cumulative topic weights per section
	secQuote [][]pair    // generic plus section quotations
	pools    [7][]pair   // templates by role, roleDetail aside
	middle   = [...]int{ // the order of the body between lede and outlook
		roleContext, roleDetail, roleNumber, roleQuote, roleReaction, roleDetail,
		roleNumber, roleQuote, roleContext, roleReaction, roleNumber, roleContext,
		roleFiller, roleFiller,
	}
)

func init() {
	pools = [7][]pair{ledes, contexts, numbers, quotes, reactions, outlooks, fillers}
	topicIdx = make([][]int, len(sections))
	topicCum = make([][]int, len(sections))
	secQuote = make([][]pair, len(sections))
	sum := 0
	for i, s := range sections {
		sum += s.weight
		secCum = append(secCum, sum)
		secQuote[i] = append(append([]pair(nil), genericQuotes...), s.quotes...)
	}
	sums := make([]int, len(sections))
	for i, t := range topics {
		sums[t.sec] += t.weight
		topicIdx[t.sec] = append(topicIdx[t.sec], i)
		topicCum[t.sec] = append(topicCum[t.sec], sums[t.sec])
	}
}

func newGen(seed int64) *gen {
	g := &gen{seed: mix(uint64(seed))}
	g.r = rand.New(&g.src)
	g.en = make([]byte, 0, 2048)
	g.zh = make([]byte, 0, 2048)
	return g
}

// mix is splitmix64's finaliser: neighbouring seeds give unrelated streams.
func mix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ x>>30) * 0xbf58476d1ce4e5b9
	x = (x ^ x>>27) * 0x94d049bb133111eb
	return x ^ x>>31
}

func weighted(r *rand.Rand, cum []int) int {
	x := r.IntN(cum[len(cum)-1])
	for i, c := range cum {
		if x < c {
			return i
		}
	}
	return len(cum) - 1
}

// person invents a name: Chinese for Chinese datelines, mostly foreign elsewhere.
func (g *gen) person() pair {
	if g.place.cur == 'y' || g.r.IntN(5) == 0 {
		s, n := surnames[g.r.IntN(len(surnames))], givenNames[g.r.IntN(len(givenNames))]
		return pair{s.en + " " + n.en, s.zh + n.zh}
	}
	f, l := firstNames[g.r.IntN(len(firstNames))], lastNames[g.r.IntN(len(lastNames))]
	return pair{f.en + " " + l.en, f.zh + "·" + l.zh}
}

func (g *gen) story(i int, lo, hi int64) news.StoryInput {
	r := g.r
	g.src.Seed(g.seed, mix(uint64(i)))
	num := strconv.Itoa(i + 1)
	pub := lo
	if hi > lo {
		pub += r.Int64N(hi - lo)
	}
	pubTime := time.Unix(pub, 0).UTC()

	// The cast.
	g.sec = weighted(r, secCum)
	sec := &sections[g.sec]
	g.top = &topics[topicIdx[g.sec][weighted(r, topicCum[g.sec])]]
	g.place = &places[r.IntN(len(places))]
	g.other = &places[r.IntN(len(places))]
	for g.other == g.place {
		g.other = &places[r.IntN(len(places))]
	}
	g.org = sec.orgs[r.IntN(len(sec.orgs))]
	g.expert = experts[r.IntN(len(experts))]
	g.n1, g.r1 = g.person(), roles[r.IntN(len(roles))]
	g.n2, g.r2 = g.person(), roles[r.IntN(len(roles))]
	g.year = pubTime.Year()
	g.day = days[time.Unix(pub-int64(r.IntN(2))*86400, 0).UTC().Weekday()]
	g.used = [8]uint64{}
	g.quoteUsed = 0

	hl := headlines[r.IntN(len(headlines))]
	headEN, headZH := g.line(hl.pair)
	sumEN, sumZH := g.line(summaries[r.IntN(len(summaries))])
	bodyEN, bodyZH := g.body()

	by := reporters[r.IntN(len(reporters))]
	byEN, byZH := "By "+by.en, "记者"+by.zh
	if r.IntN(5) == 0 {
		by2 := reporters[r.IntN(len(reporters))]
		if by2 != by {
			byEN += " and " + by2.en
			byZH += "、" + by2.zh
		}
	}

	return news.StoryInput{
		Key:     "gen-" + pad6(i+1),
		Section: sec.key,
		Translations: []news.TranslationInput{
			{
				Lang: news.EN, Slug: slugify(headEN) + "-" + num,
				Headline: headEN, Summary: sumEN, Byline: byEN, Body: bodyEN,
				PublishedAt: pubTime, UpdatedAt: g.updated(pubTime),
			},
			{
				Lang: news.ZH, Slug: g.place.py + "-" + g.top.py + "-" + hl.py + "-" + num,
				Headline: headZH, Summary: sumZH, Byline: byZH, Body: bodyZH,
				PublishedAt: pubTime, UpdatedAt: g.updated(pubTime),
			},
		},
	}
}

// updated is the publication time, or for about a third of translations a
// correction minutes to hours later.
func (g *gen) updated(pub time.Time) time.Time {
	if g.r.IntN(3) > 0 {
		return pub
	}
	return pub.Add(time.Duration(60+g.r.IntN(6*3600)) * time.Second)
}

// line renders a one-off template (headline, summary, heading) in both languages.
func (g *gen) line(t pair) (string, string) {
	g.have = [128]bool{}
	n := len(g.en)
	g.en = g.render(g.en, t.en, false)
	upper(g.en, n)
	en := string(g.en[n:])
	g.en = g.en[:n]
	n = len(g.zh)
	g.zh = g.render(g.zh, t.zh, true)
	zh := string(g.zh[n:])
	g.zh = g.zh[:n]
	return en, zh
}

// sentence renders t into the body buffers and returns its English word and
// Chinese rune counts.
func (g *gen) sentence(t pair) (words, runes int) {
	g.have = [128]bool{}
	s := span{e0: len(g.en), z0: len(g.zh)}
	g.en = g.render(g.en, t.en, false)
	upper(g.en, s.e0)
	g.zh = g.render(g.zh, t.zh, true)
	s.e1, s.z1 = len(g.en), len(g.zh)
	g.sents = append(g.sents, s)
	return countWords(g.en[s.e0:s.e1]), utf8.RuneCount(g.zh[s.z0:s.z1])
}

// unsay removes the last sentence.
func (g *gen) unsay() {
	s := g.sents[len(g.sents)-1]
	g.sents = g.sents[:len(g.sents)-1]
	g.en, g.zh = g.en[:s.e0], g.zh[:s.z0]
}

// template picks a template of a role the story has not used yet, if any.
func (g *gen) template(role int) (pair, bool) {
	pool := g.pool(role)
	for try := 0; try < 4; try++ {
		k := g.r.IntN(len(pool))
		if g.used[role]&(1<<k) == 0 {
			g.used[role] |= 1 << k
			return pool[k], true
		}
	}
	return pair{}, false
}

func (g *gen) pool(role int) []pair {
	if role == roleDetail {
		return g.top.details
	}
	return pools[role]
}

// body writes 4–7 blocks: a one-sentence lede, paragraphs, sometimes a
// sub-heading, and an outlook sentence to close, within the size budgets.
func (g *gen) body() (en, zh []news.Block) {
	r := g.r
	g.en, g.zh, g.sents = g.en[:0], g.zh[:0], g.sents[:0]

	nblocks := 4 + r.IntN(4)
	nhead := 0
	switch x := r.IntN(100); {
	case x < 30:
		nhead = 1
	case x < 40 && nblocks >= 6:
		nhead = 2
	}
	var headEN, headZH [2]string
	words, runes := 0, 0
	var hused uint64
	for h := 0; h < nhead; h++ {
		k := r.IntN(len(headings))
		for hused&(1<<k) != 0 {
			k = r.IntN(len(headings))
		}
		hused |= 1 << k
		headEN[h], headZH[h] = g.line(headings[k])
		words += countWords([]byte(headEN[h]))
		runes += utf8.RuneCountInString(headZH[h])
	}
	wantWords := minWords + 2 + r.IntN(30)
	wantRunes := minRunes + 10 + r.IntN(50)

	t, _ := g.template(roleLede)
	w, n := g.sentence(t)
	words, runes = words+w, runes+n
	t, _ = g.template(roleOutlook)
	w, n = g.sentence(t)
	words, runes = words+w, runes+n
	for _, role := range middle {
		if words >= wantWords && runes >= wantRunes {
			break
		}
		t, ok := g.template(role)
		if !ok {
			continue
		}
		w, n := g.sentence(t)
		if words+w > maxWords || runes+n > maxRunes {
			g.unsay()
			continue
		}
		words, runes = words+w, runes+n
	}
	// Rarely the random picks run out below the minimum; then try every
	// unused template in turn.
	for role := roleContext; role <= roleDetail && (words < minWords || runes < minRunes); role++ {
		pool := g.pool(role)
		for k := 0; k < len(pool) && (words < minWords || runes < minRunes); k++ {
			if role == roleOutlook || g.used[role]&(1<<k) != 0 {
				continue
			}
			w, n := g.sentence(pool[k])
			if words+w > maxWords || runes+n > maxRunes {
				g.unsay()
				continue
			}
			g.used[role] |= 1 << k
			words, runes = words+w, runes+n
		}
	}

	// Reading order: lede, the middle as written, outlook last.
	ns := len(g.sents)
	g.order = append(g.order[:0], 0)
	for k := 2; k < ns; k++ {
		g.order = append(g.order, k)
	}
	g.order = append(g.order, 1)

	npara := nblocks - nhead
	if npara > ns {
		npara = ns
	}
	// Sub-headings go before a paragraph after the second, never last.
	at := [2]int{-1, -1}
	switch {
	case nhead == 1 && npara >= 3:
		at[0] = 2 + r.IntN(npara-2)
	case nhead == 2 && npara >= 4:
		at[0] = 2 + r.IntN(npara-3)
		at[1] = at[0] + 1 + r.IntN(npara-1-at[0])
	}
	en = make([]news.Block, 0, npara+nhead)
	zh = make([]news.Block, 0, npara+nhead)
	next := 1
	for p := 0; p < npara; p++ {
		for h := 0; h < 2; h++ {
			if at[h] == p {
				en = append(en, news.Block{Kind: news.BlockHeading, Text: headEN[h]})
				zh = append(zh, news.Block{Kind: news.BlockHeading, Text: headZH[h]})
			}
		}
		// The lede stands alone; the rest is shared out evenly.
		from, to := 0, 1
		if p > 0 {
			from, to = next, 1+p*(ns-1)/(npara-1)
			next = to
		}
		te, tz := g.paragraph(g.order[from:to])
		en = append(en, news.Block{Kind: news.BlockParagraph, Text: te, HTML: html.EscapeString(te)})
		zh = append(zh, news.Block{Kind: news.BlockParagraph, Text: tz, HTML: html.EscapeString(tz)})
	}
	return en, zh
}

// paragraph joins sentences: with spaces in English, without in Chinese.
func (g *gen) paragraph(idx []int) (string, string) {
	ne, nz := 0, 0
	for _, k := range idx {
		s := g.sents[k]
		ne += s.e1 - s.e0 + 1
		nz += s.z1 - s.z0
	}
	be := make([]byte, 0, ne)
	bz := make([]byte, 0, nz)
	for j, k := range idx {
		s := g.sents[k]
		if j > 0 {
			be = append(be, ' ')
		}
		be = append(be, g.en[s.e0:s.e1]...)
		bz = append(bz, g.zh[s.z0:s.z1]...)
	}
	return string(be), string(bz)
}

// render appends template tpl with its slots filled in one language.
func (g *gen) render(dst []byte, tpl string, zh bool) []byte {
	for {
		i := indexByte(tpl, '{')
		if i < 0 {
			return append(dst, tpl...)
		}
		dst = append(dst, tpl[:i]...)
		dst = g.slot(dst, tpl[i+1], zh)
		tpl = tpl[i+3:]
	}
}

func indexByte(s string, c byte) int {
	for i := 0; i < len(s); i++ {
		if s[i] == c {
			return i
		}
	}
	return -1
}

func (g *gen) slot(dst []byte, c byte, zh bool) []byte {
	lang := func(p pair) []byte {
		if zh {
			return append(dst, p.zh...)
		}
		return append(dst, p.en...)
	}
	switch c {
	case 'P':
		return lang(pair{g.place.en, g.place.zh})
	case 'p':
		return lang(pair{g.other.en, g.other.zh})
	case 'T':
		return lang(g.top.np)
	case 'B':
		if zh {
			return append(dst, g.top.np.zh...)
		}
		return append(dst, g.top.head...)
	case 'G':
		return lang(g.top.goal)
	case 'A', 'a':
		return lang(g.top.alts[g.v(c)])
	case 'O':
		return lang(g.org)
	case 'Q':
		return lang(g.expert)
	case 'N':
		return lang(g.n1)
	case 'R':
		return lang(g.r1)
	case 'M':
		return lang(g.n2)
	case 'S':
		return lang(g.r2)
	case 'D':
		return lang(g.day)
	case 'C':
		return lang(months[g.v(c)])
	case 'I':
		return lang(smallNumbers[g.v(c)])
	case 'Y', 'y':
		dst = strconv.AppendInt(dst, int64(g.v(c)), 10)
		if zh {
			dst = append(dst, "年"...)
		}
		return dst
	case '%', '^':
		dst = appendTenths(dst, g.v(c))
		if zh {
			return append(dst, '%')
		}
		return append(dst, " percent"...)
	case 'H':
		dst = strconv.AppendInt(dst, int64(g.v(c)), 10)
		if zh {
			return append(dst, '%')
		}
		return append(dst, " percent"...)
	case 'K':
		k := g.v(c)
		if !zh {
			return appendThousands(dst, k)
		}
		if k < 10000 {
			return strconv.AppendInt(dst, int64(k), 10)
		}
		return append(appendTenths(dst, k/1000), "万"...)
	case '$':
		return g.money(dst, g.v(c), zh)
	case 'X':
		n := len(dst)
		dst = g.render(dst, secQuote[g.sec][g.v(c)].in(zh), zh)
		if !zh {
			upper(dst, n)
		}
		return dst
	}
	panic("corpus: unknown slot {" + string(c) + "}")
}

func (p pair) in(zh bool) string {
	if zh {
		return p.zh
	}
	return p.en
}

// v is the value of a random slot in the current sentence, drawn on first use.
func (g *gen) v(c byte) int {
	if g.have[c] {
		return g.val[c]
	}
	r := g.r
	var x int
	switch c {
	case 'A':
		x = r.IntN(len(g.top.alts))
	case 'a':
		n := len(g.top.alts)
		x = (g.v('A') + 1 + r.IntN(n-1)) % n
	case 'C':
		x = r.IntN(len(months))
	case 'I':
		x = r.IntN(len(smallNumbers))
	case 'Y':
		x = g.year + 1 + r.IntN(8)
	case 'y':
		x = g.year - 1 - r.IntN(4)
	case '%', '^':
		x = 3 + r.IntN(183) // tenths of a percent
	case 'H':
		x = 35 + r.IntN(51)
	case 'K':
		// Log-uniform from a hundred to half a million, rounded as reporters do.
		x = int(100 * math.Pow(5000, r.Float64()))
		switch {
		case x < 1000:
			x = x / 10 * 10
		case x < 10000:
			x = x / 100 * 100
		default:
			x = x / 1000 * 1000
		}
	case '$':
		// In units of ten million: from 30 million to 30 billion.
		x = int(3 * math.Pow(1000, r.Float64()))
		if x >= 100 {
			x = x / 10 * 10
		}
	case 'X':
		n := len(secQuote[g.sec])
		x = r.IntN(n)
		for try := 0; try < 4 && g.quoteUsed&(1<<x) != 0; try++ {
			x = r.IntN(n)
		}
		g.quoteUsed |= 1 << x
	}
	g.have[c], g.val[c] = true, x
	return x
}

// money writes u ten-millions in the dateline's currency: "$1.2 billion",
// "350 million yuan", "12亿美元", "3.5亿元".
func (g *gen) money(dst []byte, u int, zh bool) []byte {
	cur := g.place.cur
	if zh {
		if u >= 10 {
			dst = append(appendTenths(dst, u), "亿"...)
		} else {
			dst = append(strconv.AppendInt(dst, int64(u*1000), 10), "万"...)
		}
		switch cur {
		case 'd':
			return append(dst, "美元"...)
		case 'e':
			return append(dst, "欧元"...)
		}
		return append(dst, "元"...)
	}
	switch cur {
	case 'd':
		dst = append(dst, '$')
	case 'e':
		dst = append(dst, "€"...)
	}
	if u >= 100 {
		dst = append(appendTenths(dst, u/10), " billion"...)
	} else {
		dst = append(strconv.AppendInt(dst, int64(u*10), 10), " million"...)
	}
	if cur == 'y' {
		dst = append(dst, " yuan"...)
	}
	return dst
}

// appendTenths writes x/10 with one decimal unless it is whole: 42 → "4.2", 40 → "4".
func appendTenths(dst []byte, x int) []byte {
	dst = strconv.AppendInt(dst, int64(x/10), 10)
	if x%10 != 0 {
		dst = append(dst, '.', byte('0'+x%10))
	}
	return dst
}

// appendThousands writes x with comma separators: 12400 → "12,400".
func appendThousands(dst []byte, x int) []byte {
	if x < 1000 {
		return strconv.AppendInt(dst, int64(x), 10)
	}
	dst = appendThousands(dst, x/1000)
	r := x % 1000
	return append(dst, ',', byte('0'+r/100), byte('0'+r/10%10), byte('0'+r%10))
}

// upper capitalises the ASCII letter at b[i], the start of a sentence.
func upper(b []byte, i int) {
	if i < len(b) && b[i] >= 'a' && b[i] <= 'z' {
		b[i] -= 'a' - 'A'
	}
}

func countWords(b []byte) int {
	n, in := 0, false
	for _, c := range b {
		sp := c == ' '
		if !sp && !in {
			n++
		}
		in = !sp
	}
	return n
}

func pad6(x int) string {
	s := strconv.Itoa(x)
	if len(s) < 6 {
		s = "000000"[len(s):] + s
	}
	return s
}

// slugify turns an English headline into up to ten lowercase words joined
// by hyphens; apostrophes vanish, other punctuation separates words.
func slugify(s string) string {
	b := make([]byte, 0, len(s))
	words := 0
	gap := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'A' && c <= 'Z':
			c += 'a' - 'A'
			fallthrough
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
			if gap || len(b) == 0 {
				if words == 10 {
					return string(b)
				}
				if len(b) > 0 {
					b = append(b, '-')
				}
				words++
				gap = false
			}
			b = append(b, c)
		case c == '\'':
		default:
			gap = true
		}
	}
	if len(b) == 0 {
		return "story"
	}
	return string(b)
}
