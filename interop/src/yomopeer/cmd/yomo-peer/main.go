// Command yomo-peer is a YoMo peer on quic-go speaking the final Go protocol (handshake version
// "2024-01-03"). It runs as a source, a zipper or a stream function so that the Java implementation
// can be tested against an independent implementation. With --protocol 2021 the source and the
// stream function speak yomo v1.5.3's protocol instead (docs/yomo-protocol.md §2.3). Events and a final summary are printed to
// stdout as JSON lines; diagnostics go to stderr.
//
// Exit codes: 0 success, 1 error, 2 bad usage, 3 handshake rejected, 4 timed out before --expect.
package main

import (
	"context"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"time"

	"yomopeer/frame"
	"yomopeer/peer"
)

const (
	exitError    = 1
	exitUsage    = 2
	exitRejected = 3
	exitTimeout  = 4
)

func main() {
	if len(os.Args) < 2 {
		usage()
	}
	out := peer.NewPrinter(os.Stdout)
	var code int
	switch os.Args[1] {
	case "source":
		code = runSource(os.Args[2:], out)
	case "zipper":
		code = runZipper(os.Args[2:], out)
	case "sfn":
		code = runSfn(os.Args[2:], out)
	default:
		usage()
	}
	os.Exit(code)
}

func usage() {
	fmt.Fprintln(os.Stderr, "usage: yomo-peer source|zipper|sfn [flags]   (yomo-peer <mode> -h lists the flags)")
	os.Exit(exitUsage)
}

// common holds the flags every mode shares.
type common struct {
	version  string
	timeout  time.Duration
	linger   time.Duration
	maxFrame int
}

func (c *common) register(fs *flag.FlagSet) {
	fs.StringVar(&c.version, "protocol-version", frame.ProtocolVersion, "handshake Version field")
	fs.DurationVar(&c.timeout, "timeout", 0, "give up after this long (0 = no limit)")
	fs.DurationVar(&c.linger, "linger", 2*time.Second, "after finishing, wait this long for the peer before closing")
	fs.IntVar(&c.maxFrame, "max-frame", peer.DefaultMaxFrame, "largest accepted frame value in bytes")
	fs.StringVar(&peer.QlogDir, "qlog-dir", "", "write a qlog trace of every connection into this directory")
}

// context ends on SIGTERM/SIGINT or after --timeout.
func (c *common) context() (context.Context, context.CancelFunc) {
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
	if c.timeout <= 0 {
		return ctx, stop
	}
	tctx, cancel := context.WithTimeout(ctx, c.timeout)
	return tctx, func() { cancel(); stop() }
}

func parse(fs *flag.FlagSet, args []string) {
	if err := fs.Parse(args); err != nil {
		os.Exit(exitUsage)
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(os.Stderr, "yomo-peer %s: unexpected arguments %v\n", fs.Name(), fs.Args())
		os.Exit(exitUsage)
	}
}

// finish prints the summary, then maps err to an exit code.
func finish(out *peer.Printer, mode string, summary interface{}, err error) int {
	out.Print(summary)
	if err != nil {
		return fail(out, mode, err)
	}
	return 0
}

func usageError(mode, format string, args ...interface{}) int {
	fmt.Fprintf(os.Stderr, "yomo-peer %s: %s\n", mode, fmt.Sprintf(format, args...))
	return exitUsage
}

// fail prints the error as a JSON line and maps it to an exit code.
func fail(out *peer.Printer, mode string, err error) int {
	var rej *peer.RejectedError
	if errors.As(err, &rej) {
		event := map[string]interface{}{"event": "rejected", "mode": mode, "reason": rej.Message}
		if rej.Code != 0 {
			event["closeCode"] = rej.Code // 2021: the zipper refused by closing the connection
		}
		out.Print(event)
		fmt.Fprintf(os.Stderr, "yomo-peer %s: rejected: %s\n", mode, rej.Message)
		return exitRejected
	}
	out.Print(map[string]string{"event": "error", "mode": mode, "error": err.Error()})
	fmt.Fprintf(os.Stderr, "yomo-peer %s: %v\n", mode, err)
	return exitError
}

// parseTag accepts decimal or 0x-prefixed hex uint32 values.
func parseTag(s string) (uint32, error) {
	v, err := strconv.ParseUint(strings.TrimSpace(s), 0, 32)
	if err != nil {
		return 0, fmt.Errorf("tag %q is not a uint32 (decimal or 0x hex)", s)
	}
	return uint32(v), nil
}

