package frame

// The 2021 protocol ("G2", yomo v1.4.0-beta to v1.7.x; reference version v1.5.3), docs/yomo-protocol.md
// §2.3. Every frame is one Y3 node sent back to back on a single bidirectional stream; there is no
// handshake acknowledgement. The data tag is the Y3 key of the payload's primitive child, so it is
// limited to 0x00-0x3F.

import (
	"fmt"
	"io"

	"yomopeer/y3"
)

// LegacyType is the frame type of the 2021 protocol, the SeqID of the frame's Y3 node.
type LegacyType byte

// Frame types of the 2021 protocol (yomo@v1.5.3 internal/frame/frame.go).
const (
	LegacyTypeHandshake LegacyType = 0x3D
	LegacyTypeData      LegacyType = 0x3F
	LegacyTypeAccepted  LegacyType = 0x3A
	LegacyTypeRejected  LegacyType = 0x39
	LegacyTypePing      LegacyType = 0x3C
	LegacyTypePong      LegacyType = 0x3B
)

func (t LegacyType) String() string {
	switch t {
	case LegacyTypeHandshake:
		return "Handshake"
	case LegacyTypeData:
		return "Data"
	case LegacyTypeAccepted:
		return "Accepted"
	case LegacyTypeRejected:
		return "Rejected"
	case LegacyTypePing:
		return "Ping"
	case LegacyTypePong:
		return "Pong"
	}
	return fmt.Sprintf("unknown(0x%02X)", byte(t))
}

// MaxLegacyDataTag is the largest data tag of the 2021 protocol: the tag is a Y3 SeqID.
const MaxLegacyDataTag = 0x3F

// QUIC application error codes of yomo v1.5.3 (§2.3.4). A zipper refuses a client by closing the
// connection with LegacyCloseIllegalSfn or LegacyCloseUnknownClientType.
const (
	LegacyCloseReadError         = 0xC0 // zipper: error reading the stream
	LegacyCloseNetClosed         = 0xC1 // zipper: net.ErrClosed
	LegacyCloseIllegalSfn        = 0xCC // zipper: sfn name not in the workflow
	LegacyCloseUnknownClientType = 0xCD // zipper: unknown client type
	LegacyCloseClientReadError   = 0xD0 // client: error reading the stream
	LegacyCloseClient            = 0xFF // client: Close()
)

// IsLegacyRejection reports the close codes a 2021 zipper uses to refuse a handshake.
func IsLegacyRejection(code uint64) bool {
	return code == LegacyCloseIllegalSfn || code == LegacyCloseUnknownClientType
}

// Keys inside the 2021 frames.
const (
	legacyKeyName, legacyKeyClientType byte = 0x01, 0x02
	legacyNodeMeta, legacyNodePayload  byte = 0x2F, 0x2E
	legacyKeyTID                       byte = 0x01
)

// LegacyFrame is one of the 2021 frame structs below.
type LegacyFrame interface {
	LegacyType() LegacyType
}

// LegacyHandshake is the first frame a 2021 client sends: node 0x3D {0x01 name, 0x02 client type}.
type LegacyHandshake struct {
	Name       string
	ClientType byte
}

// LegacyData is node 0x3F { node 0x2F Meta {0x01 tid}, node 0x2E Payload {<Tag> carriage} }.
type LegacyData struct {
	TID      string
	Tag      byte // 0x00-0x3F
	Carriage []byte
}

// LegacyAccepted (0x3A), LegacyRejected (0x39), LegacyPing (0x3C) and LegacyPong (0x3B) are empty nodes.
type (
	LegacyAccepted struct{}
	LegacyRejected struct{}
	LegacyPing     struct{}
	LegacyPong     struct{}
)

func (*LegacyHandshake) LegacyType() LegacyType { return LegacyTypeHandshake }
func (*LegacyData) LegacyType() LegacyType      { return LegacyTypeData }
func (*LegacyAccepted) LegacyType() LegacyType  { return LegacyTypeAccepted }
func (*LegacyRejected) LegacyType() LegacyType  { return LegacyTypeRejected }
func (*LegacyPing) LegacyType() LegacyType      { return LegacyTypePing }
func (*LegacyPong) LegacyType() LegacyType      { return LegacyTypePong }

// EncodeLegacy returns the wire bytes of f, fields in yomo v1.5.3's order. A data tag above 0x3F
// is an error (yomo's y3 panics on it).
func EncodeLegacy(f LegacyFrame) ([]byte, error) {
	var body []byte
	switch v := f.(type) {
	case *LegacyHandshake:
		body = y3.AppendPrimitive(body, legacyKeyName, []byte(v.Name))
		body = y3.AppendPrimitive(body, legacyKeyClientType, []byte{v.ClientType})
	case *LegacyData:
		if v.Tag > MaxLegacyDataTag {
			return nil, fmt.Errorf("frame: 2021 data tag 0x%02X above 0x3F (the tag is a Y3 key)", v.Tag)
		}
		body = y3.AppendNode(body, legacyNodeMeta, y3.AppendPrimitive(nil, legacyKeyTID, []byte(v.TID)))
		body = y3.AppendNode(body, legacyNodePayload, y3.AppendPrimitive(nil, v.Tag, v.Carriage))
	case *LegacyAccepted, *LegacyRejected, *LegacyPing, *LegacyPong:
	default:
		return nil, fmt.Errorf("frame: cannot encode %T as a 2021 frame", f)
	}
	return y3.AppendNode(nil, byte(f.LegacyType()), body), nil
}

