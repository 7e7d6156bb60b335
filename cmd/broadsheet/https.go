package main

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"golang.org/x/crypto/acme"
	"golang.org/x/crypto/acme/autocert"
)

// letsEncrypt is the ACME directory used unless --acme-directory says otherwise.
const letsEncrypt = "https://acme-v02.api.letsencrypt.org/directory"

// domainList is a repeatable, comma-separated flag value.
type domainList []string

func (d *domainList) String() string { return strings.Join(*d, ",") }

func (d *domainList) Set(v string) error {
	for _, name := range strings.Split(v, ",") {
		if name = strings.ToLower(strings.TrimSpace(name)); name != "" && !slices.Contains(*d, name) {
			*d = append(*d, name)
		}
	}
	return nil
}

// checkDomain refuses what no ACME CA will certify: single labels
// (localhost), addresses, ports, wildcards and characters outside hostnames.
func checkDomain(name string) error {
	if net.ParseIP(name) != nil || !strings.Contains(name, ".") || len(name) > 253 || strings.HasPrefix(name, ".") || strings.HasSuffix(name, ".") {
		return fmt.Errorf("--tls-domain %q: want a public host name such as news.example", name)
	}
	for _, label := range strings.Split(name, ".") {
		if label == "" || len(label) > 63 || label[0] == '-' || label[len(label)-1] == '-' {
			return fmt.Errorf("--tls-domain %q: want a public host name such as news.example", name)
		}
		for _, r := range label {
			if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-') {
				return fmt.Errorf("--tls-domain %q: want a public host name such as news.example (IDNs in their xn-- form)", name)
			}
		}
	}
	return nil
}

// certManager obtains and renews certificates for cfg.TLSDomains from the
// ACME server, keeping them in DATA/certs (0700, files 0600).
func certManager(cfg Config) (*autocert.Manager, error) {
	client := &acme.Client{DirectoryURL: cfg.ACMEDirectory}
	if cfg.ACMECA != "" {
		pem, err := os.ReadFile(cfg.ACMECA)
		if err != nil {
			return nil, fmt.Errorf("--acme-ca: %w", err)
		}
		pool, err := x509.SystemCertPool()
		if err != nil {
			pool = x509.NewCertPool()
		}
		if !pool.AppendCertsFromPEM(pem) {
			return nil, fmt.Errorf("--acme-ca %s: no PEM certificate in it", cfg.ACMECA)
		}
		client.HTTPClient = &http.Client{Timeout: time.Minute, Transport: &http.Transport{
			Proxy: http.ProxyFromEnvironment, TLSClientConfig: &tls.Config{RootCAs: pool},
		}}
	}
	return &autocert.Manager{
		Prompt:     autocert.AcceptTOS,
		Cache:      autocert.DirCache(filepath.Join(cfg.Data, "certs")),
		HostPolicy: autocert.HostWhitelist(cfg.TLSDomains...),
		Client:     client,
		Email:      cfg.ACMEEmail,
	}, nil
}

// toHTTPS is what the plain-HTTP port serves once HTTPS is on: ACME's HTTP-01
// challenges (through the manager), /healthz for monitors, and a redirect
// to the same page over HTTPS for everything else. The redirect names one of
// the site's own domains, never the Host a client sent.
func toHTTPS(m *autocert.Manager, site http.Handler, domains []string, httpsPort string) http.Handler {
	port := ""
	if httpsPort != "443" {
		port = ":" + httpsPort
	}
	redirect := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/healthz" {
			site.ServeHTTP(w, r)
			return
		}
		host := domains[0]
		if h, _, err := net.SplitHostPort(r.Host); err == nil && slices.Contains(domains, strings.ToLower(h)) {
			host = strings.ToLower(h)
		} else if slices.Contains(domains, strings.ToLower(r.Host)) {
			host = strings.ToLower(r.Host)
		}
		code := http.StatusMovedPermanently
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			code = http.StatusPermanentRedirect // keeps the method and body
		}
		http.Redirect(w, r, "https://"+host+port+r.URL.RequestURI(), code)
	})
	return m.HTTPHandler(redirect)
}

// httpsPort is the port of a listener's address, for redirects.
func httpsPort(ln net.Listener) (string, error) {
	_, port, err := net.SplitHostPort(ln.Addr().String())
	if err != nil {
		return "", errors.New("https listener has no port")
	}
	return port, nil
}
