// Package frame encodes and decodes the frames of YoMo's final Go protocol (yomo v1.18.10 to
// v1.22.3, handshake version "2024-01-03"): each frame is a Y3 node whose SeqID is the frame type
// and whose children are primitive fields.
package frame

import (
	"encoding/binary"
	"fmt"
	"io"

	"yomopeer/y3"
)

// Type is the frame type, the SeqID of the frame's Y3 node (wire tag = 0x80 | Type).
type Type byte

// Frame types of the final protocol.
const (
	TypeHandshake    Type = 0x31
	TypeHandshakeAck Type = 0x29
	TypeRejected     Type = 0x39
	TypeGoaway       Type = 0x2E
	TypeConnectTo    Type = 0x3E
	TypeData         Type = 0x3F
	// TypeAck is the acknowledgement extension's frame (yomo-java/ACKS.md); no YoMo version uses it.
	TypeAck Type = 0x2B
)

func (t Type) String() string {
	switch t {
	case TypeHandshake:
		return "Handshake"
	case TypeHandshakeAck:
		return "HandshakeAck"
	case TypeRejected:
		return "Rejected"
	case TypeGoaway:
		return "Goaway"
	case TypeConnectTo:
		return "ConnectTo"
	case TypeData:
		return "Data"
	case TypeAck:
		return "Ack"
	}
	return fmt.Sprintf("unknown(0x%02X)", byte(t))
}

// Client types carried in the handshake.
const (
	ClientTypeSource         byte = 0x5F
	ClientTypeUpstreamZipper byte = 0x5E
	ClientTypeStreamFunction byte = 0x5D
)

// ProtocolVersion is the handshake version every YoMo release from v1.18.0 to v1.22.3 sends.
const ProtocolVersion = "2024-01-03"

// CloseErrorCode is the QUIC application error code YoMo uses when it closes a connection.
const CloseErrorCode = 0x13

// IsReservedTag reports tags 0xF000-0xFFFF, which a zipper refuses from clients.
func IsReservedTag(tag uint32) bool { return tag >= 0xF000 && tag <= 0xFFFF }

// Frame is one of the frame structs below.
type Frame interface {
	Type() Type
}

// Handshake is the first frame a client sends.
type Handshake struct {
	Name               string
	ID                 string
	ClientType         byte
	ObserveDataTags    []uint32
	AuthName           string
	AuthPayload        string
	Version            string
	FunctionDefinition []byte
	WantedTarget       string
	// The acknowledgement extension (yomo-java/ACKS.md): written only when AckVersion is not 0.
	AckVersion uint32
	ProducerID string
}

// HandshakeAck accepts a handshake. A receiver of the acknowledgement extension grants it with
// AckVersion and ResumeAfter (written only when AckVersion is not 0).
type HandshakeAck struct {
	AckVersion  uint32
	ResumeAfter uint64
}

// Ack (extension) says every frame of the session's producer up to Durable is durable.
type Ack struct{ Durable uint64 }

// Rejected refuses a handshake or ends a session.
type Rejected struct{ Message string }

// Goaway asks the client to leave.
type Goaway struct{ Message string }

// ConnectTo redirects the client to another zipper.
type ConnectTo struct{ Endpoint string }

// Data carries one message: a uint32 tag, msgpack metadata and an opaque payload.
type Data struct {
	Tag      uint32
	Metadata []byte
	Payload  []byte
	Sequence uint64 // the extension's producer sequence; 0 = none (not written)
}

func (*Handshake) Type() Type    { return TypeHandshake }
func (*HandshakeAck) Type() Type { return TypeHandshakeAck }
func (*Rejected) Type() Type     { return TypeRejected }
func (*Goaway) Type() Type       { return TypeGoaway }
func (*ConnectTo) Type() Type    { return TypeConnectTo }
func (*Data) Type() Type         { return TypeData }
func (*Ack) Type() Type          { return TypeAck }

// Field keys.
const (
	keyName, keyClientType, keyID, keyAuthName, keyAuthPayload  byte = 0x01, 0x02, 0x03, 0x04, 0x05
	keyObserveTags, keyVersion, keyWantedTarget, keyFunctionDef byte = 0x06, 0x07, 0x08, 0x09
	keyMessage, keyEndpoint                                     byte = 0x01, 0x01
	keyDataTag, keyPayload, keyMetadata                         byte = 0x01, 0x02, 0x03
	// the acknowledgement extension: keys unused by every YoMo version
	keyAckVersion, keyProducerID, keyResumeAfter, keySequence byte = 0x20, 0x21, 0x21, 0x20
	keyDurable                                                byte = 0x01
)

