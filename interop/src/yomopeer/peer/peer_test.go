package peer

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"yomopeer/frame"
)

// lines is a concurrency-safe sink for Printer output.
type lines struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (l *lines) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(p)
}

func (l *lines) dataEvents(t *testing.T) []DataEvent {
	t.Helper()
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []DataEvent
	sc := bufio.NewScanner(bytes.NewReader(l.buf.Bytes()))
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for sc.Scan() {
		if !strings.Contains(sc.Text(), `"event":"data"`) {
			continue
		}
		var e DataEvent
		if err := json.Unmarshal(sc.Bytes(), &e); err != nil {
			t.Fatalf("bad line %q: %v", sc.Text(), err)
		}
		out = append(out, e)
	}
	return out
}

func startZipper(t *testing.T, opts ZipperOptions) (*Zipper, *lines, <-chan *ZipperSummary, context.CancelFunc) {
	t.Helper()
	opts.Listen, opts.Version, opts.Linger, opts.MaxFrame = "127.0.0.1:0", frame.ProtocolVersion, time.Second, DefaultMaxFrame
	out := &lines{}
	z, err := NewZipper(opts, NewPrinter(out))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	done := make(chan *ZipperSummary, 1)
	go func() { done <- z.Run(ctx) }()
	return z, out, done, cancel
}

func verifyFrames(t *testing.T, events []DataEvent, n int, tag uint32, sourceID string) {
	t.Helper()
	if len(events) != n {
		t.Fatalf("got %d frames, want %d", len(events), n)
	}
	for i, e := range events {
		if e.Tag != tag || string(e.Payload) != string(Payload(i, 0)) ||
			e.Metadata["yomo-tid"] != sourceID+"-"+strconv.Itoa(i) || e.Metadata["yomo-source-id"] != sourceID {
			t.Fatalf("frame %d: %+v", i, e)
		}
	}
}

// A Go source sends 1000 frames through the Go zipper, which prints them in order and routes them,
// metadata unchanged, to a Go stream function observing the tag.
func TestSourceThroughZipperToSfn(t *testing.T) {
	z, zOut, zDone, cancel := startZipper(t, ZipperOptions{Token: "secret", Expect: 1000})
	defer cancel()
	addr := z.Addr().String()

	sfnOut := &lines{}
	sfnDone := make(chan error, 1)
	connected := make(chan struct{})
	go func() {
		ctx, c := context.WithTimeout(context.Background(), 30*time.Second)
		defer c()
		sum, err := RunSfn(ctx, SfnOptions{Addr: addr, Name: "go-sfn", ID: "sfn-1", Credential: "token:secret",
			Version: frame.ProtocolVersion, Observe: []uint32{0x10, 0x33}, Count: 1000, Linger: 100 * time.Millisecond,
			MaxFrame: DefaultMaxFrame}, NewPrinter(notifyOnConnect(sfnOut, connected)))
		if err == nil && sum.Received != 1000 {
			err = errors.New("sfn received " + strconv.FormatInt(sum.Received, 10))
		}
		sfnDone <- err
	}()
	select {
	case <-connected:
	case <-time.After(10 * time.Second):
		t.Fatal("sfn did not connect")
	}

	sum, err := RunSource(context.Background(), SourceOptions{Addr: addr, Name: "go-source", ID: "src-1",
		Credential: "token:secret", Version: frame.ProtocolVersion, Tag: 0x33, Count: 1000, Linger: 5 * time.Second,
		MaxFrame: DefaultMaxFrame}, NewPrinter(&lines{}))
	if err != nil || sum.Sent != 1000 {
		t.Fatalf("source: %+v, %v", sum, err)
	}
	zs := <-zDone
	if zs.Received != 1000 || zs.Routed != 1000 {
		t.Fatalf("zipper summary %+v", zs)
	}
	verifyFrames(t, zOut.dataEvents(t), 1000, 0x33, "src-1")
	if err := <-sfnDone; err != nil {
		t.Fatalf("sfn: %v", err)
	}
	verifyFrames(t, sfnOut.dataEvents(t), 1000, 0x33, "src-1")
}

// notifyOnConnect signals connected on the first "connected" line, then forwards to the sink.
func notifyOnConnect(sink *lines, connected chan struct{}) *signalWriter {
	return &signalWriter{sink: sink, connected: connected}
}

type signalWriter struct {
	sink      *lines
	connected chan struct{}
	once      sync.Once
}

func (w *signalWriter) Write(p []byte) (int, error) {
	n, err := w.sink.Write(p)
	if bytes.Contains(p, []byte(`"event":"connected"`)) {
		w.once.Do(func() { close(w.connected) })
	}
	return n, err
}

func TestZipperRejectsWrongTokenAndVersion(t *testing.T) {
	z, _, zDone, cancel := startZipper(t, ZipperOptions{Token: "secret"})
	addr := z.Addr().String()
	cases := []struct {
		cred, version, want string
	}{
		{"token:wrong", frame.ProtocolVersion, "authentication failed"},
		{"token:secret", "2023-01-01", "version negotiation failed: client=2023-01-01, server=2024-01-03"},
	}
	for _, c := range cases {
		_, err := RunSource(context.Background(), SourceOptions{Addr: addr, ID: "x", Credential: c.cred,
			Version: c.version, Count: 1, Linger: time.Second, MaxFrame: DefaultMaxFrame}, NewPrinter(&lines{}))
		var rej *RejectedError
		if !errors.As(err, &rej) || !strings.Contains(rej.Message, c.want) {
			t.Errorf("credential %q version %q: got %v, want rejection containing %q", c.cred, c.version, err, c.want)
		}
	}
	cancel()
	if s := <-zDone; s.Rejected != 2 || s.Received != 0 {
		t.Errorf("zipper summary %+v", s)
	}
}

func TestZipperClosesConnectionOnReservedTag(t *testing.T) {
	z, zOut, zDone, cancel := startZipper(t, ZipperOptions{})
	_, err := RunSource(context.Background(), SourceOptions{Addr: z.Addr().String(), ID: "r", Version: frame.ProtocolVersion,
		Tag: 0xF001, Count: 1, Linger: 3 * time.Second, MaxFrame: DefaultMaxFrame}, NewPrinter(&lines{}))
	if err != nil {
		t.Fatalf("source: %v", err)
	}
	cancel()
	<-zDone
	zOut.mu.Lock()
	text := zOut.buf.String()
	zOut.mu.Unlock()
	if !strings.Contains(text, "tag 0xF001 is reserved") || strings.Contains(text, `"event":"data"`) {
		t.Errorf("zipper output:\n%s", text)
	}
}
