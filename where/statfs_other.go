//go:build !linux

package where

// FilesystemOf cannot tell the kind of filesystem on this system: it returns
// KindUnknown with ErrUnsupported, and callers say "unknown" rather than guess.
func FilesystemOf(path string) (Filesystem, error) {
	return Filesystem{Kind: KindUnknown}, ErrUnsupported
}