// Encode returns the wire bytes of f. Every field is written, even when empty, in the same order as
// yomo's y3codec, so that the output matches its test vectors byte for byte.
func Encode(f Frame) []byte {
	var body []byte
	switch v := f.(type) {
	case *Handshake:
		tags := make([]byte, 4*len(v.ObserveDataTags))
		for i, t := range v.ObserveDataTags {
			binary.LittleEndian.PutUint32(tags[4*i:], t)
		}
		body = y3.AppendPrimitive(body, keyName, []byte(v.Name))
		body = y3.AppendPrimitive(body, keyID, []byte(v.ID))
		body = y3.AppendPrimitive(body, keyClientType, []byte{v.ClientType})
		body = y3.AppendPrimitive(body, keyObserveTags, tags)
		body = y3.AppendPrimitive(body, keyAuthName, []byte(v.AuthName))
		body = y3.AppendPrimitive(body, keyAuthPayload, []byte(v.AuthPayload))
		body = y3.AppendPrimitive(body, keyVersion, []byte(v.Version))
		body = y3.AppendPrimitive(body, keyFunctionDef, v.FunctionDefinition)
		body = y3.AppendPrimitive(body, keyWantedTarget, []byte(v.WantedTarget))
		if v.AckVersion != 0 {
			body = y3.AppendPrimitive(body, keyAckVersion, y3.AppendNVarUInt32(nil, v.AckVersion))
			body = y3.AppendPrimitive(body, keyProducerID, []byte(v.ProducerID))
		}
	case *HandshakeAck:
		if v.AckVersion != 0 {
			body = y3.AppendPrimitive(body, keyAckVersion, y3.AppendNVarUInt32(nil, v.AckVersion))
			body = y3.AppendPrimitive(body, keyResumeAfter, y3.AppendNVarUInt64(nil, v.ResumeAfter))
		}
	case *Ack:
		body = y3.AppendPrimitive(body, keyDurable, y3.AppendNVarUInt64(nil, v.Durable))
	case *Rejected:
		body = y3.AppendPrimitive(body, keyMessage, []byte(v.Message))
	case *Goaway:
		body = y3.AppendPrimitive(body, keyMessage, []byte(v.Message))
	case *ConnectTo:
		body = y3.AppendPrimitive(body, keyEndpoint, []byte(v.Endpoint))
	case *Data:
		body = y3.AppendPrimitive(body, keyDataTag, y3.AppendNVarUInt32(nil, v.Tag))
		body = y3.AppendPrimitive(body, keyMetadata, v.Metadata)
		body = y3.AppendPrimitive(body, keyPayload, v.Payload)
		if v.Sequence != 0 {
			body = y3.AppendPrimitive(body, keySequence, y3.AppendNVarUInt64(nil, v.Sequence))
		}
	default:
		panic(fmt.Sprintf("frame: cannot encode %T", f))
	}
	return y3.AppendNode(nil, byte(f.Type()), body)
}

// Decode parses one whole frame packet. Fields are looked up by key; a later duplicate wins and
// unknown keys are ignored, as in yomo's decoder.
func Decode(packet []byte) (Frame, error) {
	p, n, err := y3.ParsePacket(packet)
	if err != nil {
		return nil, fmt.Errorf("frame: %w", err)
	}
	if n != len(packet) {
		return nil, fmt.Errorf("frame: %d bytes after the frame packet", len(packet)-n)
	}
	t := Type(p.Seq())
	if !p.IsNode() {
		return nil, fmt.Errorf("frame: tag 0x%02X (%s) is not a node packet", p.Tag, t)
	}
	children, err := y3.Children(p.Value)
	if err != nil {
		return nil, fmt.Errorf("frame %s: %w", t, err)
	}
	fields := make(map[byte][]byte, len(children))
	for _, c := range children {
		fields[c.Seq()] = c.Value
	}
	switch t {
	case TypeHandshake:
		return decodeHandshake(fields)
	case TypeHandshakeAck:
		return decodeHandshakeAck(fields)
	case TypeAck:
		durable, err := optionalUint64(fields, keyDurable)
		if err != nil {
			return nil, fmt.Errorf("frame Ack: %w", err)
		}
		return &Ack{Durable: durable}, nil
	case TypeRejected:
		return &Rejected{Message: string(fields[keyMessage])}, nil
	case TypeGoaway:
		return &Goaway{Message: string(fields[keyMessage])}, nil
	case TypeConnectTo:
		return &ConnectTo{Endpoint: string(fields[keyEndpoint])}, nil
	case TypeData:
		return decodeData(fields)
	}
	return nil, fmt.Errorf("frame: unknown frame type 0x%02X", byte(t))
}

