package peer

// The 2021 protocol (yomo v1.5.3, "G2"; docs/yomo-protocol.md §2.3): the client opens one
// bidirectional stream, writes HandshakeFrame 0x3D and is connected at once (there is no
// acknowledgement). A zipper that refuses closes the connection with application error 0xCC (illegal
// sfn) or 0xCD (unknown client type). The zipper routes by workflow order, not by tag; a stream
// function filters the frames it receives by tag itself.

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"time"

	"github.com/lucas-clemente/quic-go"

	"yomopeer/frame"
)

// The values of --protocol.
const (
	ProtocolFinal = "final"
	Protocol2021  = "2021"
)

// legacyClientQUICConfig mirrors yomo v1.5.3's client (§2.3.1): idle timeout 10 s with keep-alive
// (quic-go v0.22 pinged at half the idle timeout), QUIC v1 and draft-29, no path MTU discovery.
// Handshake timeout, windows and stream limits are the same as the final protocol's.
func legacyClientQUICConfig() *quic.Config {
	c := clientQUICConfig()
	c.MaxIdleTimeout = 10 * time.Second
	c.KeepAlivePeriod = 5 * time.Second
	c.Versions = []quic.VersionNumber{quic.Version1, quic.VersionDraft29}
	c.DisablePathMTUDiscovery = true
	return c
}

// legacyDial connects, opens the single stream and writes the 2021 handshake; nothing is awaited.
func legacyDial(ctx context.Context, addr string, hs *frame.LegacyHandshake, maxFrame int) (quic.Connection, quic.Stream, *frame.LegacyReader, error) {
	wire, err := frame.EncodeLegacy(hs)
	if err != nil {
		return nil, nil, nil, err
	}
	conn, err := quic.DialAddrContext(ctx, addr, clientTLSConfig(), legacyClientQUICConfig())
	if err != nil {
		return nil, nil, nil, fmt.Errorf("dial %s: %w", addr, err)
	}
	stream, err := conn.OpenStreamSync(ctx)
	if err != nil {
		_ = conn.CloseWithError(frame.LegacyCloseClient, "open stream failed")
		return nil, nil, nil, fmt.Errorf("open stream to %s: %w", addr, err)
	}
	if _, err := stream.Write(wire); err != nil {
		_ = conn.CloseWithError(frame.LegacyCloseClient, "handshake write failed")
		if rej, ok := legacyRejection(err); ok {
			return nil, nil, nil, rej
		}
		return nil, nil, nil, fmt.Errorf("write handshake: %s", closeReason(err))
	}
	return conn, stream, frame.NewLegacyReader(stream, maxFrame), nil
}

// legacyRejection reports a 2021 zipper's refusal: the peer closed the connection with 0xCC or 0xCD.
func legacyRejection(err error) (*RejectedError, bool) {
	var appErr *quic.ApplicationError
	if errors.As(err, &appErr) && appErr.Remote && frame.IsLegacyRejection(uint64(appErr.ErrorCode)) {
		return &RejectedError{Message: appErr.ErrorMessage, Code: uint64(appErr.ErrorCode)}, true
	}
	return nil, false
}

// isRemoteAppClose reports a QUIC application close by the peer, with any code.
func isRemoteAppClose(err error) bool {
	var appErr *quic.ApplicationError
	return errors.As(err, &appErr) && appErr.Remote
}

// errLegacyRejectedFrame: v1.5.3 zipper never sends Rejected 0x39, but its client parses it.
var errLegacyRejectedFrame = &RejectedError{Message: "zipper sent Rejected (0x39)"}

