package main

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// pebble runs Let's Encrypt's test ACME server (pinned as a go tool) on free
// loopback ports, approving every challenge, and returns its directory URL,
// the CA file that signs its own listener, and its management origin.
func pebble(t *testing.T) (directory, listenerCA, management string) {
	t.Helper()
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "github.com/letsencrypt/pebble/v2").Output()
	if err != nil {
		t.Fatalf("pebble's module: %v (it is a go tool in go.mod)", err)
	}
	certs := filepath.Join(strings.TrimSpace(string(out)), "test", "certs")
	ports := freePorts(t, 4)
	cfg := map[string]any{"pebble": map[string]any{
		"listenAddress":                  fmt.Sprintf("127.0.0.1:%d", ports[0]),
		"managementListenAddress":        fmt.Sprintf("127.0.0.1:%d", ports[1]),
		"certificate":                    filepath.Join(certs, "localhost", "cert.pem"),
		"privateKey":                     filepath.Join(certs, "localhost", "key.pem"),
		"httpPort":                       ports[2],
		"tlsPort":                        ports[3],
		"ocspResponderURL":               "",
		"externalAccountBindingRequired": false,
	}}
	b, _ := json.Marshal(cfg)
	conf := filepath.Join(t.TempDir(), "pebble.json")
	if err := os.WriteFile(conf, b, 0o600); err != nil {
		t.Fatal(err)
	}
	// go tool -n builds pebble once (cached after) and names the binary, so
	// the test runs and stops pebble itself rather than go's wrapper.
	bin, err := exec.Command("go", "tool", "-n", "pebble").Output()
	if err != nil {
		t.Fatalf("building pebble: %v", err)
	}
	cmd := exec.Command(strings.TrimSpace(string(bin)), "-config", conf)
	cmd.WaitDelay = 5 * time.Second
	cmd.Env = append(os.Environ(), "PEBBLE_VA_ALWAYS_VALID=1", "PEBBLE_VA_NOSLEEP=1", "PEBBLE_WFE_NONCEREJECT=0")
	log := &lockedBuffer{}
	cmd.Stdout, cmd.Stderr = log, log
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	deadline := time.Now().Add(30 * time.Second)
	for {
		if c, err := net.Dial("tcp", fmt.Sprintf("127.0.0.1:%d", ports[1])); err == nil {
			c.Close()
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("pebble did not start:\n%s", log.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
	return fmt.Sprintf("https://127.0.0.1:%d/dir", ports[0]), filepath.Join(certs, "pebble.minica.pem"), fmt.Sprintf("https://127.0.0.1:%d", ports[1])
}

func freePorts(t *testing.T, n int) []int {
	t.Helper()
	var out []int
	var lns []net.Listener
	for i := 0; i < n; i++ {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		lns = append(lns, ln)
		out = append(out, ln.Addr().(*net.TCPAddr).Port)
	}
	for _, ln := range lns {
		ln.Close()
	}
	return out
}

// TestAutomaticHTTPS gets a certificate for news.test from a real ACME
// server (pebble), serves the site over HTTPS with HTTP/2 and HSTS,
// redirects plain HTTP, and after a restart serves the cached certificate
// without asking for a new one.
func TestAutomaticHTTPS(t *testing.T) {
	directory, listenerCA, management := pebble(t)
	data := t.TempDir()
	withTLS := func(c *Config) {
		c.TLSDomains = []string{"news.test"}
		c.HTTPSAddr = "127.0.0.1:0"
		c.ACMEDirectory = directory
		c.ACMECA = listenerCA
		c.BaseURL = "https://news.test"
		c.SecureCookies = true
	}
	// The issued chain ends in a root pebble makes anew at every start.
	caPEM, err := os.ReadFile(listenerCA)
	if err != nil {
		t.Fatal(err)
	}
	mgmtPool := x509.NewCertPool()
	mgmtPool.AppendCertsFromPEM(caPEM)
	mgmt := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: mgmtPool}}}
	resp, err := mgmt.Get(management + "/roots/0")
	if err != nil {
		t.Fatal(err)
	}
	rootPEM, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	roots := x509.NewCertPool()
	if !roots.AppendCertsFromPEM(rootPEM) {
		t.Fatalf("pebble's root: %q", rootPEM)
	}

	serial := ""
	for start := 0; start < 2; start++ {
		plain, log, stop := startRun(t, data, withTLS)
		httpsAddr := waitLog(t, log, "https=")
		if start == 0 {
			// The first-admin hint sends editors to the HTTPS sign-in page.
			for deadline := time.Now().Add(5 * time.Second); !strings.Contains(log.String(), "then sign in at"); time.Sleep(10 * time.Millisecond) {
				if time.Now().After(deadline) {
					t.Fatalf("no first-admin hint:\n%s", log.String())
				}
			}
			if !strings.Contains(log.String(), "then sign in at https://news.test/newsroom/login") {
				t.Fatalf("the first-admin hint does not name the HTTPS sign-in page:\n%s", log.String())
			}
		}
		client := &http.Client{
			Timeout: 30 * time.Second,
			Transport: &http.Transport{
				TLSClientConfig:   &tls.Config{RootCAs: roots, ServerName: "news.test"},
				ForceAttemptHTTP2: true,
				DialContext: func(ctx context.Context, network, _ string) (net.Conn, error) {
					return (&net.Dialer{}).DialContext(ctx, network, httpsAddr)
				},
			},
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		}
		resp, err := client.Get("https://news.test/en/")
		if err != nil {
			t.Fatalf("start %d: HTTPS: %v\n%s", start, err, log.String())
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK || resp.ProtoMajor != 2 || !strings.HasPrefix(resp.Header.Get("Strict-Transport-Security"), "max-age=") {
			t.Fatalf("start %d: status %d, %s, HSTS %q", start, resp.StatusCode, resp.Proto, resp.Header.Get("Strict-Transport-Security"))
		}
		leaf := resp.TLS.PeerCertificates[0]
		if err := leaf.VerifyHostname("news.test"); err != nil {
			t.Fatal(err)
		}
		if start == 0 {
			serial = leaf.SerialNumber.String()
		} else if got := leaf.SerialNumber.String(); got != serial {
			t.Fatalf("after a restart the site got a new certificate (serial %s, was %s): the cache was not used", got, serial)
		}
		// Plain HTTP leads to the same page over HTTPS, under the site's own name.
		req, _ := http.NewRequest(http.MethodGet, plain+"/zh/search?q=1", nil)
		req.Host = "evil.example"
		r2, err := (&http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}).Do(req)
		if err != nil {
			t.Fatal(err)
		}
		r2.Body.Close()
		_, port, _ := net.SplitHostPort(httpsAddr)
		if want := "https://news.test:" + port + "/zh/search?q=1"; r2.StatusCode != http.StatusMovedPermanently || r2.Header.Get("Location") != want {
			t.Fatalf("plain HTTP: %d to %q, want 301 to %s", r2.StatusCode, r2.Header.Get("Location"), want)
		}
		stop()
	}
	entries, err := os.ReadDir(filepath.Join(data, "certs"))
	if err != nil || len(entries) == 0 {
		t.Fatalf("no certificate cache in the data directory: %v", err)
	}
	for _, e := range entries {
		fi, _ := e.Info()
		if fi.Mode().Perm()&0o077 != 0 {
			t.Errorf("cached %s has mode %v, want 0600", e.Name(), fi.Mode().Perm())
		}
	}
}

