package web

import (
	"net"
	"net/http"
	"net/netip"
	"strings"
)

// realClient sets r.RemoteAddr to the client's address when the request
// comes from a trusted proxy: the rightmost address in Forwarded (RFC 7239)
// or else X-Forwarded-For that is not itself a trusted proxy. Nothing else
// reads those headers, so a client elsewhere cannot choose its address;
// without trusted proxies (the default) they are never read.
func (s *Server) realClient(r *http.Request) {
	peer, ok := parseHost(r.RemoteAddr)
	if !ok || !s.trusted(peer) {
		return
	}
	var hops []string
	if fwd := r.Header.Values("Forwarded"); len(fwd) > 0 {
		hops = forwardedFor(fwd)
	} else {
		for _, v := range r.Header.Values("X-Forwarded-For") {
			hops = append(hops, strings.Split(v, ",")...)
		}
	}
	client := peer
	for i := len(hops) - 1; i >= 0; i-- {
		a, ok := parseHost(strings.TrimSpace(hops[i]))
		if !ok {
			break // a hop the proxies did not write: stop at the last one they vouch for
		}
		client = a
		if !s.trusted(a) {
			break
		}
	}
	r.RemoteAddr = netip.AddrPortFrom(client, 0).String()
}

// clientAddr is the client's address without its port, as counted and
// logged: r.RemoteAddr after realClient has put the real client there.
func clientAddr(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

func (s *Server) trusted(a netip.Addr) bool {
	for _, p := range s.cfg.TrustedProxies {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

// forwardedFor lists the for= values of Forwarded header values, in order.
func forwardedFor(values []string) []string {
	var out []string
	for _, v := range values {
		for _, elem := range strings.Split(v, ",") {
			for _, pair := range strings.Split(elem, ";") {
				k, val, ok := strings.Cut(strings.TrimSpace(pair), "=")
				if ok && strings.EqualFold(k, "for") {
					out = append(out, strings.Trim(val, `"`))
				}
			}
		}
	}
	return out
}

// parseHost reads an address with or without a port ("192.0.2.1",
// "192.0.2.1:80", "[2001:db8::1]:80", "2001:db8::1"), unmapping IPv4-in-IPv6.
func parseHost(s string) (netip.Addr, bool) {
	if ap, err := netip.ParseAddrPort(s); err == nil {
		return ap.Addr().Unmap(), true
	}
	if host, _, err := net.SplitHostPort(s); err == nil {
		s = host
	}
	a, err := netip.ParseAddr(strings.Trim(s, "[]"))
	if err != nil || a.Zone() != "" {
		return netip.Addr{}, false
	}
	return a.Unmap(), true
}
