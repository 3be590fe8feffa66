package peer

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"yomopeer/frame"
	"yomopeer/msgpack"
)

// SourceOptions configure the source role.
type SourceOptions struct {
	Addr        string
	Name        string
	ID          string
	Credential  string // "name:payload", split at the first ':' as yomo's auth.NewCredential does
	Version     string
	Tag         uint32
	Count       int
	PayloadSize int // pad payloads to this many bytes; 0 keeps "frame-<i>"
	// Payloads, when set, are sent instead of "frame-<i>" (payload i is Payloads[i]); Count must
	// not exceed their number. The Java tests hand over payloads of a real format (Y3 sensor
	// readings) so that this peer can be the device of a SQL join.
	Payloads [][]byte
	Rate     float64 // frames per second; 0 sends as fast as flow control allows
	Metadata map[string]string
	Linger   time.Duration // how long to wait for the peer after the last frame
	MaxFrame int
	// ProducerID asks for the acknowledgement extension (yomo-java/ACKS.md) as this producer;
	// empty: a stock source. When granted, frames are numbered after ResumeAfter.
	ProducerID string
	// AwaitDurable: before closing, wait up to Linger until the receiver acknowledged the last frame.
	AwaitDurable bool
}

// SourceSummary is printed as the last line of a source run.
type SourceSummary struct {
	Event        string  `json:"event"`
	Mode         string  `json:"mode"`
	Sent         int     `json:"sent"`
	PayloadBytes int64   `json:"payloadBytes"`
	WireBytes    int64   `json:"wireBytes"`
	ElapsedMs    float64 `json:"elapsedMs"`
	FramesPerSec float64 `json:"framesPerSec"`
	Drain        string  `json:"drain"`
	Durable      uint64  `json:"durable"`
	Protocol     string  `json:"protocol,omitempty"` // "2021" for the 2021 protocol
}

// Payload is the deterministic payload of frame i: "frame-<i>", padded with '.' up to size bytes.
// Receivers rebuild it to verify content and order.
func Payload(i, size int) []byte {
	p := []byte("frame-" + strconv.Itoa(i))
	for len(p) < size {
		p = append(p, '.')
	}
	return p
}

// payload is frame i's payload: Payloads[i] when given, else Payload(i, PayloadSize).
func (o *SourceOptions) payload(i int) []byte {
	if o.Payloads != nil {
		return o.Payloads[i]
	}
	return Payload(i, o.PayloadSize)
}

// SplitCredential splits "name:payload" at the first colon.
func SplitCredential(c string) (name, payload string) {
	if i := strings.IndexByte(c, ':'); i >= 0 {
		return c[:i], c[i+1:]
	}
	return c, ""
}

