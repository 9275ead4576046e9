package pairview

import (
	"strconv"
	"strings"
	"time"

	"github.com/charmbracelet/x/ansi"
	"github.com/wasender-tui/wasender-tui/ui/common"
	"github.com/wasender-tui/wasender-tui/ui/keys"
	"github.com/wasender-tui/wasender-tui/ui/qrtext"
)

// infoWidth is the width of the text column beside the code.
const infoWidth = 46

// prepare fits the code to the view and draws it, once per code, size or
// drawing: beside the caption column when that keeps as wide a quiet zone
// as stacking would; else above a one-line caption; else not at all. It
// never draws a clipped code.
func (m *Model) prepare() {
	m.keysHint = m.hint()
	m.fit, m.lines = fitNone, nil
	if m.code == nil || m.width <= 0 || m.height <= 0 {
		return
	}
	side, okSide := m.code.Fit(m.mode, m.width-infoWidth-2, m.height)
	stack, okStack := m.code.Fit(m.mode, m.width, m.height-1)
	var l qrtext.Layout
	switch {
	case okSide && (!okStack || side.Quiet >= stack.Quiet):
		m.fit, l = fitBeside, side
	case okStack:
		m.fit, l = fitBelow, stack
	default:
		m.fit = fitTooBig
		return
	}
	m.layout = l
	colors, dark := m.colors()
	m.lines = m.code.Render(qrtext.Options{Mode: l.Mode, Quiet: l.Quiet, Invert: m.invert, Colors: colors, DarkBackground: dark})
}

// View draws the code centred with its caption beside or below it, or says
// exactly how much room is needed.
func (m *Model) View() string {
	if m.width <= 0 || m.height <= 0 {
		return ""
	}
	st := m.ctx.Styles
	switch {
	case m.passkey != nil && m.raw == "":
		return m.center(m.passkeyView())
	case m.encErr != nil:
		return m.center(st.Error.Render("✗ cannot draw this pairing code: " + m.encErr.Error()))
	case m.code == nil:
		return m.center(st.Dim.Render("connecting "+m.name+"…") + "\n\n" + st.Dim.Render(m.keysHint))
	}
	switch m.fit {
	case fitBeside:
		return m.beside()
	case fitBelow:
		return m.below()
	}
	return m.tooSmall()
}

// hint lists the view's keys (they change only with what prepare
// follows): the whole terminal is the view, so there is no footer to list
// them.
func (m *Model) hint() string {
	var parts []string
	for _, a := range keys.Applicable(m.actions) {
		parts = append(parts, a.Label()+" "+a.Desc())
	}
	return strings.Join(parts, " · ")
}

func (m *Model) beside() string {
	l := m.layout
	info := m.infoLines(infoWidth)
	top := max((l.Rows-len(info))/2, 0)
	out := make([]string, 0, l.Rows)
	for i, line := range m.lines {
		right := ""
		if j := i - top; j >= 0 && j < len(info) {
			right = info[j]
		}
		out = append(out, line+"  "+right)
	}
	return m.place(out, l.Cols+2+infoWidth)
}

// below centres the caption on the terminal, not on the code: it may be
// the wider of the two.
func (m *Model) below() string {
	out := indent(m.lines, (m.width-m.layout.Cols)/2)
	caption := m.caption()
	out = append(out, indent([]string{caption}, (m.width-ansi.StringWidth(caption))/2)...)
	return m.middle(out)
}

// place centres a block of lines blockW wide in the terminal.
func (m *Model) place(lines []string, blockW int) string {
	return m.middle(indent(lines, (m.width-blockW)/2))
}

func indent(lines []string, n int) []string {
	left := strings.Repeat(" ", max(n, 0))
	out := make([]string, 0, len(lines)+1)
	for _, l := range lines {
		out = append(out, left+l)
	}
	return out
}

// middle centres lines vertically in the terminal.
func (m *Model) middle(lines []string) string {
	top := strings.Repeat("\n", max((m.height-len(lines))/2, 0))
	return common.FitHeight(top+strings.Join(lines, "\n"), m.height)
}

// freshness says which code this is and how it is kept current: read
// again every few seconds, replaced the moment the server rotates it.
func (m *Model) freshness() string { return "code " + strconv.Itoa(m.seq) + m.checked() }

func (m *Model) checked() string {
	return ", checked every " + m.ctx.Settings.Pairing.WithDefaults().CodeEvery.String()
}

// rotation is how often the server was seen to rotate, or "".
func (m *Model) rotation() string {
	if m.rotates <= 0 {
		return ""
	}
	return "a new code about every " + m.rotates.Round(time.Second).String()
}

