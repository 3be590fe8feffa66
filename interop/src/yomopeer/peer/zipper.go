package peer

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"sync"
	"sync/atomic"
	"time"

	"github.com/lucas-clemente/quic-go"

	"yomopeer/frame"
	"yomopeer/msgpack"
)

// ZipperOptions configure the zipper role.
type ZipperOptions struct {
	Listen   string
	Version  string
	Token    string // when set, clients must send credential "token:<Token>"
	Expect   int64  // stop after this many DataFrames; 0 runs until the context ends
	Linger   time.Duration
	MaxFrame int
}

// ZipperSummary is printed as the last line of a zipper run.
type ZipperSummary struct {
	Event       string `json:"event"`
	Mode        string `json:"mode"`
	Received    int64  `json:"received"`
	Routed      int64  `json:"routed"`
	Connections int64  `json:"connections"`
	Rejected    int64  `json:"rejected"`
	Reason      string `json:"reason"`
}

// Zipper accepts sources and stream functions, prints every DataFrame and routes it to the stream
// functions observing its tag.
type Zipper struct {
	opts     ZipperOptions
	out      *Printer
	listener quic.Listener

	mu    sync.Mutex
	conns map[*session]struct{}

	received, routed, accepted, rejected int64
	expectReached                        chan struct{}
	expectOnce                           sync.Once
}

// session is one accepted connection with its single stream.
type session struct {
	conn    quic.Connection
	stream  quic.Stream
	hs      *frame.Handshake
	observe map[uint32]bool
	writeMu sync.Mutex
	done    chan struct{} // closed when the read loop ends
}

// NewZipper binds the listener; Addr tells the chosen port.
func NewZipper(opts ZipperOptions, out *Printer) (*Zipper, error) {
	host, _, err := net.SplitHostPort(opts.Listen)
	if err != nil {
		return nil, fmt.Errorf("listen address %q: %w", opts.Listen, err)
	}
	tlsConf, err := serverTLSConfig(host)
	if err != nil {
		return nil, fmt.Errorf("generate certificate: %w", err)
	}
	l, err := quic.ListenAddr(opts.Listen, tlsConf, serverQUICConfig())
	if err != nil {
		return nil, fmt.Errorf("listen on %s: %w", opts.Listen, err)
	}
	return &Zipper{opts: opts, out: out, listener: l, conns: map[*session]struct{}{},
		expectReached: make(chan struct{})}, nil
}

// Addr is the bound UDP address.
func (z *Zipper) Addr() net.Addr { return z.listener.Addr() }

// Run serves until ctx ends or the expected number of frames arrived, then shuts down gracefully.
func (z *Zipper) Run(ctx context.Context) *ZipperSummary {
	z.out.Print(map[string]interface{}{"event": "listening", "mode": "zipper", "addr": z.Addr().String()})
	go z.acceptLoop()
	reason := "stopped"
	if z.opts.Expect > 0 {
		select {
		case <-z.expectReached:
			reason = "expected frames received"
		case <-ctx.Done():
			reason = "stopped before the expected frames arrived"
		}
	} else {
		<-ctx.Done()
	}
	z.shutdown()
	return &ZipperSummary{Event: "summary", Mode: "zipper", Received: atomic.LoadInt64(&z.received),
		Routed: atomic.LoadInt64(&z.routed), Connections: atomic.LoadInt64(&z.accepted),
		Rejected: atomic.LoadInt64(&z.rejected), Reason: reason}
}

func (z *Zipper) acceptLoop() {
	for {
		conn, err := z.listener.Accept(context.Background())
		if err != nil {
			return // listener closed
		}
		go z.serve(conn)
	}
}

func (z *Zipper) serve(conn quic.Connection) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	stream, err := conn.AcceptStream(ctx)
	cancel()
	if err != nil {
		_ = conn.CloseWithError(frame.CloseErrorCode, "no stream opened")
		return
	}
	reader := frame.NewReader(stream, z.opts.MaxFrame)
	_ = stream.SetReadDeadline(time.Now().Add(5 * time.Second))
	first, err := reader.Read()
	_ = stream.SetReadDeadline(time.Time{})
	if err != nil {
		z.closeWith(conn, "", fmt.Sprintf("read handshake: %s", closeReason(err)))
		return
	}
	hs, ok := first.(*frame.Handshake)
	if !ok {
		z.closeWith(conn, "", fmt.Sprintf("expected a Handshake frame, got %s", first.Type()))
		return
	}
	if msg := z.check(hs); msg != "" {
		atomic.AddInt64(&z.rejected, 1)
		z.out.Print(map[string]interface{}{"event": "rejected", "client": hs.Name, "clientId": hs.ID, "reason": msg})
		_, _ = stream.Write(frame.Encode(&frame.Rejected{Message: msg}))
		// Give the client a moment to read the reason before the connection goes away.
		closeGracefully(conn, stream, nil, time.Second, msg)
		return
	}
	s := &session{conn: conn, stream: stream, hs: hs, observe: map[uint32]bool{}, done: make(chan struct{})}
	for _, t := range hs.ObserveDataTags {
		s.observe[t] = true
	}
	z.mu.Lock()
	z.conns[s] = struct{}{}
	z.mu.Unlock()
	if _, err := stream.Write(frame.Encode(&frame.HandshakeAck{})); err != nil {
		z.drop(s, fmt.Sprintf("write handshake ack: %s", closeReason(err)))
		return
	}
	atomic.AddInt64(&z.accepted, 1)
	z.out.Print(map[string]interface{}{"event": "connected", "client": hs.Name, "clientId": hs.ID,
		"clientType": clientTypeName(hs.ClientType), "observe": hs.ObserveDataTags})
	z.readLoop(s, reader)
}

