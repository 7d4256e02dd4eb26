// Package digest hashes Go values: Of(values...) is the SHA-256 of an
// encoding of the values that tells any two different values apart. The
// build's cache files each piece it keeps under the digest of the piece's
// inputs (see package build, Cache).
//
// Every field of a struct counts, unexported ones too; a pointer counts
// as the value it points to; maps count in the order of their keys'
// encodings. Values must not hold cycles, functions or channels.
package digest

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"math"
	"reflect"
	"slices"
	"sync"
)

// Of returns the digest of vs, as a string of 32 bytes.
func Of(vs ...any) string {
	bp := buffers.Get().(*[]byte)
	b := (*bp)[:0]
	for _, v := range vs {
		b = appendValue(b, reflect.ValueOf(v))
	}
	sum := sha256.Sum256(b)
	*bp = b
	buffers.Put(bp)
	return string(sum[:])
}

// buffers hold encodings, which would otherwise grow from nothing for
// every digest.
var buffers = sync.Pool{New: func() any { return new([]byte) }}

// appendValue appends an encoding of v to b: its kind, then its value,
// with lengths before variable-sized parts.
func appendValue(b []byte, v reflect.Value) []byte {
	b = append(b, byte(v.Kind()))
	switch v.Kind() {
	case reflect.Invalid:
	case reflect.Bool:
		if v.Bool() {
			b = append(b, 1)
		} else {
			b = append(b, 0)
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		b = binary.AppendVarint(b, v.Int())
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		b = binary.AppendUvarint(b, v.Uint())
	case reflect.Float32, reflect.Float64:
		b = binary.LittleEndian.AppendUint64(b, math.Float64bits(v.Float()))
	case reflect.String:
		s := v.String()
		b = binary.AppendUvarint(b, uint64(len(s)))
		b = append(b, s...)
	case reflect.Slice, reflect.Array:
		b = binary.AppendUvarint(b, uint64(v.Len()))
		if v.Type().Elem().Kind() == reflect.Uint8 && v.Kind() == reflect.Slice {
			return append(b, v.Bytes()...)
		}
		for i := range v.Len() {
			b = appendValue(b, v.Index(i))
		}
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			return append(b, 0)
		}
		if v.Kind() == reflect.Interface {
			t := v.Elem().Type().String()
			b = append(binary.AppendUvarint(b, uint64(len(t))), t...)
		}
		b = appendValue(append(b, 1), v.Elem())
	case reflect.Struct:
		for i := range v.NumField() {
			b = appendValue(b, v.Field(i))
		}
	case reflect.Map:
		entries := make([][]byte, 0, v.Len())
		for it := v.MapRange(); it.Next(); {
			entries = append(entries, appendValue(appendValue(nil, it.Key()), it.Value()))
		}
		slices.SortFunc(entries, bytes.Compare)
		b = binary.AppendUvarint(b, uint64(len(entries)))
		for _, e := range entries {
			b = binary.AppendUvarint(b, uint64(len(e)))
			b = append(b, e...)
		}
	default:
		panic(fmt.Sprintf("digest: cannot hash a %s", v.Type()))
	}
	return b
}
