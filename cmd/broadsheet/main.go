// Command broadsheet serves the Broadsheet news site: one binary, one data
// directory, English and Chinese editions.
package main

import (
	"context"
	"crypto/rand"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/debug"
	"strconv"
	"strings"
	"syscall"
	"time"

	"broadsheet/internal/content"
	"broadsheet/internal/demo"
	"broadsheet/internal/i18n"
	"broadsheet/internal/replicate"
	"broadsheet/internal/store"
	"broadsheet/internal/web"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Getenv, os.Stdout); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return
		}
		fmt.Fprintln(os.Stderr, "broadsheet:", err)
		os.Exit(1)
	}
}

// Config is the server's settings, from flags with environment fallbacks.
type Config struct {
	Addr             string
	Data             string
	BaseURL          string
	SecureCookies    bool
	PolicyVersion    int
	TrendsWindow     time.Duration
	TrendsMinReaders int
	CacheMaxAge      time.Duration
	TrustedProxies   []netip.Prefix
	// Automatic HTTPS: on when TLSDomains is set.
	TLSDomains    []string
	HTTPSAddr     string
	ACMEDirectory string
	ACMECA        string // extra PEM roots for reaching the ACME server
	ACMEEmail     string
	// Operations: the metrics listener ("" is off), the log's format (text
	// or json), and whether every request gets a line in it.
	MetricsAddr string
	// Profiling adds Go's profiler (net/http/pprof) to the metrics listener.
	Profiling bool
	// PageCacheMiB bounds the rendered pages kept in memory.
	PageCacheMiB int
	LogFormat    string
	AccessLog    bool
	// Replicate is the replica the database is shipped to as it changes
	// (file:///path or s3://bucket/path?…); "" is off.
	Replicate string
	// NoDemo starts an empty site: the demo edition is not seeded.
	NoDemo bool
	// Now is the clock the site reads: what is published, what is recent,
	// when sessions end. The wall clock, except in tests.
	Now func() time.Time
}