// RunLegacySource connects as a 2021 source (Handshake 0x3D, client type 0x5F), sends opts.Count
// DataFrames with tid "<ID>-<i>" and closes with 0xFF, as yomo v1.5.3's client does on Close().
// Credential, Version, Metadata and the acknowledgement options do not exist in 2021 and are
// ignored. The summary is never nil.
func RunLegacySource(ctx context.Context, opts SourceOptions, out *Printer) (*SourceSummary, error) {
	sum := &SourceSummary{Event: "summary", Mode: "source", Drain: "not-connected", Protocol: Protocol2021}
	if opts.Tag > frame.MaxLegacyDataTag {
		return sum, fmt.Errorf("2021 data tag 0x%X above 0x3F (the tag is a Y3 key)", opts.Tag)
	}
	var start time.Time
	stop := func(drain string) {
		elapsed := time.Since(start)
		sum.ElapsedMs = float64(elapsed.Microseconds()) / 1000
		if elapsed > 0 {
			sum.FramesPerSec = float64(sum.Sent) / elapsed.Seconds()
		}
		sum.Drain = drain
	}
	dialCtx, cancel := context.WithTimeout(ctx, 10*time.Second)
	conn, stream, reader, err := legacyDial(dialCtx, opts.Addr,
		&frame.LegacyHandshake{Name: opts.Name, ClientType: frame.ClientTypeSource}, opts.MaxFrame)
	cancel()
	if err != nil {
		return sum, err
	}
	out.Print(map[string]interface{}{"event": "connected", "mode": "source", "protocol": Protocol2021,
		"addr": opts.Addr, "id": opts.ID})

	// The zipper sends a source nothing in 2021 (no backflow); it may refuse by closing.
	peerDone := make(chan struct{})
	var peerErr error
	go func() {
		defer close(peerDone)
		for {
			f, err := reader.Read()
			if err != nil {
				if rej, ok := legacyRejection(err); ok {
					peerErr = rej
				} else if err != io.EOF {
					peerErr = fmt.Errorf("session ended: %s", closeReason(err))
				}
				return
			}
			switch f.(type) {
			case *frame.LegacyRejected:
				peerErr = errLegacyRejectedFrame
				return
			case *frame.LegacyData, *frame.LegacyAccepted, *frame.LegacyPing, *frame.LegacyPong:
			default:
				peerErr = fmt.Errorf("unexpected 2021 %s frame", f.LegacyType())
				return
			}
		}
	}()

	w := bufio.NewWriterSize(stream, 64<<10)
	start = time.Now()
	// fail ends the session after a write error; a refusal is reported as such.
	fail := func(what string, err error) (*SourceSummary, error) {
		stop("aborted")
		_ = conn.CloseWithError(frame.LegacyCloseClient, "write failed")
		if rej, ok := legacyRejection(err); ok {
			return sum, rej
		}
		return sum, fmt.Errorf("%s: %s", what, closeReason(err))
	}
	for i := 0; i < opts.Count; i++ {
		if opts.Rate > 0 {
			due := start.Add(time.Duration(float64(i) / opts.Rate * float64(time.Second)))
			if wait := time.Until(due); wait > 0 {
				if err := w.Flush(); err != nil {
					return fail("flush", err)
				}
				time.Sleep(wait)
			}
		}
		select {
		case <-peerDone:
			i = opts.Count // stop sending; the error is reported below
			continue
		case <-ctx.Done():
			stop("aborted")
			_ = conn.CloseWithError(frame.LegacyCloseClient, "source interrupted")
			return sum, fmt.Errorf("stopped after %d of %d frames: %w", sum.Sent, opts.Count, ctx.Err())
		default:
		}
		payload := opts.payload(i)
		wire, err := frame.EncodeLegacy(&frame.LegacyData{TID: opts.ID + "-" + strconv.Itoa(i),
			Tag: byte(opts.Tag), Carriage: payload})
		if err != nil {
			return fail("encode", err)
		}
		if _, err := w.Write(wire); err != nil {
			return fail(fmt.Sprintf("write frame %d", i), err)
		}
		sum.Sent++
		sum.PayloadBytes += int64(len(payload))
		sum.WireBytes += int64(len(wire))
	}
	if err := w.Flush(); err != nil {
		return fail("flush", err)
	}
	stop("")
	sum.Drain = closeGracefullyWith(conn, stream, peerDone, opts.Linger, frame.LegacyCloseClient, "source finished")
	<-peerDone // the connection is closed now, so the reader has ended
	var rej *RejectedError
	if errors.As(peerErr, &rej) {
		return sum, rej // without an acknowledgement, a refusal can come after the last frame
	}
	if sum.Sent < opts.Count && peerErr != nil {
		return sum, peerErr
	}
	return sum, nil
}

