package common

// Role is what an operator may do.
type Role int

const (
	RoleOperator Role = iota // may act
	RoleViewer               // reads only, never sees secrets
)

// MayChange reports whether the role may change things (act on the
// server, write files on the host).
func (r Role) MayChange() bool { return r == RoleOperator }

func (r Role) String() string {
	if r == RoleViewer {
		return "viewer"
	}
	return "operator"
}