// optionalUint64 decodes an NVarInt field, 0 when absent.
func optionalUint64(f map[byte][]byte, key byte) (uint64, error) {
	raw, ok := f[key]
	if !ok {
		return 0, nil
	}
	v, err := y3.DecodeNVarUInt64(raw)
	if err != nil {
		return 0, fmt.Errorf("field 0x%02X: %w", key, err)
	}
	return v, nil
}

// optionalUint32 decodes an NVarInt field, 0 when absent.
func optionalUint32(f map[byte][]byte, key byte) (uint32, error) {
	raw, ok := f[key]
	if !ok {
		return 0, nil
	}
	v, err := y3.DecodeNVarUInt32(raw)
	if err != nil {
		return 0, fmt.Errorf("field 0x%02X: %w", key, err)
	}
	return v, nil
}

func decodeHandshakeAck(f map[byte][]byte) (*HandshakeAck, error) {
	version, err := optionalUint32(f, keyAckVersion)
	if err != nil {
		return nil, fmt.Errorf("frame HandshakeAck: %w", err)
	}
	if version == 0 {
		return &HandshakeAck{}, nil // not granted: whatever else came grants nothing
	}
	resume, err := optionalUint64(f, keyResumeAfter)
	if err != nil {
		return nil, fmt.Errorf("frame HandshakeAck: %w", err)
	}
	return &HandshakeAck{AckVersion: version, ResumeAfter: resume}, nil
}

func decodeHandshake(f map[byte][]byte) (*Handshake, error) {
	ct := f[keyClientType]
	if len(ct) != 1 {
		return nil, fmt.Errorf("frame Handshake: client type field 0x02 must be 1 byte, got %d", len(ct))
	}
	raw := f[keyObserveTags]
	if len(raw)%4 != 0 {
		return nil, fmt.Errorf("frame Handshake: observed tags field 0x06 has %d bytes, not a multiple of 4", len(raw))
	}
	tags := make([]uint32, len(raw)/4)
	for i := range tags {
		tags[i] = binary.LittleEndian.Uint32(raw[4*i:])
	}
	ackVersion, err := optionalUint32(f, keyAckVersion)
	if err != nil {
		return nil, fmt.Errorf("frame Handshake: %w", err)
	}
	return &Handshake{
		Name:               string(f[keyName]),
		ID:                 string(f[keyID]),
		ClientType:         ct[0],
		ObserveDataTags:    tags,
		AuthName:           string(f[keyAuthName]),
		AuthPayload:        string(f[keyAuthPayload]),
		Version:            string(f[keyVersion]),
		FunctionDefinition: f[keyFunctionDef],
		WantedTarget:       string(f[keyWantedTarget]),
		AckVersion:         ackVersion,
		ProducerID:         string(f[keyProducerID]),
	}, nil
}

func decodeData(f map[byte][]byte) (*Data, error) {
	rawTag, ok := f[keyDataTag]
	if !ok {
		return nil, fmt.Errorf("frame Data: missing tag field 0x01")
	}
	tag, err := y3.DecodeNVarUInt32(rawTag)
	if err != nil {
		return nil, fmt.Errorf("frame Data: tag field 0x01: %w", err)
	}
	seq, err := optionalUint64(f, keySequence)
	if err != nil {
		return nil, fmt.Errorf("frame Data: %w", err)
	}
	return &Data{Tag: tag, Metadata: f[keyMetadata], Payload: f[keyPayload], Sequence: seq}, nil
}

// Reader reads frames one at a time from a stream.
type Reader struct {
	r        io.Reader
	maxValue int
}

// NewReader returns a Reader that rejects frames whose Y3 value is longer than maxValue bytes.
func NewReader(r io.Reader, maxValue int) *Reader { return &Reader{r: r, maxValue: maxValue} }

// Read returns the next frame; io.EOF means the peer finished the stream between frames.
func (r *Reader) Read() (Frame, error) {
	packet, err := y3.ReadPacket(r.r, r.maxValue)
	if err != nil {
		return nil, err
	}
	return Decode(packet)
}