// RunSource connects as a YoMo source (client type 0x5F), sends opts.Count DataFrames and closes.
// The summary is never nil, so a caller can always report how far the run got.
func RunSource(ctx context.Context, opts SourceOptions, out *Printer) (*SourceSummary, error) {
	sum := &SourceSummary{Event: "summary", Mode: "source", Drain: "not-connected"}
	var start time.Time
	// stop records the send duration and how the session ended.
	stop := func(drain string) {
		elapsed := time.Since(start)
		sum.ElapsedMs = float64(elapsed.Microseconds()) / 1000
		if elapsed > 0 {
			sum.FramesPerSec = float64(sum.Sent) / elapsed.Seconds()
		}
		sum.Drain = drain
	}
	authName, authPayload := SplitCredential(opts.Credential)
	hs := &frame.Handshake{Name: opts.Name, ID: opts.ID, ClientType: frame.ClientTypeSource,
		AuthName: authName, AuthPayload: authPayload, Version: opts.Version}
	if opts.ProducerID != "" {
		hs.AckVersion, hs.ProducerID = 1, opts.ProducerID
	}
	dialCtx, cancel := context.WithTimeout(ctx, 10*time.Second)
	conn, stream, reader, ack, err := dial(dialCtx, opts.Addr, hs, opts.MaxFrame)
	cancel()
	if err != nil {
		return sum, err
	}
	out.Print(map[string]interface{}{"event": "connected", "mode": "source", "addr": opts.Addr, "id": opts.ID})
	granted := opts.ProducerID != "" && ack.AckVersion != 0
	if opts.ProducerID != "" {
		out.Print(map[string]interface{}{"event": "acknowledgements", "granted": granted,
			"resumeAfter": ack.ResumeAfter})
	}
	var durable atomic.Uint64 // the highest Ack received

	// The zipper may later send Goaway or Rejected; either ends the session.
	peerDone := make(chan struct{})
	var peerErr error
	go func() {
		defer close(peerDone)
		for {
			f, err := reader.Read()
			if err != nil {
				if err != io.EOF {
					peerErr = fmt.Errorf("session ended: %s", closeReason(err))
				}
				return
			}
			switch v := f.(type) {
			case *frame.Goaway:
				peerErr = fmt.Errorf("zipper sent Goaway: %s", v.Message)
				return
			case *frame.Rejected:
				peerErr = fmt.Errorf("zipper sent Rejected: %s", v.Message)
				return
			case *frame.Ack:
				if !granted {
					peerErr = fmt.Errorf("zipper sent Ack on a session without acknowledgements")
					return
				}
				if v.Durable > durable.Load() {
					durable.Store(v.Durable)
				}
				out.Print(map[string]interface{}{"event": "ack", "durable": v.Durable})
			}
		}
	}()

	w := bufio.NewWriterSize(stream, 64<<10)
	start = time.Now()
	md := make(map[string]string, len(opts.Metadata)+2)
	for k, v := range opts.Metadata {
		md[k] = v
	}
	md["yomo-source-id"] = opts.ID
	for i := 0; i < opts.Count; i++ {
		if opts.Rate > 0 {
			due := start.Add(time.Duration(float64(i) / opts.Rate * float64(time.Second)))
			if wait := time.Until(due); wait > 0 {
				if err := w.Flush(); err != nil {
					break
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
			_ = conn.CloseWithError(frame.CloseErrorCode, "source interrupted")
			return sum, fmt.Errorf("stopped after %d of %d frames: %w", sum.Sent, opts.Count, ctx.Err())
		default:
		}
		md["yomo-tid"] = opts.ID + "-" + strconv.Itoa(i)
		payload := opts.payload(i)
		data := &frame.Data{Tag: opts.Tag, Metadata: msgpack.Encode(md), Payload: payload}
		if granted {
			data.Sequence = ack.ResumeAfter + uint64(i) + 1
		}
		wire := frame.Encode(data)
		if _, err := w.Write(wire); err != nil {
			stop("aborted")
			_ = conn.CloseWithError(frame.CloseErrorCode, "write failed")
			return sum, fmt.Errorf("write frame %d: %s", i, closeReason(err))
		}
		sum.Sent++
		sum.PayloadBytes += int64(len(payload))
		sum.WireBytes += int64(len(wire))
	}
	if err := w.Flush(); err != nil {
		stop("aborted")
		_ = conn.CloseWithError(frame.CloseErrorCode, "write failed")
		return sum, fmt.Errorf("flush: %s", closeReason(err))
	}
	stop("")
	if granted && opts.AwaitDurable {
		last := ack.ResumeAfter + uint64(sum.Sent)
		for deadline := time.Now().Add(opts.Linger); durable.Load() < last && time.Now().Before(deadline); {
			time.Sleep(10 * time.Millisecond)
		}
	}
	sum.Durable = durable.Load()
	sum.Drain = closeGracefully(conn, stream, peerDone, opts.Linger, "source finished")
	if sum.Sent < opts.Count && peerErr != nil {
		return sum, peerErr
	}
	return sum, nil
}
