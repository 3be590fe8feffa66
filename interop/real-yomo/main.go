// Command real-yomo-peer is a YoMo source or stream function written with YoMo's own Go SDK
// (github.com/yomorun/yomo v1.18.10, protocol "2024-01-03"), so flink-yomo can be tested against
// the real YoMo implementation: its client code here, its zipper (`yomo serve`) beside it.
//
//	real-yomo-peer source --zipper ADDR --tag 0x33 --count N [--prefix P | --payload P] [--credential C]
//	real-yomo-peer sfn --zipper ADDR --observe 0x34 --expect N [--timeout 30s] [--quiet] [--credential C]
//
// It prints JSON lines on stdout: the source one "sent" event; the stream function a "connected"
// event, a "data" event per frame (tag, payload, yomo-tid, yomo-source-id; not with --quiet) and a
// "summary" with the count and the wall-clock times of the first and last frame.
// Exit codes: 0 done, 1 error, 2 bad usage, 4 the stream function timed out before --expect.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/yomorun/yomo"
	"github.com/yomorun/yomo/serverless"
)

var out = json.NewEncoder(os.Stdout)
var outMu sync.Mutex

func emit(v map[string]any) {
	outMu.Lock()
	defer outMu.Unlock()
	_ = out.Encode(v)
}

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: real-yomo-peer source|sfn [flags]")
		os.Exit(2)
	}
	switch os.Args[1] {
	case "source":
		os.Exit(source(os.Args[2:]))
	case "sfn":
		os.Exit(sfn(os.Args[2:]))
	default:
		fmt.Fprintf(os.Stderr, "unknown mode %q\n", os.Args[1])
		os.Exit(2)
	}
}

func source(args []string) int {
	fs := flag.NewFlagSet("source", flag.ExitOnError)
	zipper := fs.String("zipper", "127.0.0.1:9000", "zipper address")
	name := fs.String("name", "real-yomo-source", "source name")
	credential := fs.String("credential", "", "credential, e.g. token:secret")
	tag := fs.String("tag", "0x33", "data tag")
	count := fs.Int("count", 10, "frames to write")
	prefix := fs.String("prefix", "frame", "payload of frame i is <prefix>-<i>")
	payload := fs.String("payload", "", "if set, the payload of every frame (instead of --prefix)")
	linger := fs.Duration("linger", time.Second, "wait before closing, so queued frames leave")
	_ = fs.Parse(args)
	t, err := parseTag(*tag)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	var opts []yomo.SourceOption
	if *credential != "" {
		opts = append(opts, yomo.WithCredential(*credential))
	}
	s := yomo.NewSource(*name, *zipper, opts...)
	if err := s.Connect(); err != nil {
		fmt.Fprintln(os.Stderr, "connect:", err)
		return 1
	}
	start := time.Now()
	for i := 0; i < *count; i++ {
		data := []byte(fmt.Sprintf("%s-%d", *prefix, i))
		if *payload != "" {
			data = []byte(*payload)
		}
		if err := s.Write(t, data); err != nil {
			fmt.Fprintln(os.Stderr, "write:", err)
			return 1
		}
	}
	written := time.Since(start)
	time.Sleep(*linger)
	emit(map[string]any{"event": "sent", "count": *count, "writeMicros": written.Microseconds(),
		"closeHung": !closeWithin(s.Close, 3*time.Second)})
	return 0
}

// closeWithin runs close and reports whether it returned in time. yomo v1.18.10's Client.Close
// waits for its background loop, which has already ended when the zipper closed the connection
// first (a finished Flink job does), so Close blocks forever: the Go runtime then aborts the
// program with "all goroutines are asleep - deadlock!". The frames were written by then.
func closeWithin(closeFn func() error, d time.Duration) bool {
	done := make(chan struct{})
	go func() {
		_ = closeFn()
		close(done)
	}()
	select {
	case <-done:
		return true
	case <-time.After(d):
		return false
	}
}

func sfn(args []string) int {
	fs := flag.NewFlagSet("sfn", flag.ExitOnError)
	zipper := fs.String("zipper", "127.0.0.1:9000", "zipper address")
	name := fs.String("name", "real-yomo-sfn", "stream function name")
	credential := fs.String("credential", "", "credential, e.g. token:secret")
	observe := fs.String("observe", "0x34", "comma-separated tags to observe")
	expect := fs.Int("expect", 1, "frames to receive before exiting")
	timeout := fs.Duration("timeout", 30*time.Second, "give up after this long")
	quiet := fs.Bool("quiet", false, "no event per frame, only the summary (for throughput runs)")
	_ = fs.Parse(args)
	var tags []uint32
	for _, s := range strings.Split(*observe, ",") {
		t, err := parseTag(s)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 2
		}
		tags = append(tags, t)
	}
	var opts []yomo.SfnOption
	if *credential != "" {
		opts = append(opts, yomo.WithSfnCredential(*credential))
	}
	f := yomo.NewStreamFunction(*name, *zipper, opts...)
	f.SetObserveDataTags(tags...)
	received := make(chan struct{}, *expect+1024)
	var first, last time.Time
	var mu sync.Mutex
	_ = f.SetHandler(func(ctx serverless.Context) {
		now := time.Now()
		mu.Lock()
		if first.IsZero() {
			first = now
		}
		last = now
		mu.Unlock()
		if !*quiet {
			tid, _ := ctx.Metadata("yomo-tid")
			src, _ := ctx.Metadata("yomo-source-id")
			emit(map[string]any{"event": "data", "tag": ctx.Tag(), "data": string(ctx.Data()), "tid": tid, "sourceId": src})
		}
		select {
		case received <- struct{}{}:
		default:
		}
	})
	summary := func(n int, timedOut bool) {
		mu.Lock()
		defer mu.Unlock()
		emit(map[string]any{"event": "summary", "received": n, "timedOut": timedOut,
			"firstUnixMicros": first.UnixMicro(), "lastUnixMicros": last.UnixMicro()})
	}
	if err := f.Connect(); err != nil {
		fmt.Fprintln(os.Stderr, "connect:", err)
		return 1
	}
	defer f.Close()
	emit(map[string]any{"event": "connected", "observe": tags})
	deadline := time.After(*timeout)
	for n := 0; n < *expect; n++ {
		select {
		case <-received:
		case <-deadline:
			summary(n, true)
			return 4
		}
	}
	summary(*expect, false)
	return 0
}

func parseTag(s string) (uint32, error) {
	v, err := strconv.ParseUint(strings.TrimSpace(s), 0, 32)
	if err != nil {
		return 0, fmt.Errorf("bad tag %q: %v", s, err)
	}
	return uint32(v), nil
}
