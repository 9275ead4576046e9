package common

import (
	"slices"
	"strings"
	"testing"
)

func TestRedactURL(t *testing.T) {
	for in, want := range map[string]string{
		"socks5://user:secret@proxy.example:1080": "socks5://user:xxxxx@proxy.example:1080",
		"https://hooks.example/wh":                "https://hooks.example/wh",
		"http://user@host":                        "http://user@host",
		"-":                                       "-",
	} {
		if got := RedactURL(in); got != want {
			t.Errorf("%q: %q, want %q", in, got, want)
		}
	}
}

func TestClean(t *testing.T) {
	if got := Clean("evil\x1b]52;c;AAAA\x07name\nnext"); got != "evil ]52;c;AAAA name next" {
		t.Errorf("Clean = %q", got)
	}
}

func TestFitHeight(t *testing.T) {
	if FitHeight("a\nb\nc", 2) != "a\nb" || FitHeight("a", 3) != "a\n\n" || FitHeight("a", 0) != "" {
		t.Error("FitHeight")
	}
}

func TestNaturalOrder(t *testing.T) {
	in := []string{"Clear 10", "clear 2", "Clear 1", "Ärger", "apple", "+49 100", "+49 30", "07", "7", "x", ""}
	slices.SortFunc(in, Natural)
	want := []string{"", "+49 30", "+49 100", "7", "07", "apple", "clear 1", "clear 2", "Clear 10", "x", "Ärger"}
	for i := range want {
		if !strings.EqualFold(in[i], want[i]) {
			t.Fatalf("sorted %q, want %q", in, want)
		}
	}
	if Natural("Clear 2", "Clear 10") >= 0 || Natural("a", "A") != 0 || Natural("abc", "ab") <= 0 {
		t.Error("pairs")
	}
}

func BenchmarkNatural(b *testing.B) {
	b.ReportAllocs()
	for range b.N {
		Natural("Support Desk Madrid 12", "Support Desk Madrid 102")
	}
}
