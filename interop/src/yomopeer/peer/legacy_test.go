package peer

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/lucas-clemente/quic-go"

	"yomopeer/frame"
)

// g2Zipper is a minimal 2021 zipper in the manner of yomo v1.5.3 (docs/yomo-protocol.md §2.3.4): it
// reads the handshake, refuses a stream function whose name is not in its workflow by closing the
// connection with 0xCC, and forwards every DataFrame of a source, whatever its tag, to the stream
// function (functions[0]). It records what the stream function writes back.
type g2Zipper struct {
	listener      quic.Listener
	functions     map[string]bool
	refuseSources bool // close sources with 0xCD, to test a refused source
	handshakes    chan *frame.LegacyHandshake
	sfnReady      chan struct{}
	sfnReadyOnce  sync.Once
	fromSfn       chan *frame.LegacyData
	mu            sync.Mutex
	sfn           quic.Stream
}

func startG2Zipper(t *testing.T, refuseSources bool, functions ...string) *g2Zipper {
	t.Helper()
	tlsConf, err := serverTLSConfig("127.0.0.1")
	if err != nil {
		t.Fatal(err)
	}
	l, err := quic.ListenAddr("127.0.0.1:0", tlsConf, serverQUICConfig())
	if err != nil {
		t.Fatal(err)
	}
	z := &g2Zipper{listener: l, functions: map[string]bool{}, refuseSources: refuseSources,
		handshakes: make(chan *frame.LegacyHandshake, 16), sfnReady: make(chan struct{}),
		fromSfn: make(chan *frame.LegacyData, 1000)}
	for _, f := range functions {
		z.functions[f] = true
	}
	go func() {
		for {
			conn, err := l.Accept(context.Background())
			if err != nil {
				return
			}
			go z.serve(conn)
		}
	}()
	t.Cleanup(func() { _ = l.Close() })
	return z
}

func (z *g2Zipper) addr() string { return z.listener.Addr().String() }

func (z *g2Zipper) serve(conn quic.Connection) {
	stream, err := conn.AcceptStream(context.Background())
	if err != nil {
		return
	}
	r := frame.NewLegacyReader(stream, DefaultMaxFrame)
	first, err := r.Read()
	hs, ok := first.(*frame.LegacyHandshake)
	if err != nil || !ok {
		_ = conn.CloseWithError(frame.LegacyCloseReadError, "no handshake")
		return
	}
	z.handshakes <- hs
	switch hs.ClientType {
	case frame.ClientTypeStreamFunction:
		if !z.functions[hs.Name] {
			_ = conn.CloseWithError(frame.LegacyCloseIllegalSfn, "handshake validation faild, illegal sfn")
			return
		}
		z.mu.Lock()
		z.sfn = stream
		z.mu.Unlock()
		z.sfnReadyOnce.Do(func() { close(z.sfnReady) })
		for {
			f, err := r.Read()
			if err != nil {
				return
			}
			if d, ok := f.(*frame.LegacyData); ok {
				z.fromSfn <- d
			}
		}
	case frame.ClientTypeSource:
		if z.refuseSources {
			_ = conn.CloseWithError(frame.LegacyCloseUnknownClientType, "refused")
			return
		}
		for {
			f, err := r.Read()
			if err != nil { // the source finished its stream
				_ = conn.CloseWithError(frame.LegacyCloseNetClosed, "source done")
				return
			}
			d, ok := f.(*frame.LegacyData)
			if !ok {
				continue
			}
			wire, err := frame.EncodeLegacy(d)
			if err != nil {
				return
			}
			z.mu.Lock()
			if z.sfn != nil {
				_, _ = z.sfn.Write(wire)
			}
			z.mu.Unlock()
		}
	default:
		_ = conn.CloseWithError(frame.LegacyCloseUnknownClientType, "unknown client type")
	}
}