// parseConfig reads flags, falling back to BROADSHEET_* variables, and
// checks every value so a bad one fails at start with a clear message.
func parseConfig(args []string, getenv func(string) string, out io.Writer) (c Config, err error) {
	c = Config{Now: time.Now}
	fs := flag.NewFlagSet("broadsheet", flag.ContinueOnError)
	fs.SetOutput(out)
	env := func(name, def string) string {
		if v := getenv(name); v != "" {
			return v
		}
		return def
	}
	fs.StringVar(&c.Addr, "addr", env("BROADSHEET_ADDR", "127.0.0.1:8080"), "listen address, host:port (env BROADSHEET_ADDR)")
	fs.StringVar(&c.Data, "data", env("BROADSHEET_DATA", "./data"), "data directory: database and keys, created if missing (env BROADSHEET_DATA)")
	fs.StringVar(&c.BaseURL, "base-url", env("BROADSHEET_BASE_URL", ""), "public URL of the site, e.g. https://news.example (env BROADSHEET_BASE_URL; default http://ADDR)")
	secure := env("BROADSHEET_SECURE_COOKIES", "")
	fs.StringVar(&secure, "secure-cookies", secure, "the site is served over TLS: Secure cookies named __Host-/__Secure-, and HSTS; on by itself with an https:// --base-url, true forces it on behind a TLS proxy (env BROADSHEET_SECURE_COOKIES)")
	policy := env("BROADSHEET_POLICY_VERSION", "1")
	fs.StringVar(&policy, "policy-version", policy, "cookie policy version; raising it asks every reader again (env BROADSHEET_POLICY_VERSION)")
	window := env("BROADSHEET_TRENDS_WINDOW", "168h")
	fs.StringVar(&window, "trends-window", window, "how far back Search Trends look, at least 24h (env BROADSHEET_TRENDS_WINDOW)")
	minReaders := env("BROADSHEET_TRENDS_MIN_READERS", "3")
	fs.StringVar(&minReaders, "trends-min-readers", minReaders, "distinct readers a term needs on one day to show in Search Trends (env BROADSHEET_TRENDS_MIN_READERS)")
	maxAge := env("BROADSHEET_CACHE_MAX_AGE", "60s")
	fs.StringVar(&maxAge, "cache-max-age", maxAge, "how long a CDN or proxy may keep pages served to readers without a session; 0 keeps them out (env BROADSHEET_CACHE_MAX_AGE)")
	var domains domainList
	domains.Set(env("BROADSHEET_TLS_DOMAIN", ""))
	fs.Var(&domains, "tls-domain", "turn on automatic HTTPS for this host name (repeatable or comma-separated; env BROADSHEET_TLS_DOMAIN)")
	fs.StringVar(&c.HTTPSAddr, "https-addr", env("BROADSHEET_HTTPS_ADDR", ":443"), "HTTPS listen address when --tls-domain is set (env BROADSHEET_HTTPS_ADDR)")
	fs.StringVar(&c.ACMEDirectory, "acme-directory", env("BROADSHEET_ACME_DIRECTORY", letsEncrypt), "ACME directory URL certificates come from (env BROADSHEET_ACME_DIRECTORY)")
	fs.StringVar(&c.ACMECA, "acme-ca", env("BROADSHEET_ACME_CA", ""), "PEM file of extra roots for reaching the ACME server, for private or staging CAs (env BROADSHEET_ACME_CA)")
	fs.StringVar(&c.ACMEEmail, "acme-email", env("BROADSHEET_ACME_EMAIL", ""), "contact address given to the ACME CA, for expiry notices (env BROADSHEET_ACME_EMAIL)")
	proxies := env("BROADSHEET_TRUSTED_PROXIES", "")
	fs.StringVar(&proxies, "trusted-proxies", proxies, "comma-separated addresses or CIDRs of reverse proxies whose X-Forwarded-For/Forwarded name the client (env BROADSHEET_TRUSTED_PROXIES; default none)")
	pageCache := env("BROADSHEET_PAGE_CACHE_MIB", "8")
	fs.StringVar(&pageCache, "page-cache-mib", pageCache, "MiB of rendered pages kept in memory; the default keeps the process within 80 MB: raise it together with GOMEMLIMIT on a bigger machine (env BROADSHEET_PAGE_CACHE_MIB)")
	noDemo := env("BROADSHEET_NO_DEMO", "false")
	fs.StringVar(&noDemo, "no-demo", noDemo, "start an empty site: do not seed the demo edition into a new data directory, true or false (env BROADSHEET_NO_DEMO)")
	fs.BoolVar(&c.Profiling, "pprof", false, "also serve Go's profiler at /debug/pprof/ on --metrics-addr, to find where time goes under load (default off)")
	fs.StringVar(&c.MetricsAddr, "metrics-addr", env("BROADSHEET_METRICS_ADDR", ""), "serve Prometheus metrics at /metrics on this host:port, e.g. 127.0.0.1:9090; keep it private (env BROADSHEET_METRICS_ADDR; default off)")
	fs.StringVar(&c.LogFormat, "log-format", env("BROADSHEET_LOG_FORMAT", "text"), "log format: text or json (env BROADSHEET_LOG_FORMAT)")
	accessLog := env("BROADSHEET_ACCESS_LOG", "false")
	fs.StringVar(&accessLog, "access-log", accessLog, "log one line per request, true or false; search queries are never logged (env BROADSHEET_ACCESS_LOG; default off: on, it takes 10-20% off the warm pages a core serves)")
	fs.StringVar(&c.Replicate, "replicate", env("BROADSHEET_REPLICATE", ""), "ship the database continuously to a replica: file:///path or s3://bucket/path?endpoint=https://host&region=… (credentials from AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY); restore --from brings it back (env BROADSHEET_REPLICATE; default off)")
	fs.Usage = func() {
		fmt.Fprintln(out, "Usage: broadsheet [flags]\n       broadsheet COMMAND [flags] [args]\n\nServes the Broadsheet news site. Flags:")
		fs.PrintDefaults()
		fmt.Fprintln(out, "\nCommands:")
		for _, name := range sortedCommands() {
			fmt.Fprintf(out, "  %-12s %s\n", name, commands[name].summary)
		}
	}
	if err := fs.Parse(args); err != nil {
		return c, err
	}
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	defer func() { err = fromEnv(err, set, getenv) }()
	if fs.NArg() > 0 {
		return c, fmt.Errorf("unexpected argument %q (see --help)", fs.Arg(0))
	}
	host, port, err := hostPort("--addr", c.Addr, "127.0.0.1:8080")
	if err != nil {
		return c, err
	}
	if c.PolicyVersion, err = strconv.Atoi(policy); err != nil || c.PolicyVersion < 1 {
		return c, fmt.Errorf("--policy-version %q: want a whole number of at least 1", policy)
	}
	if c.TrendsWindow, err = time.ParseDuration(window); err != nil || c.TrendsWindow < 24*time.Hour {
		return c, fmt.Errorf("--trends-window %q: want a duration of at least 24h, e.g. 168h", window)
	}
	if c.PageCacheMiB, err = strconv.Atoi(pageCache); err != nil || c.PageCacheMiB < 1 || c.PageCacheMiB > 1<<16 {
		return c, fmt.Errorf("--page-cache-mib %q: want a whole number of MiB, at least 1", pageCache)
	}
	if c.TrendsMinReaders, err = strconv.Atoi(minReaders); err != nil || c.TrendsMinReaders < 1 {
		return c, fmt.Errorf("--trends-min-readers %q: want a whole number of at least 1", minReaders)
	}
	if c.CacheMaxAge, err = time.ParseDuration(maxAge); err != nil || c.CacheMaxAge < 0 || c.CacheMaxAge > 24*time.Hour {
		return c, fmt.Errorf("--cache-max-age %q: want a duration from 0s to 24h, e.g. 60s", maxAge)
	}
	for _, p := range strings.Split(proxies, ",") {
		if p = strings.TrimSpace(p); p == "" {
			continue
		}
		pfx, err := netip.ParsePrefix(p)
		if err != nil {
			a, aerr := netip.ParseAddr(p)
			if aerr != nil {
				return c, fmt.Errorf("--trusted-proxies %q: want addresses or CIDRs such as 127.0.0.1,10.0.0.0/8", p)
			}
			pfx = netip.PrefixFrom(a.Unmap(), a.Unmap().BitLen())
		}
		c.TrustedProxies = append(c.TrustedProxies, pfx.Masked())
	}
	if c.NoDemo, err = strconv.ParseBool(noDemo); err != nil {
		return c, fmt.Errorf("--no-demo %q: want true or false", noDemo)
	}
	if err := c.checkMonitoring(accessLog); err != nil {
		return c, err
	}
	if c.Replicate != "" {
		if err := replicate.CheckURL(c.Replicate); err != nil {
			return c, fmt.Errorf("--replicate: %w", err)
		}
	}
	c.TLSDomains = domains
	for _, d := range c.TLSDomains {
		if err := checkDomain(d); err != nil {
			return c, err
		}
	}
	httpsPort := "443"
	if len(c.TLSDomains) > 0 {
		if _, httpsPort, err = hostPort("--https-addr", c.HTTPSAddr, ":443"); err != nil {
			return c, err
		}
		if u, err := url.Parse(c.ACMEDirectory); err != nil || u.Scheme != "https" || u.Host == "" {
			return c, fmt.Errorf("--acme-directory %q: want an https URL", c.ACMEDirectory)
		}
	}
	if strings.TrimSpace(c.Data) == "" {
		return c, errors.New("--data: must name a directory")
	}
	if c.BaseURL != "" {
		u, err := url.Parse(c.BaseURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || (u.Path != "" && u.Path != "/") || u.RawQuery != "" {
			return c, fmt.Errorf("--base-url %q: want an origin such as https://news.example", c.BaseURL)
		}
		c.BaseURL = strings.TrimRight(c.BaseURL, "/")
	} else if len(c.TLSDomains) > 0 {
		c.BaseURL = "https://" + c.TLSDomains[0]
		if httpsPort != "443" && httpsPort != "0" {
			c.BaseURL += ":" + httpsPort
		}
	} else {
		if host == "" {
			host = "127.0.0.1"
		}
		c.BaseURL = "http://" + net.JoinHostPort(host, port)
	}
	// Readers of an https:// site reach it over TLS, so it is secure by
	// default. Turning that off for such a site is refused rather than obeyed:
	// its cookies would travel in the clear on any http:// request, and no
	// setup needs it (browsers keep Secure cookies from http://localhost).
	overTLS := len(c.TLSDomains) > 0 || strings.HasPrefix(strings.ToLower(c.BaseURL), "https://")
	c.SecureCookies = overTLS
	if secure != "" {
		if c.SecureCookies, err = strconv.ParseBool(secure); err != nil {
			return c, fmt.Errorf("--secure-cookies %q: want true or false", secure)
		}
		if overTLS && !c.SecureCookies {
			return c, fmt.Errorf("--secure-cookies %q: %s is served over TLS, and such a site keeps its cookies Secure; leave the flag out (or test over plain HTTP with an http:// base URL)", secure, c.BaseURL)
		}
	}
	return c, nil
}

// scheduleTick is how often the server looks for scheduled stories that have
// fallen due; a story appears at most this long after its time.
const scheduleTick = 2 * time.Second

// run starts the site and serves until ctx is cancelled, then drains
// in-flight requests and closes the database.
func run(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	if len(args) == 1 && (args[0] == "--version" || args[0] == "-version") {
		return versionCommand(ctx, nil, getenv, stdout)
	}
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		if cmd, ok := commands[args[0]]; ok {
			return cmd.run(ctx, args[1:], getenv, stdout)
		}
		return fmt.Errorf("unknown command %q (commands: %s; see --help)", args[0], commandNames())
	}
	cfg, err := parseConfig(args, getenv, stdout)
	if err != nil {
		return err
	}
	return serve(ctx, cfg, getenv, stdout)
}