// waitLog waits for key=value in a server's log and returns the value.
func waitLog(t *testing.T, log *lockedBuffer, key string) string {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if _, rest, ok := strings.Cut(log.String(), " "+key); ok {
			v, _, _ := strings.Cut(rest, " ")
			return strings.TrimSpace(v)
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("no %s in the log:\n%s", key, log.String())
	return ""
}

func TestParseTLSConfig(t *testing.T) {
	c, err := parseConfig([]string{"--tls-domain", "News.Example,www.news.example", "--tls-domain", "news.example"}, env(nil), io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(c.TLSDomains, " ") != "news.example www.news.example" || c.BaseURL != "https://news.example" || !c.SecureCookies ||
		c.HTTPSAddr != ":443" || c.ACMEDirectory != letsEncrypt {
		t.Fatalf("TLS config=%+v", c)
	}
	c, err = parseConfig(nil, env(map[string]string{"BROADSHEET_TLS_DOMAIN": "news.example", "BROADSHEET_HTTPS_ADDR": ":8443"}), io.Discard)
	if err != nil || c.BaseURL != "https://news.example:8443" {
		t.Fatalf("base URL on another port=%q (%v)", c.BaseURL, err)
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--tls-domain", "localhost"}, "--tls-domain"},
		{[]string{"--tls-domain", "192.0.2.1"}, "--tls-domain"},
		{[]string{"--tls-domain", "*.news.example"}, "--tls-domain"},
		{[]string{"--tls-domain", "news.example:443"}, "--tls-domain"},
		{[]string{"--tls-domain", "news.example", "--https-addr", "443"}, "--https-addr"},
		{[]string{"--tls-domain", "news.example", "--acme-directory", "http://ca.example/dir"}, "--acme-directory"},
	} {
		if _, err := parseConfig(tc.args, env(nil), io.Discard); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%v: err=%v, want it to name %s", tc.args, err, tc.want)
		}
	}
}
