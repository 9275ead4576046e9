package termbg

import "testing"

func TestDarkFromCOLORFGBG(t *testing.T) {
	for v, want := range map[string]struct{ dark, ok bool }{
		"15;0":          {true, true},
		"0;15":          {false, true},
		"0;7":           {false, true},
		"7;8":           {true, true},
		"15;default;0":  {true, true},
		"0;default;15":  {false, true},
		"":              {false, false},
		"15":            {false, false},
		"15;":           {false, false},
		"15;default":    {false, false},
		"15;-1":         {false, false},
		"12;bright;two": {false, false},
	} {
		dark, ok := DarkFromCOLORFGBG(v)
		if dark != want.dark || ok != want.ok {
			t.Errorf("%q: dark %v ok %v, want %v %v", v, dark, ok, want.dark, want.ok)
		}
	}
}

func TestDarkFromReply(t *testing.T) {
	for reply, want := range map[string]struct{ dark, ok bool }{
		"\x1b]11;rgb:ffff/ffff/ffff\x1b\\": {false, true},
		"\x1b]11;rgb:0000/0000/0000\a":     {true, true},
		"\x1b]11;rgb:1e1e/1e1e/2e2e\x1b\\": {true, true},
		"\x1b]11;rgb:fd/f6/e3\a":           {false, true}, // Solarized light, 2 digits a channel
		"\x1b]11;rgb:f/f/f\a":              {false, true},
		"\x1b]11;rgb:7f7f/7f7f/7f7f\a":     {true, true}, // lightness just under one half
		"\x1b]11;rgb:8080/8080/8080\a":     {false, true},
		"\x1b]11;rgb:ffff/ffff\a":          {false, false},
		"\x1b]11;rgb:fffff/0/0\a":          {false, false},
		"\x1b]11;rgb:zz/00/00\a":           {false, false},
		"\x1b]11;?\a":                      {false, false},
		"":                                 {false, false},
	} {
		dark, ok := DarkFromReply(reply)
		if dark != want.dark || ok != want.ok {
			t.Errorf("%q: dark %v ok %v, want %v %v", reply, dark, ok, want.dark, want.ok)
		}
	}
}
