//go:build !unix

package sitefs

// openFlags are none here; the check before opening has to do.
const openFlags = 0
