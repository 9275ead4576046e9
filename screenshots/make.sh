#!/usr/bin/env bash
# Remakes the screenshots from the real program: builds it, runs it against
# the built-in demo API in tmux, captures the screen with its colours and
# renders it with freeze to SVG, then to PNG with rsvg-convert. Needs tmux
# and Go (freeze comes from the Go module proxy); installs librsvg2-bin,
# fonts-jetbrains-mono and fonts-symbola when missing (freeze's own PNG
# output crashes under Go 1.26; librsvg does not load the font freeze
# embeds, so the same one must be installed for the text to fit the cells
# freeze lays out; Symbola draws the emoji of the demo's messages, which
# the colour emoji font cannot in librsvg). Usage: screenshots/make.sh [scene...]
set -euo pipefail
cd "$(dirname "$0")/.."
out=screenshots
work=$(mktemp -d)
bin=$work/wasender-tui
go build -o "$bin" .
if ! command -v rsvg-convert >/dev/null || ! fc-list | grep -q Symbola || ! fc-list | grep -q "JetBrains Mono"; then
  apt-get install -y -qq librsvg2-bin fonts-jetbrains-mono fonts-symbola >/dev/null
fi
# freeze's font, installed; emoji from Symbola (outlines), never from the
# bitmap colour font.
cat > "$work/fonts.conf" <<'CONF'
<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
  <selectfont><rejectfont><glob>*NotoColorEmoji*</glob></rejectfont></selectfont>
  <alias binding="strong"><family>JetBrains Mono</family><prefer><family>JetBrains Mono</family><family>DejaVu Sans Mono</family><family>Symbola</family></prefer></alias>
</fontconfig>
CONF
freeze() { go run github.com/charmbracelet/freeze@v0.2.2 "$@"; }
sock=wasender-shots

# shot NAME COLS ROWS KEYS...: start the console, wait, send each key
# (a number means sleep that long; switch panes with ":" NAME Enter), capture, render.
shot() {
  local name=$1 cols=$2 rows=$3; shift 3
  tmux -L "$sock" kill-server 2>/dev/null || true
  tmux -L "$sock" new-session -d -s shot -x "$cols" -y "$rows" \
    "TERM=xterm-256color COLORTERM=truecolor $bin --demo"
  sleep 1.5
  for k in "$@"; do
    if [[ $k =~ ^[0-9.]+$ ]]; then sleep "$k"; else tmux -L "$sock" send-keys -t shot "$k"; sleep 0.3; fi
  done
  tmux -L "$sock" capture-pane -p -e -t shot | go run ./screenshots/ansinorm > "$out/$name.ansi"
  tmux -L "$sock" kill-server
  freeze "$out/$name.ansi" --language ansi --window=false --padding 10 --background "#0d1117" -o "$work/$name.svg" >/dev/null
  FONTCONFIG_FILE=$work/fonts.conf rsvg-convert "$work/$name.svg" -o "$out/$name.png"
  rm -f "$out/$name.ansi"
  echo "wrote $out/$name.png"
}

scenes=("${@:-sessions details qr logs health events}")
for scene in ${scenes[@]}; do
  case $scene in
    sessions) shot sessions 120 32 8 ;;
    details)  shot details 120 32 Down Enter 0.5 ;;
    qr)       shot qr 120 40 Down Down Down c 1.5 ;;
    logs)     shot logs 130 36 : logs Enter 6 ;;
    health)   shot health 130 36 : health Enter 8 ;;
    events)   shot events 130 36 : events Enter 8 ;;
    *) echo "unknown scene $scene" >&2; exit 2 ;;
  esac
done