func (z *Zipper) check(hs *frame.Handshake) string {
	if hs.Version != z.opts.Version {
		return fmt.Sprintf("version negotiation failed: client=%s, server=%s", hs.Version, z.opts.Version)
	}
	if z.opts.Token != "" && (hs.AuthName != "token" || hs.AuthPayload != z.opts.Token) {
		return fmt.Sprintf("authentication failed: client credential name is %q", hs.AuthName)
	}
	switch hs.ClientType {
	case frame.ClientTypeSource, frame.ClientTypeStreamFunction, frame.ClientTypeUpstreamZipper:
		return ""
	}
	return fmt.Sprintf("unknown client type 0x%02X", hs.ClientType)
}

func (z *Zipper) readLoop(s *session, reader *frame.Reader) {
	defer close(s.done)
	var seq int64
	for {
		f, err := reader.Read()
		if err == io.EOF {
			z.drop(s, "client finished its stream")
			return
		}
		if err != nil {
			z.drop(s, closeReason(err))
			return
		}
		d, ok := f.(*frame.Data)
		if !ok {
			z.drop(s, fmt.Sprintf("unexpected %s frame after the handshake", f.Type()))
			return
		}
		if frame.IsReservedTag(d.Tag) {
			z.drop(s, fmt.Sprintf("tag 0x%X is reserved (0xF000-0xFFFF)", d.Tag))
			return
		}
		md, err := msgpack.Decode(d.Metadata)
		if err != nil {
			z.drop(s, fmt.Sprintf("DataFrame %d (tag 0x%X) has invalid metadata: %v", seq, d.Tag, err))
			return
		}
		z.out.Print(&DataEvent{Event: "data", Client: s.hs.Name, ClientID: s.hs.ID, Seq: seq, Tag: d.Tag,
			Metadata: md, Payload: d.Payload, Size: len(d.Payload)})
		seq++
		z.route(d)
		if n := atomic.AddInt64(&z.received, 1); z.opts.Expect > 0 && n >= z.opts.Expect {
			z.expectOnce.Do(func() { close(z.expectReached) })
		}
	}
}

// route writes the frame, metadata bytes unchanged, to every stream function observing its tag.
func (z *Zipper) route(d *frame.Data) {
	wire := frame.Encode(d)
	z.mu.Lock()
	var targets []*session
	for s := range z.conns {
		if s.hs.ClientType == frame.ClientTypeStreamFunction && s.observe[d.Tag] {
			targets = append(targets, s)
		}
	}
	z.mu.Unlock()
	for _, s := range targets {
		s.writeMu.Lock()
		_, err := s.stream.Write(wire)
		s.writeMu.Unlock()
		if err != nil {
			z.drop(s, fmt.Sprintf("route to %s: %s", s.hs.Name, closeReason(err)))
			continue
		}
		atomic.AddInt64(&z.routed, 1)
	}
}

// drop forgets a session and closes its connection with YoMo's close code.
func (z *Zipper) drop(s *session, reason string) {
	z.mu.Lock()
	_, present := z.conns[s]
	delete(z.conns, s)
	z.mu.Unlock()
	if present {
		z.closeWith(s.conn, s.hs.Name, reason)
	}
}

func (z *Zipper) closeWith(conn quic.Connection, client, reason string) {
	z.out.Print(map[string]interface{}{"event": "disconnected", "client": client, "reason": reason})
	_ = conn.CloseWithError(frame.CloseErrorCode, reason)
}

// shutdown stops accepting, lets stream functions drain what was routed to them, then closes all.
func (z *Zipper) shutdown() {
	z.mu.Lock()
	sessions := make([]*session, 0, len(z.conns))
	for s := range z.conns {
		sessions = append(sessions, s)
	}
	z.conns = map[*session]struct{}{}
	z.mu.Unlock()
	var wg sync.WaitGroup
	for _, s := range sessions {
		wg.Add(1)
		go func(s *session) {
			defer wg.Done()
			s.writeMu.Lock()
			defer s.writeMu.Unlock()
			closeGracefully(s.conn, s.stream, s.done, z.opts.Linger, "zipper shutting down")
		}(s)
	}
	wg.Wait()
	if err := z.listener.Close(); err != nil && !errors.Is(err, net.ErrClosed) {
		z.out.Print(map[string]string{"event": "error", "error": err.Error()})
	}
}

func clientTypeName(t byte) string {
	switch t {
	case frame.ClientTypeSource:
		return "source"
	case frame.ClientTypeStreamFunction:
		return "sfn"
	case frame.ClientTypeUpstreamZipper:
		return "upstream-zipper"
	}
	return fmt.Sprintf("0x%02X", t)
}