// Two 2021 sources send through the 2021 zipper, which forwards everything to the stream function:
// the function prints only the frames of its observed tag 0x33, counts the 0x10 ones as ignored,
// and echoes each observed frame as a new DataFrame with tag 0x34 and the same tid.
func TestLegacySourceThroughZipperToSfn(t *testing.T) {
	z := startG2Zipper(t, false, "Noise")
	sfnOut := &lines{}
	type sfnResult struct {
		sum *SfnSummary
		err error
	}
	sfnDone := make(chan sfnResult, 1)
	echo := uint32(0x34)
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		sum, err := RunLegacySfn(ctx, SfnOptions{Addr: z.addr(), Name: "Noise", Observe: []uint32{0x33}, EchoTag: &echo,
			Count: 5, Linger: 500 * time.Millisecond, MaxFrame: DefaultMaxFrame}, NewPrinter(sfnOut))
		NewPrinter(sfnOut).Print(sum)
		sfnDone <- sfnResult{sum, err}
	}()
	select {
	case <-z.sfnReady:
	case <-time.After(10 * time.Second):
		t.Fatal("sfn did not connect")
	}
	if hs := <-z.handshakes; hs.Name != "Noise" || hs.ClientType != frame.ClientTypeStreamFunction {
		t.Fatalf("sfn handshake %+v", hs)
	}

	srcOut := &lines{}
	for _, run := range []struct {
		id    string
		tag   uint32
		count int
	}{{"unobserved", 0x10, 3}, {"src", 0x33, 5}} {
		sum, err := RunLegacySource(context.Background(), SourceOptions{Addr: z.addr(), Name: "yomo-source", ID: run.id,
			Tag: run.tag, Count: run.count, Linger: 5 * time.Second, MaxFrame: DefaultMaxFrame}, NewPrinter(srcOut))
		// the zipper closes on the source's FIN: drain is peer-closed or peer-finished, whichever is seen first
		if err != nil || sum.Sent != run.count || sum.Protocol != Protocol2021 || sum.Drain == "linger-timeout" {
			t.Fatalf("source %s: %+v, %v", run.id, sum, err)
		}
		NewPrinter(srcOut).Print(sum)
		if hs := <-z.handshakes; hs.Name != "yomo-source" || hs.ClientType != frame.ClientTypeSource {
			t.Fatalf("source handshake %+v", hs)
		}
	}

	res := <-sfnDone
	if res.err != nil || res.sum.Received != 5 || res.sum.Echoed != 5 || res.sum.Ignored == nil || *res.sum.Ignored != 3 ||
		res.sum.Reason != "expected frames received" {
		t.Fatalf("sfn: %+v (ignored %v), %v", res.sum, res.sum.Ignored, res.err)
	}
	events := sfnOut.dataEvents(t)
	if len(events) != 5 {
		t.Fatalf("sfn printed %d data events, want 5", len(events))
	}
	for i, e := range events {
		if e.Tag != 0x33 || e.Seq != int64(i) || string(e.Payload) != string(Payload(i, 0)) ||
			len(e.Metadata) != 1 || e.Metadata["yomo-tid"] != "src-"+strconv.Itoa(i) {
			t.Fatalf("data event %d: %+v", i, e)
		}
	}
	sfnOut.mu.Lock()
	text := sfnOut.buf.String()
	sfnOut.mu.Unlock()
	for i := 0; i < 3; i++ {
		want := `{"event":"ignored","seq":` + strconv.Itoa(i) + `,"size":7,"tag":16,"tid":"unobserved-` + strconv.Itoa(i) + `"}`
		if !strings.Contains(text, want) {
			t.Errorf("no %s in the sfn output:\n%s", want, text)
		}
	}
	for i := 0; i < 5; i++ {
		select {
		case d := <-z.fromSfn:
			if d.Tag != 0x34 || d.TID != "src-"+strconv.Itoa(i) || string(d.Carriage) != string(Payload(i, 0)) {
				t.Fatalf("echo %d: %+v", i, d)
			}
		case <-time.After(5 * time.Second):
			t.Fatalf("echo %d did not arrive", i)
		}
	}
	t.Logf("sfn output:\n%s", text)
	srcOut.mu.Lock()
	t.Logf("source output:\n%s", srcOut.buf.String())
	srcOut.mu.Unlock()
}

// A 2021 zipper refuses by closing the connection (0xCC for a stream function missing from its
// workflow); the peer reports it as a rejection with the close code.
func TestLegacyRefusalsAreRejections(t *testing.T) {
	z := startG2Zipper(t, true)
	out := &lines{}
	_, err := RunLegacySfn(context.Background(), SfnOptions{Addr: z.addr(), Name: "Unknown", Observe: []uint32{0x33},
		Linger: time.Second, MaxFrame: DefaultMaxFrame}, NewPrinter(out))
	var rej *RejectedError
	if !errors.As(err, &rej) || rej.Code != frame.LegacyCloseIllegalSfn || rej.Message != "handshake validation faild, illegal sfn" {
		t.Errorf("sfn: %v, want a 0xCC rejection", err)
	}
	_, err = RunLegacySource(context.Background(), SourceOptions{Addr: z.addr(), Name: "src", ID: "x", Tag: 0x33,
		Count: 3, Linger: 3 * time.Second, MaxFrame: DefaultMaxFrame}, NewPrinter(out))
	if !errors.As(err, &rej) || rej.Code != frame.LegacyCloseUnknownClientType || rej.Message != "refused" {
		t.Errorf("source: %v, want a 0xCD rejection", err)
	}
}

func TestLegacyTagsAbove3FAreRefused(t *testing.T) {
	if _, err := RunLegacySource(context.Background(), SourceOptions{Addr: "127.0.0.1:1", Tag: 0x40, Count: 1},
		NewPrinter(&lines{})); err == nil || !strings.Contains(err.Error(), "above 0x3F") {
		t.Errorf("source tag 0x40: %v", err)
	}
	if _, err := RunLegacySfn(context.Background(), SfnOptions{Addr: "127.0.0.1:1", Observe: []uint32{0x33, 0x100}},
		NewPrinter(&lines{})); err == nil || !strings.Contains(err.Error(), "above 0x3F") {
		t.Errorf("sfn observing 0x100: %v", err)
	}
}
