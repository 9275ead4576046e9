// Package styles holds every style of the console, built from one lipgloss
// renderer so each SSH client gets its own colour profile and background.
package styles

import (
	"strings"

	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"
)

// Styles is the palette of the console. Never build styles elsewhere from
// the global renderer.
type Styles struct {
	Renderer *lipgloss.Renderer

	Header     lipgloss.Style
	HeaderDim  lipgloss.Style
	HeaderErr  lipgloss.Style
	Brand      lipgloss.Style
	Tab        lipgloss.Style
	TabActive  lipgloss.Style
	HelpKey    lipgloss.Style
	HelpDesc   lipgloss.Style
	HelpSep    lipgloss.Style
	StatusLine lipgloss.Style

	TableHeader   lipgloss.Style
	TableSelected lipgloss.Style
	Dim           lipgloss.Style
	Bold          lipgloss.Style
	Title         lipgloss.Style
	Label         lipgloss.Style
	Value         lipgloss.Style
	Secret        lipgloss.Style
	Match         lipgloss.Style

	OK    lipgloss.Style
	Warn  lipgloss.Style
	Error lipgloss.Style
	Info  lipgloss.Style

	Dialog       lipgloss.Style
	Button       lipgloss.Style
	ButtonActive lipgloss.Style
	ButtonDanger lipgloss.Style
	Input        lipgloss.Style
	InputFocused lipgloss.Style
	FieldError   lipgloss.Style

	status map[string]Badge
}

// Badge is how a state is shown: always a symbol and a word, colour on top.
type Badge struct {
	Symbol string
	Word   string
	Style  lipgloss.Style
}

// Render returns "● connected" styled.
func (b Badge) Render() string { return b.Style.Render(b.Symbol + " " + b.Word) }

// Plain returns "● connected" unstyled.
func (b Badge) Plain() string { return b.Symbol + " " + b.Word }

var (
	green  = lipgloss.AdaptiveColor{Light: "#1a7f37", Dark: "#3fb950"}
	yellow = lipgloss.AdaptiveColor{Light: "#9a6700", Dark: "#d29922"}
	red    = lipgloss.AdaptiveColor{Light: "#cf222e", Dark: "#f85149"}
	blue   = lipgloss.AdaptiveColor{Light: "#0969da", Dark: "#58a6ff"}
	cyan   = lipgloss.AdaptiveColor{Light: "#1b7c83", Dark: "#39c5cf"}
	grey   = lipgloss.AdaptiveColor{Light: "#6e7781", Dark: "#8b949e"}
	subtle = lipgloss.AdaptiveColor{Light: "#d0d7de", Dark: "#30363d"}
	fg     = lipgloss.AdaptiveColor{Light: "#1f2328", Dark: "#e6edf3"}
	accent = lipgloss.AdaptiveColor{Light: "#8250df", Dark: "#a371f7"}
	selBg  = lipgloss.AdaptiveColor{Light: "#ddf4ff", Dark: "#1f3a5f"}
)

// New builds the styles from r (lipgloss.DefaultRenderer() locally, the
// client's renderer over SSH).
func New(r *lipgloss.Renderer) *Styles {
	if r == nil {
		r = lipgloss.DefaultRenderer()
	}
	n := r.NewStyle
	s := &Styles{Renderer: r}
	s.Header = n().Foreground(fg)
	s.HeaderDim = n().Foreground(grey)
	s.HeaderErr = n().Foreground(red)
	s.Brand = n().Bold(true).Foreground(accent)
	s.Tab = n().Foreground(grey).Padding(0, 1)
	s.TabActive = n().Bold(true).Foreground(fg).Underline(true).Padding(0, 1)
	s.HelpKey = n().Foreground(blue).Bold(true)
	s.HelpDesc = n().Foreground(grey)
	s.HelpSep = n().Foreground(subtle)
	s.StatusLine = n().Foreground(fg)

	s.TableHeader = n().Bold(true).Foreground(grey)
	s.TableSelected = n().Bold(true).Background(selBg).Foreground(fg)
	if r.ColorProfile() == termenv.Ascii {
		s.TableSelected = n().Reverse(true) // no colours: reverse video still shows
	}
	s.Dim = n().Foreground(grey)
	s.Bold = n().Bold(true)
	s.Title = n().Bold(true).Foreground(accent)
	s.Label = n().Foreground(grey)
	s.Value = n().Foreground(fg)
	s.Secret = n().Foreground(yellow)
	s.Match = n().Underline(true).Bold(true).Foreground(yellow)

	s.OK = n().Foreground(green)
	s.Warn = n().Foreground(yellow)
	s.Error = n().Foreground(red)
	s.Info = n().Foreground(blue)

	s.Dialog = n().Border(lipgloss.RoundedBorder()).BorderForeground(accent).Padding(0, 1)
	s.Button = n().Padding(0, 1).Foreground(grey)
	s.ButtonActive = n().Padding(0, 1).Reverse(true).Bold(true)
	s.ButtonDanger = n().Padding(0, 1).Reverse(true).Bold(true).Foreground(red)
	s.Input = n().Foreground(fg)
	s.InputFocused = n().Foreground(fg).Bold(true)
	s.FieldError = n().Foreground(red)

	s.status = map[string]Badge{
		"connected":    {"●", "connected", n().Foreground(green)},
		"connecting":   {"◐", "connecting", n().Foreground(cyan)},
		"initialized":  {"◐", "initialized", n().Foreground(cyan)},
		"need_scan":    {"◎", "need scan", n().Foreground(yellow)},
		"need_passkey": {"◎", "need passkey", n().Foreground(yellow)},
		"disconnected": {"○", "disconnected", n().Foreground(grey)},
		"logged_out":   {"✕", "logged out", n().Foreground(red)},
		"expired":      {"✕", "expired", n().Foreground(red)},
		"error":        {"✕", "error", n().Foreground(red)},
		// message log states
		"sent":        {"✓", "sent", n().Foreground(green)},
		"in_progress": {"…", "in progress", n().Foreground(cyan)},
		"failed":      {"✗", "failed", n().Foreground(red)},
		// message info delivery states
		"pending":   {"…", "pending", n().Foreground(cyan)},
		"delivered": {"✓✓", "delivered", n().Foreground(green)},
		"read":      {"✓✓", "read", n().Foreground(blue)},
		"played":    {"▶", "played", n().Foreground(blue)},
	}
	return s
}

// Status returns the badge for a state, compared without case; unknown
// states keep their own spelling.
func (s *Styles) Status(state string) Badge {
	key := strings.ToLower(strings.TrimSpace(state))
	if b, ok := s.status[key]; ok {
		return b
	}
	if key == "" {
		return Badge{"?", "unknown", s.Dim}
	}
	return Badge{"?", strings.ReplaceAll(key, "_", " "), s.Dim}
}
