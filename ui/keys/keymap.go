package keys

// The bindings views share. A view takes one, says what it does there
// (Does), and may copy it with its own help text (Described).
var (
	Open    = New("details", "enter")
	Back    = New("back", "esc")
	Filter  = New("filter", "/")
	Sort    = New("sort by next column", "s")
	Reverse = New("reverse sort", "S")
	Reload  = New("reload", "r")
	Pick    = New("pick session", "p")
)
