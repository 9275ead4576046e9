#!/usr/bin/env bash
# Remakes the screenshots from the real program: builds it, runs it against
# the built-in demo API in tmux, captures the screen with its colours and
# renders it to PNG with freeze. Needs tmux and Go (freeze comes from the
# Go module proxy). Usage: screenshots/make.sh [scene...]
set -euo pipefail
cd "$(dirname "$0")/.."
out=screenshots
bin=$(mktemp -d)/wasender-tui
go build -o "$bin" .
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
  freeze "$out/$name.ansi" --language ansi --window=false --padding 10 --background "#0d1117" -o "$out/$name.png" >/dev/null
  rm -f "$out/$name.ansi"
  echo "wrote $out/$name.png"
}

scenes=("${@:-sessions details qr logs health}")
for scene in ${scenes[@]}; do
  case $scene in
    sessions) shot sessions 120 32 8 ;;
    details)  shot details 120 32 Down Enter 0.5 ;;
    qr)       shot qr 120 40 Down Down Down c 1.5 ;;
    logs)     shot logs 130 36 : logs Enter 6 ;;
    health)   shot health 130 36 : health Enter 8 ;;
    *) echo "unknown scene $scene" >&2; exit 2 ;;
  esac
done
