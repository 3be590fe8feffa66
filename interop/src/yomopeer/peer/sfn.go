package peer

import (
	"context"
	"fmt"
	"io"
	"time"

	"yomopeer/frame"
	"yomopeer/msgpack"
)

// SfnOptions configure the stream-function role.
type SfnOptions struct {
	Addr       string
	Name       string
	ID         string
	Credential string
	Version    string
	Observe    []uint32
	// EchoTag, when set, writes every received frame back with this tag and the received metadata
	// bytes, as yomo's ctx.Write does.
	EchoTag  *uint32
	Count    int64 // stop after this many frames; 0 runs until the context ends or the zipper closes
	Linger   time.Duration
	MaxFrame int
}

// SfnSummary is printed as the last line of a stream-function run.
type SfnSummary struct {
	Event    string `json:"event"`
	Mode     string `json:"mode"`
	Received int64  `json:"received"`
	Echoed   int64  `json:"echoed"`
	Reason   string `json:"reason"`
	// The 2021 protocol only: the protocol and the frames of unobserved tags the zipper sent.
	Protocol string `json:"protocol,omitempty"`
	Ignored  *int64 `json:"ignored,omitempty"`
}

// RunSfn connects as a stream function (client type 0x5D) and prints the frames routed to it.
// The summary is never nil.
func RunSfn(ctx context.Context, opts SfnOptions, out *Printer) (*SfnSummary, error) {
	sum := &SfnSummary{Event: "summary", Mode: "sfn", Reason: "not connected"}
	authName, authPayload := SplitCredential(opts.Credential)
	hs := &frame.Handshake{Name: opts.Name, ID: opts.ID, ClientType: frame.ClientTypeStreamFunction,
		ObserveDataTags: opts.Observe, AuthName: authName, AuthPayload: authPayload, Version: opts.Version}
	dialCtx, cancel := context.WithTimeout(ctx, 10*time.Second)
	conn, stream, reader, _, err := dial(dialCtx, opts.Addr, hs, opts.MaxFrame)
	cancel()
	if err != nil {
		return sum, err
	}
	out.Print(map[string]interface{}{"event": "connected", "mode": "sfn", "addr": opts.Addr, "observe": opts.Observe})

	type result struct {
		reason string
		err    error
	}
	finished := make(chan result, 1)
	readDone := make(chan struct{})
	go func() {
		defer close(readDone)
		for {
			f, err := reader.Read()
			if err == io.EOF {
				finished <- result{reason: "zipper finished the stream"}
				return
			}
			if err != nil {
				if msg, ok := isYomoClose(err); ok {
					finished <- result{reason: "zipper closed: " + msg}
				} else {
					finished <- result{err: fmt.Errorf("read: %s", closeReason(err))}
				}
				return
			}
			switch v := f.(type) {
			case *frame.Data:
				md, err := msgpack.Decode(v.Metadata)
				if err != nil {
					finished <- result{err: fmt.Errorf("frame %d has invalid metadata: %v", sum.Received, err)}
					return
				}
				out.Print(&DataEvent{Event: "data", Client: "zipper", Seq: sum.Received, Tag: v.Tag, Metadata: md,
					Payload: v.Payload, Size: len(v.Payload)})
				sum.Received++
				if opts.EchoTag != nil {
					echo := &frame.Data{Tag: *opts.EchoTag, Metadata: v.Metadata, Payload: v.Payload}
					if _, err := stream.Write(frame.Encode(echo)); err != nil {
						finished <- result{err: fmt.Errorf("echo: %s", closeReason(err))}
						return
					}
					sum.Echoed++
				}
				if opts.Count > 0 && sum.Received >= opts.Count {
					finished <- result{reason: "expected frames received"}
					return
				}
			case *frame.Goaway:
				finished <- result{reason: "zipper sent Goaway: " + v.Message}
				return
			case *frame.Rejected:
				finished <- result{err: fmt.Errorf("zipper sent Rejected: %s", v.Message)}
				return
			default:
				finished <- result{err: fmt.Errorf("unexpected %s frame", f.Type())}
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
	closeGracefully(conn, stream, nil, opts.Linger, "sfn finished")
	<-readDone
	sum.Reason = res.reason
	return sum, res.err
}
