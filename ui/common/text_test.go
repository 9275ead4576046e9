package common

import "testing"

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