// DecodeLegacy parses one whole 2021 frame packet. Handshake fields are looked up by key (a later
// duplicate wins). In a DataFrame, the payload's first primitive child (wire order) gives the tag
// and the carriage, as yomo v1.5.3 does; the tid is Meta's key 0x01, or else its first primitive.
func DecodeLegacy(packet []byte) (LegacyFrame, error) {
	p, n, err := y3.ParsePacket(packet)
	if err != nil {
		return nil, fmt.Errorf("frame: %w", err)
	}
	if n != len(packet) {
		return nil, fmt.Errorf("frame: %d bytes after the frame packet", len(packet)-n)
	}
	t := LegacyType(p.Seq())
	if !p.IsNode() {
		return nil, fmt.Errorf("frame: tag 0x%02X (2021 %s) is not a node packet", p.Tag, t)
	}
	children, err := y3.Children(p.Value)
	if err != nil {
		return nil, fmt.Errorf("frame 2021 %s: %w", t, err)
	}
	switch t {
	case LegacyTypeHandshake:
		return decodeLegacyHandshake(children)
	case LegacyTypeData:
		return decodeLegacyData(children)
	case LegacyTypeAccepted:
		return &LegacyAccepted{}, nil
	case LegacyTypeRejected:
		return &LegacyRejected{}, nil
	case LegacyTypePing:
		return &LegacyPing{}, nil
	case LegacyTypePong:
		return &LegacyPong{}, nil
	}
	return nil, fmt.Errorf("frame: unknown 2021 frame type 0x%02X", byte(t))
}

func decodeLegacyHandshake(children []y3.Packet) (*LegacyHandshake, error) {
	hs := &LegacyHandshake{}
	var clientType []byte
	seenType := false
	for _, c := range children {
		if c.IsNode() {
			continue
		}
		switch c.Seq() {
		case legacyKeyName:
			hs.Name = string(c.Value)
		case legacyKeyClientType:
			clientType, seenType = c.Value, true
		}
	}
	if !seenType || len(clientType) != 1 {
		return nil, fmt.Errorf("frame 2021 Handshake: client type field 0x02 must be 1 byte, got %d", len(clientType))
	}
	hs.ClientType = clientType[0]
	return hs, nil
}

func decodeLegacyData(children []y3.Packet) (*LegacyData, error) {
	var meta, payload *y3.Packet
	for i := range children {
		c := &children[i]
		if !c.IsNode() {
			continue
		}
		switch c.Seq() {
		case legacyNodeMeta:
			meta = c
		case legacyNodePayload:
			payload = c
		}
	}
	if meta == nil {
		return nil, fmt.Errorf("frame 2021 Data: missing Meta node 0x2F")
	}
	if payload == nil {
		return nil, fmt.Errorf("frame 2021 Data: missing Payload node 0x2E")
	}
	d := &LegacyData{}
	metaFields, err := y3.Children(meta.Value)
	if err != nil {
		return nil, fmt.Errorf("frame 2021 Data: Meta: %w", err)
	}
	tidFound := false
	for _, c := range metaFields {
		if c.IsNode() {
			continue
		}
		if c.Seq() == legacyKeyTID {
			d.TID, tidFound = string(c.Value), true
			break
		}
		if !tidFound {
			d.TID, tidFound = string(c.Value), true // the first primitive, unless key 0x01 follows
		}
	}
	payloadFields, err := y3.Children(payload.Value)
	if err != nil {
		return nil, fmt.Errorf("frame 2021 Data: Payload: %w", err)
	}
	for _, c := range payloadFields {
		if !c.IsNode() {
			d.Tag, d.Carriage = c.Seq(), c.Value
			return d, nil
		}
	}
	return nil, fmt.Errorf("frame 2021 Data: Payload node 0x2E has no primitive child (no tag)")
}

// LegacyReader reads 2021 frames one at a time from a stream.
type LegacyReader struct {
	r        io.Reader
	maxValue int
}

// NewLegacyReader returns a LegacyReader that rejects frames whose Y3 value is longer than maxValue.
func NewLegacyReader(r io.Reader, maxValue int) *LegacyReader {
	return &LegacyReader{r: r, maxValue: maxValue}
}

// Read returns the next frame; io.EOF means the peer finished the stream between frames.
func (r *LegacyReader) Read() (LegacyFrame, error) {
	packet, err := y3.ReadPacket(r.r, r.maxValue)
	if err != nil {
		return nil, err
	}
	return DecodeLegacy(packet)
}