// protocolFlag registers --protocol.
func protocolFlag(fs *flag.FlagSet) *string {
	return fs.String("protocol", peer.ProtocolFinal, "protocol generation: final (yomo v1.16+) or 2021 (yomo v1.5.3)")
}

// check2021 refuses flags the 2021 protocol has no field for, and tags above 0x3F.
func check2021(fs *flag.FlagSet, finalOnly []string, tags map[string][]uint32) error {
	only := map[string]bool{}
	for _, name := range finalOnly {
		only[name] = true
	}
	var err error
	fs.Visit(func(f *flag.Flag) {
		if only[f.Name] && err == nil {
			err = fmt.Errorf("--%s does not exist in the 2021 protocol", f.Name)
		}
	})
	if err != nil {
		return err
	}
	for name, values := range tags {
		for _, t := range values {
			if t > frame.MaxLegacyDataTag {
				return fmt.Errorf("--%s 0x%X: 2021 tags are 0x00-0x3F (the tag is a Y3 key)", name, t)
			}
		}
	}
	return nil
}

// readHexLines reads one hex-encoded payload per non-empty line; an error names the line.
func readHexLines(path string) ([][]byte, error) {
	text, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var out [][]byte
	for n, line := range strings.Split(string(text), "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		b, err := hex.DecodeString(line)
		if err != nil {
			return nil, fmt.Errorf("%s:%d: %v", path, n+1, err)
		}
		out = append(out, b)
	}
	return out, nil
}

// metaFlag collects repeated --meta key=value flags.
type metaFlag map[string]string

func (m metaFlag) String() string { return fmt.Sprint(map[string]string(m)) }

func (m metaFlag) Set(s string) error {
	i := strings.IndexByte(s, '=')
	if i <= 0 {
		return fmt.Errorf("metadata %q must be key=value", s)
	}
	m[s[:i]] = s[i+1:]
	return nil
}

func runSource(args []string, out *peer.Printer) int {
	fs := flag.NewFlagSet("source", flag.ContinueOnError)
	var c common
	c.register(fs)
	opts := peer.SourceOptions{Metadata: metaFlag{}}
	protocol := protocolFlag(fs)
	tag := fs.String("tag", "0x33", "data tag (uint32, decimal or 0x hex; 0x00-0x3F with --protocol 2021)")
	fs.StringVar(&opts.Addr, "addr", "127.0.0.1:9000", "zipper host:port")
	fs.StringVar(&opts.Name, "name", "yomo-peer-source", "client name")
	fs.StringVar(&opts.ID, "id", fmt.Sprintf("go-source-%d", os.Getpid()), "client id (also yomo-source-id; with --protocol 2021 only the tid prefix)")
	fs.StringVar(&opts.Credential, "credential", "", "credential name:payload, e.g. token:secret")
	fs.IntVar(&opts.Count, "count", 1000, "number of DataFrames")
	fs.IntVar(&opts.PayloadSize, "payload-size", 0, "pad each payload \"frame-<i>\" with '.' to this many bytes")
	fs.Float64Var(&opts.Rate, "rate", 0, "frames per second (0 = as fast as possible)")
	fs.Var(metaFlag(opts.Metadata), "meta", "extra metadata key=value (repeatable)")
	fs.StringVar(&opts.ProducerID, "producer-id", "", "ask for acknowledgements (yomo-java/ACKS.md) as this producer")
	fs.BoolVar(&opts.AwaitDurable, "await-durable", false, "with --producer-id: wait up to --linger for the Ack of the last frame")
	payloadsFile := fs.String("payloads-hex", "", "send these payloads instead of \"frame-<i>\": a file of one hex payload per line (--count defaults to their number)")
	parse(fs, args)
	var err error
	if opts.Tag, err = parseTag(*tag); err != nil {
		return usageError("source", "%v", err)
	}
	if *payloadsFile != "" {
		if opts.Payloads, err = readHexLines(*payloadsFile); err != nil {
			return usageError("source", "--payloads-hex: %v", err)
		}
		countSet := false
		fs.Visit(func(f *flag.Flag) { countSet = countSet || f.Name == "count" })
		if !countSet {
			opts.Count = len(opts.Payloads)
		}
		if opts.Count > len(opts.Payloads) {
			return usageError("source", "--count %d but %s holds %d payloads", opts.Count, *payloadsFile, len(opts.Payloads))
		}
	}
	if opts.Count < 0 || opts.PayloadSize < 0 || opts.Rate < 0 {
		return usageError("source", "--count, --payload-size and --rate must not be negative")
	}
	opts.Version, opts.Linger, opts.MaxFrame = c.version, c.linger, c.maxFrame
	run := peer.RunSource
	switch *protocol {
	case peer.ProtocolFinal:
	case peer.Protocol2021:
		err := check2021(fs, []string{"protocol-version", "credential", "meta", "producer-id", "await-durable"},
			map[string][]uint32{"tag": {opts.Tag}})
		if err != nil {
			return usageError("source", "%v", err)
		}
		run = peer.RunLegacySource
	default:
		return usageError("source", "--protocol %q: want %s or %s", *protocol, peer.ProtocolFinal, peer.Protocol2021)
	}
	ctx, cancel := c.context()
	defer cancel()
	sum, err := run(ctx, opts, out)
	return finish(out, "source", sum, err)
}

