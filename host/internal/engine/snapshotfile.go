package engine

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"time"

	"google.golang.org/protobuf/proto"

	"github.com/mmpy/mmpy/abi/mmpyv1"
	"github.com/mmpy/mmpy/host/internal/guest"
	"github.com/mmpy/mmpy/wasi"
)

// snapshotMagic starts a serialized Snapshot (format version 1).
const snapshotMagic = "mmpy snapshot 1\n"

// maxSnapshotPages bounds a serialized snapshot's memory (4 GiB, wasm32).
const maxSnapshotPages = 1 << 16

// MarshalBinary serializes s for an on-disk cache: magic, key, pages,
// clock, the interrupt target, the hello (protobuf), the chunks, and a
// SHA-256 of everything before it, so that a truncated or damaged file is
// refused as a whole. key is what the file is valid for (checked on read).
func (s *Snapshot) MarshalBinary(key [32]byte) ([]byte, error) {
	var hello []byte
	if s.Guest.Hello != nil {
		var err error
		if hello, err = proto.Marshal(s.Guest.Hello); err != nil {
			return nil, err
		}
	}
	b := make([]byte, 0, 128+len(hello)+int(s.Bytes())+8*len(s.Chunks))
	b = append(b, snapshotMagic...)
	b = append(b, key[:]...)
	b = binary.LittleEndian.AppendUint32(b, s.Pages)
	b = binary.LittleEndian.AppendUint64(b, uint64(s.Clock))
	if ii := s.Guest.Interrupt; ii != nil {
		b = append(b, 1)
		for _, v := range []uint32{ii.EvalBreaker, ii.AsyncExc, ii.ExcType, ii.Bit} {
			b = binary.LittleEndian.AppendUint32(b, v)
		}
	} else {
		b = append(b, 0)
	}
	b = binary.LittleEndian.AppendUint32(b, uint32(len(hello)))
	b = append(b, hello...)
	b = binary.LittleEndian.AppendUint32(b, uint32(len(s.Chunks)))
	for _, c := range s.Chunks {
		b = binary.LittleEndian.AppendUint32(b, c.Offset)
		b = binary.LittleEndian.AppendUint32(b, uint32(len(c.Data)))
		b = append(b, c.Data...)
	}
	sum := sha256.Sum256(b)
	return append(b, sum[:]...), nil
}

// UnmarshalSnapshot reads what MarshalBinary wrote for key. Anything else —
// another key, another format, a damaged or truncated file, chunks out of
// order or outside the memory — is an error, never a panic.
func UnmarshalSnapshot(b []byte, key [32]byte) (*Snapshot, error) {
	if len(b) < len(snapshotMagic)+32+sha256.Size || string(b[:len(snapshotMagic)]) != snapshotMagic {
		return nil, errors.New("not an mmpy snapshot (format 1)")
	}
	body, sum := b[:len(b)-sha256.Size], b[len(b)-sha256.Size:]
	if got := sha256.Sum256(body); !bytes.Equal(got[:], sum) {
		return nil, errors.New("snapshot checksum mismatch (damaged or truncated)")
	}
	r := &reader{b: body[len(snapshotMagic):]}
	var k [32]byte
	copy(k[:], r.take(32))
	if r.err == nil && k != key {
		return nil, errors.New("snapshot made for another interpreter or sandbox")
	}
	s := &Snapshot{Pages: r.u32(), Clock: time.Duration(r.u64())}
	if s.Pages > maxSnapshotPages {
		return nil, fmt.Errorf("snapshot of %d pages: over the 4 GiB of a wasm32 memory", s.Pages)
	}
	if r.byte() == 1 {
		s.Guest.Interrupt = &guest.InterruptInfo{EvalBreaker: r.u32(), AsyncExc: r.u32(), ExcType: r.u32(), Bit: r.u32()}
	}
	if hello := r.take(int(r.u32())); len(hello) > 0 {
		var h mmpyv1.GuestHello
		if err := proto.Unmarshal(hello, &h); err != nil {
			return nil, fmt.Errorf("snapshot hello: %w", err)
		}
		s.Guest.Hello = &h
	}
	size := uint64(s.Pages) * wasi.WasmPageSize
	n := r.u32()
	var end uint64
	for i := uint32(0); i < n && r.err == nil; i++ {
		off := r.u32()
		data := r.take(int(r.u32()))
		if r.err != nil {
			break
		}
		if uint64(off) < end || uint64(off)+uint64(len(data)) > size {
			return nil, fmt.Errorf("snapshot chunk %d at %#x+%d: out of order or past the memory of %d bytes", i, off, len(data), size)
		}
		end = uint64(off) + uint64(len(data))
		s.Chunks = append(s.Chunks, Chunk{Offset: off, Data: data})
	}
	if r.err != nil {
		return nil, fmt.Errorf("snapshot: %w", r.err)
	}
	if len(r.b) != 0 {
		return nil, errors.New("snapshot: trailing bytes")
	}
	return s, nil
}

func (r *reader) take(n int) []byte {
	if n < 0 || n > len(r.b) {
		r.fail("unexpected end")
		return nil
	}
	v := r.b[:n:n]
	r.b = r.b[n:]
	return v
}

func (r *reader) u32() uint32 {
	v := r.take(4)
	if v == nil {
		return 0
	}
	return binary.LittleEndian.Uint32(v)
}

func (r *reader) u64() uint64 {
	v := r.take(8)
	if v == nil {
		return 0
	}
	return binary.LittleEndian.Uint64(v)
}
