package webhook

import (
	"net"
	"net/http"
	"strings"
	"time"
)

// DefaultListen is where a receiver listens when no address is given.
const DefaultListen = "127.0.0.1:8090"

// ListenAddr applies the rule that a receiver listens on loopback unless an
// address is given explicitly: "" is DefaultListen, "8090" and ":8090" are
// 127.0.0.1:8090, "0.0.0.0:8090" or "[::]:8090" listen everywhere.
func ListenAddr(addr string) string {
	addr = strings.TrimSpace(addr)
	switch {
	case addr == "":
		return DefaultListen
	case !strings.Contains(addr, ":"):
		return net.JoinHostPort("127.0.0.1", addr)
	case strings.HasPrefix(addr, ":"):
		return "127.0.0.1" + addr
	}
	return addr
}

// NewServer serves h with limits fit for webhook deliveries: headers within
// 10 s and 64 KiB, a whole request within 30 s, idle connections closed
// after 2 minutes.
func NewServer(h http.Handler) *http.Server {
	return &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
	}
}