// RunLegacySfn connects as a 2021 stream function (Handshake 0x3D, client type 0x5D). Like yomo
// v1.5.3's SDK it receives every DataFrame the zipper sends and filters by opts.Observe itself:
// unobserved frames are printed as "ignored" events and counted; observed ones are printed as
// "data" events and, with EchoTag, answered by a new DataFrame with the same tid and that tag.
// Count counts observed frames. The summary is never nil.
func RunLegacySfn(ctx context.Context, opts SfnOptions, out *Printer) (*SfnSummary, error) {
	var ignored int64
	sum := &SfnSummary{Event: "summary", Mode: "sfn", Reason: "not connected", Protocol: Protocol2021, Ignored: &ignored}
	observe := map[byte]bool{}
	for _, t := range opts.Observe {
		if t > frame.MaxLegacyDataTag {
			return sum, fmt.Errorf("2021 observed tag 0x%X above 0x3F (the tag is a Y3 key)", t)
		}
		observe[byte(t)] = true
	}
	if opts.EchoTag != nil && *opts.EchoTag > frame.MaxLegacyDataTag {
		return sum, fmt.Errorf("2021 echo tag 0x%X above 0x3F (the tag is a Y3 key)", *opts.EchoTag)
	}
	dialCtx, cancel := context.WithTimeout(ctx, 10*time.Second)
	conn, stream, reader, err := legacyDial(dialCtx, opts.Addr,
		&frame.LegacyHandshake{Name: opts.Name, ClientType: frame.ClientTypeStreamFunction}, opts.MaxFrame)
	cancel()
	if err != nil {
		return sum, err
	}
	out.Print(map[string]interface{}{"event": "connected", "mode": "sfn", "protocol": Protocol2021,
		"addr": opts.Addr, "observe": opts.Observe})

	type result struct {
		reason string
		err    error
	}
	finished := make(chan result, 1)
	readDone := make(chan struct{})
	// ended maps a read or write error to how the session ended.
	ended := func(what string, err error) result {
		if rej, ok := legacyRejection(err); ok {
			return result{err: rej}
		}
		if isRemoteAppClose(err) {
			return result{reason: "zipper closed: " + closeReason(err)}
		}
		return result{err: fmt.Errorf("%s: %s", what, closeReason(err))}
	}
	go func() {
		defer close(readDone)
		for {
			f, err := reader.Read()
			if err == io.EOF {
				finished <- result{reason: "zipper finished the stream"}
				return
			}
			if err != nil {
				finished <- ended("read", err)
				return
			}
			switch v := f.(type) {
			case *frame.LegacyData:
				if !observe[v.Tag] {
					out.Print(map[string]interface{}{"event": "ignored", "seq": ignored, "tag": v.Tag, "tid": v.TID,
						"size": len(v.Carriage)})
					ignored++
					continue
				}
				out.Print(&DataEvent{Event: "data", Client: "zipper", Seq: sum.Received, Tag: uint32(v.Tag),
					Metadata: map[string]string{"yomo-tid": v.TID}, Payload: v.Carriage, Size: len(v.Carriage)})
				sum.Received++
				if opts.EchoTag != nil {
					wire, err := frame.EncodeLegacy(&frame.LegacyData{TID: v.TID, Tag: byte(*opts.EchoTag), Carriage: v.Carriage})
					if err == nil {
						_, err = stream.Write(wire)
					}
					if err != nil {
						finished <- ended("echo", err)
						return
					}
					sum.Echoed++
				}
				if opts.Count > 0 && sum.Received >= opts.Count {
					finished <- result{reason: "expected frames received"}
					return
				}
			case *frame.LegacyRejected:
				finished <- result{err: errLegacyRejectedFrame}
				return
			case *frame.LegacyAccepted, *frame.LegacyPing, *frame.LegacyPong:
			default:
				finished <- result{err: fmt.Errorf("unexpected 2021 %s frame", f.LegacyType())}
				return
			}
		}
	}()
	var res result
	select {
	case res = <-finished:
	case <-ctx.Done():
		res = result{reason: "stopped"}
	}
	closeGracefullyWith(conn, stream, nil, opts.Linger, frame.LegacyCloseClient, "sfn finished")
	<-readDone
	sum.Reason = res.reason
	var rej *RejectedError
	if errors.As(res.err, &rej) {
		sum.Reason = "rejected"
	}
	return sum, res.err
}
