package web

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"net"
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
)

// trends holds each edition's current Search Trends, refreshed in the
// background so a page view never queries for them.
type trends struct {
	byLang atomic.Pointer[map[news.Lang][]news.Trend]
	kick   chan struct{} // a count changed: refresh soon

	mu     sync.Mutex
	day    int64
	secret [32]byte
	seen   map[[32]byte]struct{}
}

func (t *trends) get(lang news.Lang) []news.Trend {
	if m := t.byLang.Load(); m != nil {
		return (*m)[lang]
	}
	return nil
}

// firstToday reports whether this reader has not yet counted for the term
// today. Readers are told apart by a keyed hash that lives only in memory and
// whose key changes every day, so nothing stored links a count to a reader.
func (t *trends) firstToday(day int64, lang news.Lang, term, reader string) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.seen == nil || day != t.day {
		t.day = day
		t.seen = map[[32]byte]struct{}{}
		rand.Read(t.secret[:])
	}
	h := sha256.New()
	h.Write(t.secret[:])
	for _, s := range []string{string(lang), term, reader} {
		h.Write([]byte(s))
		h.Write([]byte{0})
	}
	var k [32]byte
	h.Sum(k[:0])
	if _, ok := t.seen[k]; ok {
		return false
	}
	t.seen[k] = struct{}{}
	return true
}

// readerKey tells readers apart for counting: the session's random reader id
// when there is one, else the address and browser of the request.
func readerKey(r *http.Request, rd reader) string {
	if rd.ID != "" {
		return "s:" + rd.ID
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	return "a:" + host + "\x00" + r.UserAgent()
}

func dayOf(t time.Time) int64 { return t.UTC().Unix() / 86400 }

// RefreshTrends recomputes every edition's Search Trends and forgets counts
// past their retention. The server runs it in the background.
func (s *Server) RefreshTrends(ctx context.Context) error {
	today := dayOf(s.cfg.Now())
	since := today - int64(s.cfg.TrendWindow/(24*time.Hour)) + 1
	m := map[news.Lang][]news.Trend{}
	for _, l := range news.Langs {
		ts, err := s.store.Trends(ctx, l, since, s.cfg.TrendMinReaders, 2*trendLimit)
		if err != nil {
			return err
		}
		// A term whose stories were all taken down would lead to no results.
		kept := ts[:0]
		for _, t := range ts {
			q, err := search.Parse(t.Term)
			if err != nil {
				continue
			}
			if n, err := s.store.SearchCount(ctx, l, q); err != nil {
				return err
			} else if n > 0 && len(kept) < trendLimit {
				kept = append(kept, t)
			}
		}
		m[l] = kept
	}
	if old := s.trends.byLang.Swap(&m); old != nil && !sameTrends(*old, m) {
		// Cached pages show the old box. Not a change of content: the pages'
		// dates stay (their ETag still changes).
		s.pages.clear()
	}
	return s.store.PruneSearchCounts(ctx, today-trendRetentionDays)
}

func sameTrends(a, b map[news.Lang][]news.Trend) bool {
	for _, l := range news.Langs {
		if len(a[l]) != len(b[l]) {
			return false
		}
		for i := range a[l] {
			if a[l][i] != b[l][i] {
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
// is counted, until ctx ends.
func (s *Server) RunTrends(ctx context.Context, interval time.Duration) {
	tick := time.NewTicker(interval)
	defer tick.Stop()
	for {
		if err := s.RefreshTrends(ctx); err != nil && ctx.Err() == nil {
			s.log.Error("refresh search trends", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		case <-s.trends.kick:
		}
	}
}
