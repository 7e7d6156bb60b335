package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/pprof"
	"strconv"
	"strings"
	"sync"
	"time"

	"broadsheet/internal/web"
)

// newLogger is a log in text (key=value) or JSON lines.
func newLogger(format string, w io.Writer) *slog.Logger {
	if format == "json" {
		return slog.New(slog.NewJSONHandler(w, nil))
	}
	return slog.New(slog.NewTextHandler(w, nil))
}

// How long access lines may wait to be written, and how many bytes of them.
const (
	logFlushEvery = time.Second
	logBufferSize = 64 << 10
)

// logWriter is the server's standard output. Access lines are batched
// (lines): written one by one, they cost a system call per request, about
// 4 µs here, more than the rest of a warm request's logging. Everything else
// is written at once (Write), after the access lines waiting before it, so
// the log keeps its order; the batch goes out at least every second and at
// Close.
type logWriter struct {
	mu   sync.Mutex
	out  io.Writer
	buf  []byte
	stop chan struct{}
	done chan struct{}
}

func newLogWriter(out io.Writer) *logWriter {
	lw := &logWriter{out: out, buf: make([]byte, 0, logBufferSize), stop: make(chan struct{}), done: make(chan struct{})}
	go func() {
		defer close(lw.done)
		t := time.NewTicker(logFlushEvery)
		defer t.Stop()
		for {
			select {
			case <-t.C:
				lw.mu.Lock()
				lw.flush()
				lw.mu.Unlock()
			case <-lw.stop:
				return
			}
		}
	}()
	return lw
}

// Write writes p now, after the batched lines waiting before it.
func (lw *logWriter) Write(p []byte) (int, error) {
	lw.mu.Lock()
	defer lw.mu.Unlock()
	lw.flush()
	return lw.out.Write(p)
}

// lines is the batched writer for access lines.
func (lw *logWriter) lines() io.Writer { return batchedLines{lw} }

type batchedLines struct{ lw *logWriter }

func (b batchedLines) Write(p []byte) (int, error) {
	lw := b.lw
	lw.mu.Lock()
	defer lw.mu.Unlock()
	if len(lw.buf)+len(p) > cap(lw.buf) {
		lw.flush()
		if len(p) > cap(lw.buf) {
			return lw.out.Write(p)
		}
	}
	lw.buf = append(lw.buf, p...)
	return len(p), nil
}

// flush writes the batch; mu is held. A failed write has nowhere to be
// reported, so the batch is dropped like the lines of an unbuffered log.
func (lw *logWriter) flush() {
	if len(lw.buf) > 0 {
		lw.out.Write(lw.buf)
		lw.buf = lw.buf[:0]
	}
}

// Close writes what is waiting and stops the timer.
func (lw *logWriter) Close() {
	close(lw.stop)
	<-lw.done
	lw.mu.Lock()
	lw.flush()
	lw.mu.Unlock()
}

// checkMonitoring validates --metrics-addr, --pprof, --log-format and --access-log.
func (c *Config) checkMonitoring(accessLog string) error {
	if c.Profiling && c.MetricsAddr == "" {
		return fmt.Errorf("--pprof: the profiler is served on --metrics-addr, which is not set")
	}
	if c.MetricsAddr != "" {
		_, port, err := hostPort("--metrics-addr", c.MetricsAddr, "127.0.0.1:9090")
		if err != nil {
			return err
		}
		if c.MetricsAddr == c.Addr && port != "0" {
			return fmt.Errorf("--metrics-addr %q: must differ from --addr, so the site never serves the metrics", c.MetricsAddr)
		}
	}
	switch c.LogFormat = strings.ToLower(c.LogFormat); c.LogFormat {
	case "text", "json":
	default:
		return fmt.Errorf("--log-format %q: want text or json", c.LogFormat)
	}
	on, err := strconv.ParseBool(accessLog)
	if err != nil {
		return fmt.Errorf("--access-log %q: want true or false", accessLog)
	}
	c.AccessLog = on
	return nil
}

// accessLog is where requests are logged, in the server log's format and
// batched, or nil when --access-log is off.
func accessLog(cfg Config, out *logWriter) *slog.Logger {
	if !cfg.AccessLog {
		return nil
	}
	return newLogger(cfg.LogFormat, out.lines())
}

// serveMetrics serves m at http://ADDR/metrics on a listener of its own,
// never the site's, and returns stop, which shuts it down. Should that
// listener fail later, the failure is logged and the site goes on serving.
func serveMetrics(addr string, m *web.Metrics, profiling bool, log *slog.Logger) (stop func(), err error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("--metrics-addr: %w", err)
	}
	h := m.Handler()
	if profiling {
		mux := http.NewServeMux()
		mux.Handle("/metrics", h)
		mux.HandleFunc("/debug/pprof/", pprof.Index)
		mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
		mux.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
		mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
		h = mux
		log.Info("the Go profiler is served", "pprof", "http://"+ln.Addr().String()+"/debug/pprof/")
	}
	srv := newHTTPServer(h, log)
	go func() {
		if err := srv.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
			log.Error("metrics listener stopped", "err", err)
		}
	}()
	log.Info("metrics are served", "metrics", "http://"+ln.Addr().String()+"/metrics")
	return func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		srv.Shutdown(ctx)
	}, nil
}
