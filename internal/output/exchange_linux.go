package output

import "golang.org/x/sys/unix"

// exchange swaps the folders a and b in one step, so that no reader (and
// no kill) ever finds the output folder missing between two renames.
func exchange(a, b string) error {
	return unix.Renameat2(unix.AT_FDCWD, a, unix.AT_FDCWD, b, unix.RENAME_EXCHANGE)
}
