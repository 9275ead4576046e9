// Command ansinorm rewrites a `tmux capture-pane -e` screen so freeze draws
// it as the terminal did: freeze ignores the "default colour" (39, 49) and
// reverse-video (7) codes tmux emits, so every colour change is re-emitted
// as a full state after a reset, with reverse video turned into explicit
// colours. It reads stdin and writes stdout.
package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"regexp"
	"strconv"
	"strings"
)

// The default colours of the screenshots' terminal.
const (
	defaultFG = "38;2;230;237;243"
	defaultBG = "48;2;13;17;23"
)

var sgr = regexp.MustCompile(`\x1b\[([0-9;:]*)m`)

type state struct {
	fg, bg  string // "" = default
	bold    bool
	reverse bool
}

func (s *state) apply(params string) {
	if params == "" {
		*s = state{}
		return
	}
	p := strings.Split(strings.ReplaceAll(params, ":", ";"), ";")
	for i := 0; i < len(p); i++ {
		n, _ := strconv.Atoi(p[i])
		switch {
		case n == 0:
			*s = state{}
		case n == 1:
			s.bold = true
		case n == 22:
			s.bold = false
		case n == 7:
			s.reverse = true
		case n == 27:
			s.reverse = false
		case n == 39:
			s.fg = ""
		case n == 49:
			s.bg = ""
		case (n >= 30 && n <= 37) || (n >= 90 && n <= 97):
			s.fg = p[i]
		case (n >= 40 && n <= 47) || (n >= 100 && n <= 107):
			s.bg = p[i]
		case n == 38 || n == 48:
			k := 3 // 38;5;N
			if i+1 < len(p) && p[i+1] == "2" {
				k = 5 // 38;2;R;G;B
			}
			if i+k-1 < len(p) {
				v := strings.Join(p[i:i+k], ";")
				if n == 38 {
					s.fg = v
				} else {
					s.bg = v
				}
			}
			i += k - 1
		}
	}
}

// code renders the state as one SGR sequence after a reset.
func (s state) code() string {
	fg, bg := s.fg, s.bg
	if s.reverse {
		fg, bg = swap(bg, defaultBG, "48", "38"), swap(fg, defaultFG, "38", "48")
	}
	parts := []string{"0"}
	if s.bold {
		parts = append(parts, "1")
	}
	if fg != "" {
		parts = append(parts, fg)
	}
	if bg != "" {
		parts = append(parts, bg)
	}
	return "\x1b[" + strings.Join(parts, ";") + "m"
}

// swap turns a background colour into the same foreground colour (or the
// reverse), falling back to the terminal default.
func swap(c, def, from, to string) string {
	if c == "" {
		c = def
	}
	if strings.HasPrefix(c, from+";") {
		return to + c[len(from):]
	}
	n, err := strconv.Atoi(c)
	if err != nil {
		return c
	}
	if from == "48" { // 40-47, 100-107 -> 30-37, 90-97
		return strconv.Itoa(n - 10)
	}
	return strconv.Itoa(n + 10)
}

func main() {
	in := bufio.NewReader(os.Stdin)
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	data, err := io.ReadAll(in)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	var st state
	for _, line := range strings.Split(string(data), "\n") {
		out.WriteString(st.code())
		last := 0
		for _, m := range sgr.FindAllStringSubmatchIndex(line, -1) {
			out.WriteString(line[last:m[0]])
			st.apply(line[m[2]:m[3]])
			out.WriteString(st.code())
			last = m[1]
		}
		out.WriteString(line[last:])
		out.WriteString("\x1b[0m\n")
	}
}
