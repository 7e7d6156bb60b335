package web

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"broadsheet/internal/news"
	"broadsheet/internal/search"
)

// Search Trends settings.
const (
	defaultTrendWindow     = 7 * 24 * time.Hour
	defaultTrendMinReaders = 3
	trendLimit             = 8
	trendRetentionDays     = 30 // the privacy page promises this
	// trendCandidates is how many of the most searched terms are read before
	// blocked and stale ones are dropped.
	trendCandidates = 100
	// An address counts at most maxCountsPerAddr searches a day, and the site
	// at most maxTermsPerDay distinct terms a day: neither one client nor a
	// crowd of them can fill the table or keep the counts churning.
	maxCountsPerAddr = 20
	maxTermsPerDay   = 2000
	// trendsDebounce is the least time between refreshes a count asks for;
	// a burst of counted searches makes one refresh.
	trendsDebounce = 5 * time.Second
)

// trends holds each edition's current Search Trends, refreshed in the
// background so a page view never queries for them.
type trends struct {
	byLang atomic.Pointer[map[news.Lang][]news.Trend]
	kick   chan struct{} // a count changed: refresh soon

	mu     sync.Mutex
	day    int64
	secret [32]byte
	seen   map[[32]byte]struct{} // (edition, term, reader) counted today
	byAddr map[[32]byte]int      // searches counted today per reader
	terms  map[string]struct{}   // edition and term counted today
}

func (t *trends) get(lang news.Lang) []news.Trend {
	if m := t.byLang.Load(); m != nil {
		return (*m)[lang]
	}
	return nil
}

// firstToday reports whether this reader's search for the term counts
// today: the first time they search it, within their daily allowance, and
// while the day has room for new terms. Readers are told apart by a keyed
// hash that lives only in memory and whose key changes every day, so
// nothing stored links a count to a reader.
func (t *trends) firstToday(day int64, lang news.Lang, term, reader string) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.seen == nil || day != t.day {
		t.day = day
		t.seen = map[[32]byte]struct{}{}
		t.byAddr = map[[32]byte]int{}
		t.terms = map[string]struct{}{}
		rand.Read(t.secret[:])
	}
	who := t.hash(reader)
	if t.byAddr[who] >= maxCountsPerAddr {
		return false
	}
	k := t.hash(string(lang), term, reader)
	if _, ok := t.seen[k]; ok {
		return false
	}
	termKey := string(lang) + "\x00" + term
	if _, known := t.terms[termKey]; !known {
		if len(t.terms) >= maxTermsPerDay {
			return false
		}
		t.terms[termKey] = struct{}{}
	}
	t.seen[k] = struct{}{}
	t.byAddr[who]++
	return true
}

// hash is a keyed digest of parts under today's secret.
func (t *trends) hash(parts ...string) [32]byte {
	h := sha256.New()
	h.Write(t.secret[:])
	for _, s := range parts {
		h.Write([]byte(s))
		h.Write([]byte{0})
	}
	var k [32]byte
	h.Sum(k[:0])
	return k
}

// readerKey tells readers apart for counting by their address alone, never
// by a header or a cookie the client chooses (a new User-Agent or a freshly
// minted session is free). IPv6 addresses count by their /64, the block one
// household or host is given.
func readerKey(r *http.Request) string {
	ip, ok := parseHost(r.RemoteAddr)
	if !ok {
		return clientAddr(r)
	}
	if ip.Is6() {
		p, _ := ip.Prefix(64)
		return p.String()
	}
	return ip.String()
}

func dayOf(t time.Time) int64 { return t.UTC().Unix() / 86400 }

// RefreshTrends recomputes every edition's Search Trends and forgets counts
// past their retention. The server runs it in the background.
func (s *Server) RefreshTrends(ctx context.Context) error {
	today := dayOf(s.cfg.Now())
	since := today - int64(s.cfg.TrendWindow/(24*time.Hour)) + 1
	blocked, err := s.store.BlockedTerms(ctx)
	if err != nil {
		return err
	}
	m := map[news.Lang][]news.Trend{}
	// Terms are counted and checked in the written languages; a converted
	// edition shows its written one's, in its own script.
	for _, l := range news.Langs {
		ts, err := s.store.Trends(ctx, l, since, s.cfg.TrendMinReaders, trendCandidates)
		if err != nil {
			return err
		}
		var kept []news.Trend
		for _, t := range ts {
			if len(kept) == trendLimit {
				break
			}
			q, err := search.Parse(t.Term)
			if err != nil || search.Blocked(t.Term, blocked) {
				continue
			}
			// Only terms in today's form show (a count stored before the
			// rules tightened may hold anything).
			if term, ok := search.TrendTerm(q); !ok || term != t.Term {
				continue
			}
			// A term whose stories were all taken down would lead to no results.
			if n, err := s.store.SearchCount(ctx, l, q); err != nil {
				return err
			} else if n > 0 {
				kept = append(kept, t)
			}
		}
		m[l] = kept
	}
	for _, e := range news.ConvertedEditions() {
		shown := make([]news.Trend, len(m[e.From]))
		for i, t := range m[e.From] {
			shown[i] = news.Trend{Term: s.store.ConvertText(e.Lang, t.Term), Readers: t.Readers}
		}
		m[e.Lang] = shown
	}
	if old := s.trends.byLang.Swap(&m); old != nil && !sameTerms(*old, m) {
		// Cached pages show the old box. Not a change of content: the pages'
		// dates stay (their ETag still changes).
		s.pages.clear()
		s.shells.clear()
	}
	return s.store.PruneSearchCounts(ctx, today-trendRetentionDays)
}

// sameTerms reports whether two sets of trends show the same boxes: the
// terms in order (the box shows no counts).
func sameTerms(a, b map[news.Lang][]news.Trend) bool {
	for _, l := range news.Langs { // converted editions follow their written ones
		if len(a[l]) != len(b[l]) {
			return false
		}
		for i := range a[l] {
			if a[l][i].Term != b[l][i].Term {
				return false
			}
		}
	}
	return true
}

// kickTrends asks the background loop for an early refresh, without waiting.
func (s *Server) kickTrends() {
	select {
	case s.trends.kick <- struct{}{}:
	default:
	}
}

// RunTrends refreshes Search Trends every interval, and soon after a search
// is counted (at most once per trendsDebounce), until ctx ends.
func (s *Server) RunTrends(ctx context.Context, interval time.Duration) {
	tick := time.NewTicker(interval)
	defer tick.Stop()
	for {
		if err := s.RefreshTrends(ctx); err != nil && ctx.Err() == nil {
			s.log.Error("refresh search trends", "err", err)
		}
		refreshed := time.Now()
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		case <-s.trends.kick:
			if wait := trendsDebounce - time.Since(refreshed); wait > 0 {
				select {
				case <-ctx.Done():
					return
				case <-time.After(wait):
				}
			}
		}
	}
}
