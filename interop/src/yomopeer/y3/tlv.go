package y3

import (
	"errors"
	"fmt"
	"io"
)

const (
	// NodeFlag marks a packet whose value is a concatenation of child packets.
	NodeFlag = 0x80
	// ArrayFlag marks a slice; it does not change how a packet is parsed.
	ArrayFlag = 0x40
	// SeqMask extracts the 6-bit key (SeqID) from a tag byte.
	SeqMask = 0x3F
)

// ErrMalformed reports a stream that ended inside a packet.
var ErrMalformed = errors.New("y3: malformed packet")

// AppendPrimitive appends a primitive packet: tag = seq, PVarInt32 length, value.
func AppendPrimitive(dst []byte, seq byte, value []byte) []byte {
	return appendPacket(dst, checkSeq(seq), value)
}

// AppendNode appends a node packet whose value is the already-encoded children.
func AppendNode(dst []byte, seq byte, children []byte) []byte {
	return appendPacket(dst, checkSeq(seq)|NodeFlag, children)
}

func checkSeq(seq byte) byte {
	if seq > SeqMask {
		// A programming error, as in Go's y3 ("sid should be in [0..0x3F]").
		panic(fmt.Sprintf("y3: seq 0x%02X out of range [0..0x3F]", seq))
	}
	return seq
}

func appendPacket(dst []byte, tag byte, value []byte) []byte {
	dst = append(dst, tag)
	dst = AppendPVarInt32(dst, int32(len(value)))
	return append(dst, value...)
}

// Packet is one decoded TLV; Value aliases the input buffer.
type Packet struct {
	Tag   byte
	Value []byte
}

// Seq is the 6-bit key of the packet.
func (p Packet) Seq() byte { return p.Tag & SeqMask }

// IsNode reports whether the value holds child packets.
func (p Packet) IsNode() bool { return p.Tag&NodeFlag != 0 }

// ParsePacket decodes the packet at the start of b and returns it with the number of bytes used.
func ParsePacket(b []byte) (Packet, int, error) {
	if len(b) < 2 {
		return Packet{}, 0, fmt.Errorf("y3: packet needs at least 2 bytes, got %d", len(b))
	}
	length, n, err := DecodePVarInt32(b[1:])
	if err != nil {
		return Packet{}, 0, fmt.Errorf("y3: length of packet with tag 0x%02X: %w", b[0], err)
	}
	if length < 0 {
		return Packet{}, 0, fmt.Errorf("y3: packet with tag 0x%02X has negative length %d", b[0], length)
	}
	start := 1 + n
	if int64(len(b)-start) < int64(length) {
		return Packet{}, 0, fmt.Errorf("y3: packet with tag 0x%02X declares %d value bytes but only %d remain",
			b[0], length, len(b)-start)
	}
	end := start + int(length)
	return Packet{Tag: b[0], Value: b[start:end]}, end, nil
}

// Children decodes the value of a node as a sequence of packets, in wire order.
func Children(node []byte) ([]Packet, error) {
	var out []Packet
	for pos := 0; pos < len(node); {
		p, n, err := ParsePacket(node[pos:])
		if err != nil {
			return nil, fmt.Errorf("child at offset %d: %w", pos, err)
		}
		out = append(out, p)
		pos += n
	}
	return out, nil
}

// ReadPacket reads exactly one packet (tag, length, value) from r and returns its raw bytes.
// A declared length above maxValue is rejected before any value byte is buffered, so a hostile
// peer cannot make the reader allocate more than maxValue.
func ReadPacket(r io.Reader, maxValue int) ([]byte, error) {
	head := make([]byte, 1, 1+maxPVarInt32Bytes)
	if _, err := io.ReadFull(r, head); err != nil {
		return nil, err // io.EOF here is a clean end between packets
	}
	var one [1]byte
	for {
		if len(head) > maxPVarInt32Bytes {
			return nil, fmt.Errorf("y3: length of packet with tag 0x%02X longer than %d bytes", head[0], maxPVarInt32Bytes)
		}
		if _, err := io.ReadFull(r, one[:]); err != nil {
			return nil, fmt.Errorf("%w: stream ended in the length of tag 0x%02X: %v", ErrMalformed, head[0], err)
		}
		head = append(head, one[0])
		if one[0]&0x80 == 0 {
			break
		}
	}
	length, _, err := DecodePVarInt32(head[1:])
	if err != nil {
		return nil, err
	}
	if length < 0 {
		return nil, fmt.Errorf("y3: packet with tag 0x%02X has negative length %d", head[0], length)
	}
	if int64(length) > int64(maxValue) {
		return nil, fmt.Errorf("y3: packet with tag 0x%02X declares %d bytes, above the limit of %d", head[0], length, maxValue)
	}
	buf := make([]byte, len(head)+int(length))
	copy(buf, head)
	if got, err := io.ReadFull(r, buf[len(head):]); err != nil {
		return nil, fmt.Errorf("%w: stream ended after %d of %d value bytes of tag 0x%02X", ErrMalformed,
			got, length, head[0])
	}
	return buf, nil
}