// fromEnv says, in an error about a flag the command line did not set, that
// its value came from the environment: a self-hoster looks for a typo in the
// systemd unit's environment file, not in a flag they never typed.
func fromEnv(err error, set map[string]bool, getenv func(string) string) error {
	if err == nil || !strings.HasPrefix(err.Error(), "--") {
		return err
	}
	name := strings.TrimPrefix(err.Error(), "--")
	if i := strings.IndexAny(name, " :"); i >= 0 {
		name = name[:i]
	}
	envName := "BROADSHEET_" + strings.ToUpper(strings.ReplaceAll(name, "-", "_"))
	if set[name] || getenv(envName) == "" {
		return err
	}
	return fmt.Errorf("%w (the value comes from the environment variable %s, not the command line)", err, envName)
}

// seedDemo seeds the demo edition into a new site: an empty database in a
// data directory that holds no site key yet (one that does is an existing
// site whose stories were all taken down), unless --no-demo says not to.
func seedDemo(ctx context.Context, st *store.Store, cfg Config, keyPath string, log *slog.Logger) error {
	empty, err := st.Empty(ctx)
	if err != nil || !empty {
		return err
	}
	if cfg.NoDemo {
		log.Info("an empty site: the demo edition is not seeded (--no-demo)")
		return nil
	}
	if _, err := os.Stat(keyPath); err == nil {
		log.Info("no stories, but the data directory already holds a site key: not seeding the demo edition into an existing site")
		return nil
	} else if !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	ed, err := demo.Load()
	if err != nil {
		return fmt.Errorf("demo edition: %w", err)
	}
	if err := demo.Seed(ctx, st, ed); err != nil {
		return fmt.Errorf("demo edition: %w", err)
	}
	log.Info("seeded the demo edition", "stories", len(ed.Stories))
	return nil
}