func (m *Model) infoLines(w int) []string {
	st := m.ctx.Styles
	wrap := st.Renderer.NewStyle().Width(w)
	lines := []string{
		st.Title.Render("Pair " + m.name),
		st.Dim.Render(m.phone),
		"",
	}
	lines = append(lines, strings.Split(wrap.Render("On the phone: WhatsApp → Settings → Linked devices → Link a device, then point the camera at the code."), "\n")...)
	lines = append(lines, "",
		st.Label.Render("state    ")+st.Status(string(m.status)).Render(),
		st.Label.Render("code     ")+strconv.Itoa(m.seq)+st.Dim.Render(m.checked()),
	)
	if r := m.rotation(); r != "" {
		lines = append(lines, st.Label.Render("         ")+st.Dim.Render(r))
	}
	if m.warning != "" {
		lines = append(lines, "")
		lines = append(lines, strings.Split(st.Warn.Render(wrap.Render("⚠ "+m.warning)), "\n")...)
	}
	lines = append(lines, "", st.Dim.Render(m.keysHint))
	return lines
}

// caption is the one line under the code when there is no room beside it.
// A line too narrow for all of it gives way from its end: the keys but
// esc first, then how the code is kept fresh; the name, the state, a
// warning and how to close stay.
func (m *Model) caption() string {
	return m.line([]common.Part{{Text: m.ctx.Styles.Title.Render("Pair " + m.name), Keep: 4}}, m.width)
}

// stateLine is the caption without the name, which the view shows above.
func (m *Model) stateLine(width int) string { return m.line(nil, width) }

func (m *Model) line(parts []common.Part, width int) string {
	st := m.ctx.Styles
	parts = append(parts,
		common.Part{Text: st.Status(string(m.status)).Render(), Keep: 4},
		common.Part{Text: m.freshness(), Keep: 2},
	)
	if m.warning != "" {
		parts = append(parts, common.Part{Text: st.Warn.Render("⚠ " + m.warning), Keep: 3})
	}
	for _, a := range keys.Applicable(m.actions) {
		keep := 1
		if a.Label() == "esc" {
			keep = 3
		}
		parts = append(parts, common.Part{Text: st.Dim.Render(a.Label() + " " + a.Desc()), Keep: keep})
	}
	return common.FitParts(parts, st.Dim.Render(" · "), width)
}

// tooSmall names the exact size the code needs; pairing goes on meanwhile
// and the code is drawn as soon as the window is large enough.
func (m *Model) tooSmall() string {
	st := m.ctx.Styles
	w, h := m.code.Cells(m.mode, qrtext.MinQuiet)
	h++ // the caption line
	msg := []string{
		st.Title.Render("Pair " + m.name),
		"",
		"The QR code needs " + st.Bold.Render(strconv.Itoa(w)+"x"+strconv.Itoa(h)) + " cells; this terminal is " + strconv.Itoa(m.width) + "x" + strconv.Itoa(m.height) + ".",
		"Enlarge the window or make the font smaller: the code is kept fresh and is drawn the moment it fits.",
	}
	if m.mode == qrtext.FullBlocks {
		hw, hh := m.code.Cells(qrtext.HalfBlocks, qrtext.MinQuiet)
		msg = append(msg, "Half blocks need only "+strconv.Itoa(hw)+"x"+strconv.Itoa(hh+1)+": press f.")
	}
	return m.center(strings.Join(msg, "\n") + "\n\n" + m.stateLine(min(m.width, centerWidth)))
}

func (m *Model) passkeyView() string {
	st := m.ctx.Styles
	expires := "soon"
	if !m.passkey.ExpiresAt.IsZero() {
		expires = m.passkey.ExpiresAt.Local().Format("15:04:05") + " (in " + max(m.passkey.ExpiresAt.Sub(m.ctx.Now()).Round(time.Second), 0).String() + ")"
	}
	return strings.Join([]string{
		st.Title.Render("Pair " + m.name + " with a passkey"),
		"",
		"This session links with a passkey instead of a QR code, and the linking is",
		"finished on the phone: open WhatsApp → Settings → Linked devices → Link a device",
		"and approve the request with the phone's passkey (fingerprint, face or screen lock).",
		"",
		st.Label.Render("request expires ") + expires,
		st.Label.Render("state           ") + st.Status(string(m.status)).Render(),
		"",
		"The console keeps watching the session and tells you the moment it is linked.",
		st.Dim.Render(m.keysHint + " (pairing on the phone can still finish)"),
	}, "\n")
}

// centerWidth is the widest a centred message is: longer lines wrap.
const centerWidth = 86

func (m *Model) center(s string) string {
	box := m.ctx.Styles.Renderer.NewStyle().Width(min(m.width, centerWidth)).Render(s) // wrapped, never cut
	return common.Center(m.ctx.Styles, m.width, m.height, box)
}
