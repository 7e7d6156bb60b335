// Package replicate ships the site's database to a replica while the server
// runs — a directory (file:///path) or a bucket of any S3-compatible store
// (s3://bucket/path?endpoint=…) — and brings a database back from one. It
// embeds Litestream (github.com/benbjohnson/litestream) as a library; that
// API is marked unstable, so go.mod pins the version this package is tested
// with. The session key, which is not in the database, is kept beside the
// replica as one small file.
package replicate

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"

	"github.com/benbjohnson/litestream"
	"github.com/benbjohnson/litestream/file"
)

const (
	// CheckInterval is how often the database's write-ahead log is read for
	// new commits, which are then staged beside the database.
	CheckInterval = time.Second
	// ShipInterval is the shortest time between two uploads to the replica.
	// Staged changes are shipped at most this long after they appear, so it
	// can be short: an idle replica costs no requests, and a busy one gets at
	// most one upload per CheckInterval however short this is.
	ShipInterval = 100 * time.Millisecond
	// RecoveryPoint bounds what a sudden loss of the machine costs: a commit
	// is staged within one CheckInterval and shipped within one ShipInterval
	// more, plus the time the upload takes.
	RecoveryPoint = CheckInterval + ShipInterval

	// KeyName is the session key's name beside the replica.
	KeyName = "session.key"
	// maxKey bounds a key read back from a replica (the site's is 64 bytes).
	maxKey = 4 << 10
	// shutdownSync bounds the final upload when the server stops: the
	// systemd unit allows 20 s to stop, 15 of them for draining requests.
	shutdownSync = 4 * time.Second
)

// Replicator ships one database to one replica. A nil *Replicator is
// replication turned off: its methods do nothing.
type Replicator struct {
	target *target
	db     *litestream.DB
	store  *litestream.Store
	log    *slog.Logger
	start  time.Time

	ctx    context.Context // ends at Close: stops the key's upload
	cancel context.CancelFunc
	wg     sync.WaitGroup
	key    []byte
	keyed  atomic.Bool // the key reached the replica
	mu     sync.Mutex  // guards key
}

// Start begins replicating the SQLite database at dbPath (which need not
// exist yet) to the replica at rawURL; an empty URL returns nil, nil. Start
// it before the application opens the database and Close it after the
// application has closed its own connections: Litestream's final sync must
// come last, and closing its file handles while the application still holds
// locks would drop those locks (POSIX locks are per process).
func Start(ctx context.Context, dbPath, rawURL string, log *slog.Logger) (*Replicator, error) {
	if rawURL == "" {
		return nil, nil
	}
	t, err := parse(rawURL)
	if err != nil {
		return nil, err
	}
	if log == nil {
		log = slog.Default()
	}
	log = log.With("replica", t.name)
	if t.s3 != nil {
		ignoreCABundle(log)
	}
	db := litestream.NewDB(dbPath)
	db.MonitorInterval = CheckInterval
	rep := litestream.NewReplicaWithClient(db, t.client)
	rep.SyncInterval = ShipInterval
	db.Replica = rep
	if fc, ok := t.client.(*file.ReplicaClient); ok {
		fc.Replica = rep // the replica's files get the database's mode (0600)
	}
	st := litestream.NewStore([]*litestream.DB{db}, litestream.CompactionLevels{
		// Litestream's own defaults: raw changes, then 30 s, 5 min and 1 h
		// merges, and a daily snapshot kept for a day.
		{Level: 0},
		{Level: 1, Interval: 30 * time.Second},
		{Level: 2, Interval: 5 * time.Minute},
		{Level: 3, Interval: time.Hour},
	})
	st.Logger = log
	st.SetShutdownSyncTimeout(shutdownSync)
	db.SetLogger(log)
	if err := st.Open(ctx); err != nil {
		return nil, fmt.Errorf("replicate to %s: %w", t.name, err)
	}
	r := &Replicator{target: t, db: db, store: st, log: log, start: time.Now()}
	r.ctx, r.cancel = context.WithCancel(context.Background())
	log.Info("replicating the database", "db", dbPath, "recovery_point", RecoveryPoint)
	return r, nil
}

// ShipKey keeps a copy of the session key beside the replica, so that
// restore --from brings the whole site back. The upload runs in the
// background and is retried until it succeeds or Close is called: a store
// that is briefly unreachable must not keep the site from starting.
func (r *Replicator) ShipKey(key []byte) {
	if r == nil {
		return
	}
	r.mu.Lock()
	r.key = bytes.Clone(key)
	r.mu.Unlock()
	r.wg.Add(1)
	go func() {
		defer r.wg.Done()
		for wait := time.Second; ; wait = min(2*wait, time.Minute) {
			err := r.putKey(r.ctx)
			if err == nil || r.ctx.Err() != nil {
				return
			}
			r.log.Error("could not copy the session key beside the replica; retrying", "err", err, "in", wait)
			select {
			case <-r.ctx.Done():
				return
			case <-time.After(wait):
			}
		}
	}()
}

func (r *Replicator) putKey(ctx context.Context) error {
	r.mu.Lock()
	key := r.key
	r.mu.Unlock()
	if err := r.target.side.put(ctx, KeyName, key); err != nil {
		return err
	}
	r.keyed.Store(true)
	r.log.Info("the session key is kept beside the replica", "file", KeyName)
	return nil
}