// serve runs the site with cfg until ctx is cancelled.
func serve(ctx context.Context, cfg Config, getenv func(string) string, stdout io.Writer) error {
	logOut := newLogWriter(stdout)
	defer logOut.Close() // after everything else has logged
	stdout = logOut      // what is printed keeps its place among the log lines
	log := newLogger(cfg.LogFormat, logOut)
	if getenv("GOGC") == "" {
		// Warm pages are served from memory; fewer collections are worth more
		// than the little heap they save (measured with make bench).
		debug.SetGCPercent(400)
	}
	if getenv("GOMEMLIMIT") == "" {
		// ...but the heap may not balloon: near this, the collector works harder.
		debug.SetMemoryLimit(48 << 20)
	}

	// The address is taken first, so a start that cannot serve creates
	// nothing; then the data directory, one server at a time, before anything
	// in it is opened, held until the very end.
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		if holder := lockHolder(cfg.Data); holder != "" {
			return fmt.Errorf("data directory %s is in use by another Broadsheet server (%s): stop it first, or give this one another --data", cfg.Data, holder)
		}
		return fmt.Errorf("listen on %s (--addr): %w", cfg.Addr, err)
	}
	defer ln.Close() // Serve closes it too; this is for a start that fails before
	lock, err := lockDataDir(cfg.Data, ln.Addr().String())
	if err != nil {
		return err
	}
	defer lock.Close()
	// Replication starts before the database is opened and stops after it is
	// closed (defers run in reverse), so that its final sync comes last.
	rep, err := replicate.Start(ctx, filepath.Join(cfg.Data, "broadsheet.db"), cfg.Replicate, log)
	if err != nil {
		return err
	}
	defer rep.Close()
	st, err := openData(ctx, cfg.Data, log)
	if err != nil {
		return err
	}
	defer st.Close()
	st.SetClock(cfg.Now)
	keyPath := filepath.Join(cfg.Data, "session.key")
	if err := seedDemo(ctx, st, cfg, keyPath, log); err != nil {
		return err
	}
	if err := privateFile(keyPath, log); err != nil {
		return err
	}
	key, err := sessionKey(keyPath)
	if err != nil {
		return err
	}
	rep.ShipKey(key) // kept beside the replica, for restore --from
	cat, err := i18n.Default()
	if err != nil {
		return err
	}
	var metrics *web.Metrics
	if cfg.MetricsAddr != "" {
		metrics = web.NewMetrics()
	}
	site, err := web.New(web.Config{
		BaseURL:         cfg.BaseURL,
		SecureCookies:   cfg.SecureCookies,
		PolicyVersion:   cfg.PolicyVersion,
		SessionKey:      key,
		FrameOrigins:    content.EmbedOrigins(),
		TrendWindow:     cfg.TrendsWindow,
		TrendMinReaders: cfg.TrendsMinReaders,
		SharedMaxAge:    cfg.CacheMaxAge,
		PageCacheBytes:  int64(cfg.PageCacheMiB) << 20,
		TrustedProxies:  cfg.TrustedProxies,
		Now:             cfg.Now,
		Logger:          log,
		Metrics:         metrics,
		AccessLog:       accessLog(cfg, logOut),
	}, st, cat)
	if err != nil {
		return err
	}
	rep.ReportLag(5*time.Second, site.SetReplicationLag) // broadsheet_replication_lag_seconds
	if metrics != nil {
		stop, err := serveMetrics(cfg.MetricsAddr, metrics, cfg.Profiling, log)
		if err != nil {
			return err
		}
		defer stop() // after the site has drained
	}

	srv := newHTTPServer(site, log)
	errc := make(chan error, 2)
	var tlsSrv *http.Server
	if len(cfg.TLSDomains) > 0 {
		m, err := certManager(cfg)
		if err != nil {
			return err
		}
		tln, err := net.Listen("tcp", cfg.HTTPSAddr)
		if err != nil {
			return err
		}
		port, err := httpsPort(tln)
		if err != nil {
			return err
		}
		tlsSrv = newHTTPServer(site, log)
		tlsSrv.TLSConfig = m.TLSConfig() // TLS-ALPN-01, h2 and http/1.1
		srv.Handler = toHTTPS(m, site, cfg.TLSDomains, port)
		go func() { errc <- tlsSrv.ServeTLS(tln, "", "") }()
		log.Info("HTTPS is on", "domains", strings.Join(cfg.TLSDomains, ","), "https", tln.Addr().String(), "acme", cfg.ACMEDirectory)
	}
	go func() { errc <- srv.Serve(ln) }()
	trendsCtx, stopTrends := context.WithCancel(ctx)
	trendsDone := make(chan struct{})
	go func() { defer close(trendsDone); site.RunTrends(trendsCtx, time.Minute) }()
	scheduleDone := make(chan struct{})
	go func() { defer close(scheduleDone); site.RunSchedule(trendsCtx, scheduleTick) }()
	// Story parts an earlier build rendered are never shown again: delete them.
	pruneDone := make(chan struct{})
	go func() { defer close(pruneDone); site.PruneParts(trendsCtx) }()
	defer func() { stopTrends(); <-trendsDone; <-scheduleDone; <-pruneDone }()
	log.Info("Broadsheet is running", "url", "http://"+ln.Addr().String()+"/", "data", cfg.Data)
	if admins, err := st.CountAdmins(ctx); err != nil {
		log.Error("count newsroom admins", "err", err)
	} else if admins == 0 {
		exe, _ := os.Executable()
		command := selfCommand(exe, os.Args[0], os.TempDir()) + " user add --data " + cfg.Data + " --email you@example.com --role admin"
		login := "http://" + ln.Addr().String() + "/newsroom/login"
		if tlsSrv != nil {
			login = cfg.BaseURL + "/newsroom/login" // plain HTTP only redirects there
		}
		if cfg.LogFormat == "json" { // a JSON log stays one object per line
			log.Info("no newsroom admin yet: create the first one (the password is asked for, never a flag), then sign in",
				"command", command, "login", login)
		} else {
			fmt.Fprintf(stdout, "No newsroom admin yet. Create the first one (the password is asked for, never a flag):\n"+
				"  %s\nthen sign in at %s\n", command, login)
		}
	}

	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down: draining requests")
	shutCtx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	// Both listeners drain together, within the one deadline.
	var tlsErr error
	if tlsSrv != nil {
		tlsErr = tlsSrv.Shutdown(shutCtx)
	}
	return errors.Join(srv.Shutdown(shutCtx), tlsErr)
}

