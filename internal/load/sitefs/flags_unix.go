//go:build unix

package sitefs

import "syscall"

// openFlags open without waiting: a named pipe put where a checked file
// was would otherwise block the open itself, before it can be refused.
const openFlags = syscall.O_NONBLOCK