// Lag is how long the oldest change the replica lacks has been waiting for
// it: zero when everything read from the write-ahead log has been shipped.
// Commits not yet read (at most CheckInterval old) are not counted.
func (r *Replicator) Lag() time.Duration {
	if r == nil {
		return 0
	}
	pos, err := r.db.Pos()
	if err != nil || pos.TXID <= r.db.Replica.Pos().TXID {
		return 0
	}
	last := r.db.LastSuccessfulSyncAt()
	if last.IsZero() {
		last = r.start
	}
	return time.Since(last)
}

// ReportLag calls report with Lag in seconds now and at every tick until
// Close, for a metrics gauge.
func (r *Replicator) ReportLag(every time.Duration, report func(seconds float64)) {
	if r == nil {
		return
	}
	r.wg.Add(1)
	go func() {
		defer r.wg.Done()
		tick := time.NewTicker(every)
		defer tick.Stop()
		for {
			report(r.Lag().Seconds())
			select {
			case <-r.ctx.Done():
				return
			case <-tick.C:
			}
		}
	}()
}

// Close ships what is left (a final sync, retried for a few seconds) and
// stops replicating. Call it after the application has closed the database.
func (r *Replicator) Close() error {
	if r == nil {
		return nil
	}
	r.cancel()
	r.wg.Wait()
	r.mu.Lock()
	key := r.key
	r.mu.Unlock()
	if key != nil && !r.keyed.Load() {
		ctx, cancel := context.WithTimeout(context.Background(), shutdownSync)
		if err := r.putKey(ctx); err != nil {
			r.log.Error("the session key never reached the replica", "err", err)
		}
		cancel()
	}
	// Litestream reads the database only from its first check on (a second
	// after Start): one more check now ships a server that stopped sooner.
	ctx, cancel := context.WithTimeout(context.Background(), shutdownSync)
	defer cancel()
	err := r.db.Sync(ctx)
	if cerr := r.store.Close(context.Background()); err == nil {
		err = cerr
	}
	if err != nil {
		r.log.Error("replication stopped; the final sync failed", "err", err)
		return fmt.Errorf("replicate to %s: final sync: %w", r.target.name, err)
	}
	r.log.Info("replication stopped after a final sync", "txid", r.db.Replica.Pos().TXID.String())
	return nil
}

// Restore writes the newest database in the replica at rawURL to dstPath,
// which must not exist (mode 0600), and returns the session key kept beside
// the replica, or nil when it has none. It does not check the copy's
// integrity: the caller does, before putting it in place.
func Restore(ctx context.Context, rawURL, dstPath string, log *slog.Logger) (key []byte, err error) {
	t, err := parse(rawURL)
	if err != nil {
		return nil, err
	}
	if log == nil {
		log = slog.Default()
	}
	if t.s3 != nil {
		ignoreCABundle(log)
	}
	if err := t.client.Init(ctx); err != nil {
		return nil, fmt.Errorf("%s: %w", t.name, err)
	}
	opt := litestream.NewRestoreOptions()
	opt.OutputPath = dstPath
	if err := litestream.NewReplicaWithClient(nil, t.client).Restore(ctx, opt); err != nil {
		if errors.Is(err, litestream.ErrNoSnapshots) || errors.Is(err, litestream.ErrTxNotAvailable) {
			return nil, fmt.Errorf("%s holds no database (is it the URL the server replicates to?)", t.name)
		}
		return nil, fmt.Errorf("%s: %w", t.name, err)
	}
	// Litestream creates the file with the umask's mode; it holds password
	// hashes and drafts.
	if err := os.Chmod(dstPath, 0o600); err != nil {
		return nil, err
	}
	key, err = t.side.get(ctx, KeyName)
	if errors.Is(err, errNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("%s: the session key: %w", t.name, err)
	}
	if len(key) < 32 || len(key) > maxKey {
		return nil, fmt.Errorf("%s: the session key beside the replica has the wrong size (%d bytes)", t.name, len(key))
	}
	return key, nil
}

// LocalState is the directory where Litestream stages a database's changes
// before shipping them, beside the database. A restore removes it: state
// left by another database must not be taken for the restored one's.
func LocalState(dbPath string) string {
	dir, name := filepath.Split(dbPath)
	return filepath.Join(dir, "."+name+litestream.MetaDirSuffix)
}

// ignoreCABundle takes AWS_CA_BUNDLE out of the process's environment: the
// AWS SDK refuses it when the HTTP client is not its own, which Litestream's
// is, and every S3 request would fail. Extra roots go in SSL_CERT_FILE or
// SSL_CERT_DIR instead, which Go reads.
func ignoreCABundle(log *slog.Logger) {
	if v, ok := os.LookupEnv("AWS_CA_BUNDLE"); ok {
		os.Unsetenv("AWS_CA_BUNDLE")
		if v != "" {
			log.Warn("AWS_CA_BUNDLE is ignored: Litestream's S3 client cannot use it (put extra roots in SSL_CERT_FILE or SSL_CERT_DIR)", "AWS_CA_BUNDLE", v)
		}
	}
}