// hostPort splits a listen address, refusing anything but host:port with a
// port from 0 to 65535, and names the flag and an example when it refuses.
func hostPort(flagName, addr, example string) (host, port string, err error) {
	host, port, err = net.SplitHostPort(addr)
	if n, perr := strconv.Atoi(port); err != nil || perr != nil || n < 0 || n > 65535 {
		return "", "", fmt.Errorf("%s %q: want host:port with a port from 0 to 65535, e.g. %s", flagName, addr, example)
	}
	return host, port, nil
}

// selfCommand is how the reader can run this program again from the same
// directory, for hints printed in the log: the go run command when it was
// started with go run (its binary lives in a throwaway build directory), else
// the name or path it was started by.
func selfCommand(exe, arg0, tmp string) string {
	if strings.HasPrefix(exe, filepath.Join(tmp, "go-build")) {
		return "go run ./cmd/broadsheet"
	}
	if arg0 == "" {
		return exe
	}
	return arg0
}

// newHTTPServer is a server with the timeouts and limits every listener
// of the site keeps, so a slow or huge request cannot hold a connection.
func newHTTPServer(h http.Handler, log *slog.Logger) *http.Server {
	return &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       15 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    32 << 10,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
}

// sessionKey loads the cookie-signing key, creating it (mode 0600) on first run
// so readers' choices survive a restart.
func sessionKey(path string) ([]byte, error) {
	key, err := os.ReadFile(path)
	if err == nil {
		if len(key) < 32 {
			return nil, fmt.Errorf("%s: key is shorter than 32 bytes; delete it to make a new one", path)
		}
		return key, nil
	}
	if !errors.Is(err, os.ErrNotExist) {
		return nil, err
	}
	key = make([]byte, 64)
	if _, err := rand.Read(key); err != nil {
		return nil, err
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return nil, err
	}
	if _, err := f.Write(key); err != nil {
		f.Close()
		return nil, err
	}
	return key, f.Close()
}