func runZipper(args []string, out *peer.Printer) int {
	fs := flag.NewFlagSet("zipper", flag.ContinueOnError)
	var c common
	c.register(fs)
	var opts peer.ZipperOptions
	fs.StringVar(&opts.Listen, "listen", "127.0.0.1:0", "UDP address to listen on (port 0 picks one; see the listening event)")
	fs.StringVar(&opts.Token, "token", "", "require credential token:<value>")
	fs.Int64Var(&opts.Expect, "expect", 0, "exit after this many DataFrames (0 = until SIGTERM or --timeout)")
	parse(fs, args)
	if opts.Expect < 0 {
		return usageError("zipper", "--expect must not be negative")
	}
	opts.Version, opts.Linger, opts.MaxFrame = c.version, c.linger, c.maxFrame
	z, err := peer.NewZipper(opts, out)
	if err != nil {
		return fail(out, "zipper", err)
	}
	ctx, cancel := c.context()
	defer cancel()
	sum := z.Run(ctx)
	out.Print(sum)
	if opts.Expect > 0 && sum.Received < opts.Expect {
		fmt.Fprintf(os.Stderr, "yomo-peer zipper: received %d of %d expected frames\n", sum.Received, opts.Expect)
		return exitTimeout
	}
	return 0
}

func runSfn(args []string, out *peer.Printer) int {
	fs := flag.NewFlagSet("sfn", flag.ContinueOnError)
	var c common
	c.register(fs)
	var opts peer.SfnOptions
	protocol := protocolFlag(fs)
	observe := fs.String("observe", "0x33", "comma-separated observed tags (with --protocol 2021 filtered here, not by the zipper)")
	echo := fs.String("echo-tag", "", "write each frame back with this tag and the same metadata (2021: the same tid)")
	fs.StringVar(&opts.Addr, "addr", "127.0.0.1:9000", "zipper host:port")
	fs.StringVar(&opts.Name, "name", "yomo-peer-sfn", "client name")
	fs.StringVar(&opts.ID, "id", fmt.Sprintf("go-sfn-%d", os.Getpid()), "client id")
	fs.StringVar(&opts.Credential, "credential", "", "credential name:payload, e.g. token:secret")
	fs.Int64Var(&opts.Count, "count", 0, "exit after this many observed frames (0 = until the zipper closes, SIGTERM or --timeout)")
	parse(fs, args)
	for _, s := range strings.Split(*observe, ",") {
		t, err := parseTag(s)
		if err != nil {
			return usageError("sfn", "--observe: %v", err)
		}
		opts.Observe = append(opts.Observe, t)
	}
	if *echo != "" {
		t, err := parseTag(*echo)
		if err != nil {
			return usageError("sfn", "--echo-tag: %v", err)
		}
		opts.EchoTag = &t
	}
	opts.Version, opts.Linger, opts.MaxFrame = c.version, c.linger, c.maxFrame
	run := peer.RunSfn
	switch *protocol {
	case peer.ProtocolFinal:
	case peer.Protocol2021:
		tags := map[string][]uint32{"observe": opts.Observe}
		if opts.EchoTag != nil {
			tags["echo-tag"] = []uint32{*opts.EchoTag}
		}
		if err := check2021(fs, []string{"protocol-version", "credential", "id"}, tags); err != nil {
			return usageError("sfn", "%v", err)
		}
		run = peer.RunLegacySfn
	default:
		return usageError("sfn", "--protocol %q: want %s or %s", *protocol, peer.ProtocolFinal, peer.Protocol2021)
	}
	ctx, cancel := c.context()
	defer cancel()
	sum, err := run(ctx, opts, out)
	return finish(out, "sfn", sum, err)
}
