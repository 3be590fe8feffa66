// Package peer implements the three roles of yomo-peer (source, zipper, stream function) on top of
// quic-go, speaking YoMo's final protocol over one client-opened bidirectional stream.
package peer

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"fmt"
	"io"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"time"

	"github.com/lucas-clemente/quic-go"
	"github.com/lucas-clemente/quic-go/logging"
	"github.com/lucas-clemente/quic-go/qlog"

	"yomopeer/frame"
)

// ALPN is the TLS application protocol YoMo negotiates on both sides.
const ALPN = "yomo"

// DefaultMaxFrame caps the Y3 value length of one received frame.
const DefaultMaxFrame = 16 << 20

// QlogDir, when set, makes every connection write a qlog trace (<dir>/<role>-<connection id>.qlog),
// the quic-go counterpart of yomo's YOMO_QLOG_TRACE. Used to diagnose flow-control stalls.
var QlogDir string

func tracer() logging.Tracer {
	if QlogDir == "" {
		return nil
	}
	return qlog.NewTracer(func(p logging.Perspective, connID []byte) io.WriteCloser {
		role := "server"
		if p == logging.PerspectiveClient {
			role = "client"
		}
		f, err := os.Create(filepath.Join(QlogDir, fmt.Sprintf("%s-%x.qlog", role, connID)))
		if err != nil {
			fmt.Fprintf(os.Stderr, "qlog: %v\n", err)
			return nil
		}
		return f
	})
}

// clientQUICConfig mirrors yomo's DefaultClientQuicConfig (core/client_options.go).
func clientQUICConfig() *quic.Config {
	return &quic.Config{
		Tracer:                         tracer(),
		MaxIdleTimeout:                 40 * time.Second,
		KeepAlivePeriod:                20 * time.Second,
		HandshakeIdleTimeout:           3 * time.Second,
		MaxIncomingStreams:             1000,
		MaxIncomingUniStreams:          1000,
		InitialStreamReceiveWindow:     2 << 20,
		InitialConnectionReceiveWindow: 2 << 20,
	}
}

// serverQUICConfig mirrors yomo's zipper defaults: short idle timeout with frequent keep-alives.
func serverQUICConfig() *quic.Config {
	c := clientQUICConfig()
	c.MaxIdleTimeout = 5 * time.Second
	c.KeepAlivePeriod = 2 * time.Second
	return c
}

func clientTLSConfig() *tls.Config {
	// YoMo clients trust any server unless YOMO_TLS_VERIFY_PEER is set; a test peer does the same.
	return &tls.Config{InsecureSkipVerify: true, NextProtos: []string{ALPN}}
}

// serverTLSConfig generates an ECDSA P-256 self-signed certificate, as yomo's pkg/tls does.
func serverTLSConfig(host string) (*tls.Config, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, err
	}
	serial, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 62))
	if err != nil {
		return nil, err
	}
	tmpl := x509.Certificate{
		SerialNumber: serial,
		Subject:      pkix.Name{CommonName: "yomo-peer"},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(365 * 24 * time.Hour),
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		DNSNames:     []string{"localhost"},
		IPAddresses:  []net.IP{net.ParseIP("127.0.0.1"), net.ParseIP("::1")},
	}
	if ip := net.ParseIP(host); ip != nil {
		tmpl.IPAddresses = append(tmpl.IPAddresses, ip)
	} else if host != "" && host != "localhost" {
		tmpl.DNSNames = append(tmpl.DNSNames, host)
	}
	der, err := x509.CreateCertificate(rand.Reader, &tmpl, &tmpl, &key.PublicKey, key)
	if err != nil {
		return nil, err
	}
	cert := tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}
	return &tls.Config{Certificates: []tls.Certificate{cert}, NextProtos: []string{ALPN}}, nil
}

// closeReason formats how a connection ended, for events and error messages.
func closeReason(err error) string {
	var appErr *quic.ApplicationError
	if errors.As(err, &appErr) {
		side := "local"
		if appErr.Remote {
			side = "peer"
		}
		return fmt.Sprintf("%s closed with application error 0x%X: %s", side, uint64(appErr.ErrorCode), appErr.ErrorMessage)
	}
	return err.Error()
}

// isYomoClose reports a QUIC application close with YoMo's close code.
func isYomoClose(err error) (string, bool) {
	var appErr *quic.ApplicationError
	if errors.As(err, &appErr) && appErr.ErrorCode == frame.CloseErrorCode {
		return appErr.ErrorMessage, true
	}
	return "", false
}

// closeGracefully finishes the stream (FIN), waits until the peer has closed the connection or
// finished its own side of the stream, or until linger elapses, then closes the connection with
// YoMo's close code. Closing at once would discard stream data that is not yet acknowledged.
// It returns how the wait ended.
func closeGracefully(conn quic.Connection, stream quic.Stream, peerDone <-chan struct{}, linger time.Duration, reason string) string {
	return closeGracefullyWith(conn, stream, peerDone, linger, frame.CloseErrorCode, reason)
}

// closeGracefullyWith is closeGracefully with another application error code.
func closeGracefullyWith(conn quic.Connection, stream quic.Stream, peerDone <-chan struct{}, linger time.Duration,
	code quic.ApplicationErrorCode, reason string) string {
	_ = stream.Close()
	how := "linger-timeout"
	timer := time.NewTimer(linger)
	defer timer.Stop()
	select {
	case <-conn.Context().Done():
		how = "peer-closed"
	case <-peerDone:
		how = "peer-finished"
	case <-timer.C:
	}
	_ = conn.CloseWithError(code, reason)
	return how
}

// dial connects, opens the single stream and performs the YoMo handshake. A Rejected frame or a
// YoMo close during the handshake is returned as *RejectedError.
func dial(ctx context.Context, addr string, hs *frame.Handshake, maxFrame int) (quic.Connection, quic.Stream, *frame.Reader, *frame.HandshakeAck, error) {
	conn, err := quic.DialAddrContext(ctx, addr, clientTLSConfig(), clientQUICConfig())
	if err != nil {
		return nil, nil, nil, nil, fmt.Errorf("dial %s: %w", addr, err)
	}
	stream, err := conn.OpenStreamSync(ctx)
	if err != nil {
		_ = conn.CloseWithError(frame.CloseErrorCode, "open stream failed")
		return nil, nil, nil, nil, fmt.Errorf("open stream to %s: %w", addr, err)
	}
	if _, err := stream.Write(frame.Encode(hs)); err != nil {
		_ = conn.CloseWithError(frame.CloseErrorCode, "handshake write failed")
		return nil, nil, nil, nil, fmt.Errorf("write handshake: %w", err)
	}
	reader := frame.NewReader(stream, maxFrame)
	if deadline, ok := ctx.Deadline(); ok {
		_ = stream.SetReadDeadline(deadline)
	}
	reply, err := reader.Read()
	_ = stream.SetReadDeadline(time.Time{})
	if err != nil {
		if msg, ok := isYomoClose(err); ok {
			return nil, nil, nil, nil, &RejectedError{Message: msg}
		}
		_ = conn.CloseWithError(frame.CloseErrorCode, "no handshake reply")
		return nil, nil, nil, nil, fmt.Errorf("read handshake reply: %s", closeReason(err))
	}
	switch r := reply.(type) {
	case *frame.HandshakeAck:
		return conn, stream, reader, r, nil
	case *frame.Rejected:
		_ = conn.CloseWithError(frame.CloseErrorCode, r.Message)
		return nil, nil, nil, nil, &RejectedError{Message: r.Message}
	case *frame.ConnectTo:
		_ = conn.CloseWithError(frame.CloseErrorCode, "redirect not followed")
		return nil, nil, nil, nil, fmt.Errorf("zipper redirected to %s (ConnectTo is not followed by yomo-peer)", r.Endpoint)
	default:
		_ = conn.CloseWithError(frame.CloseErrorCode, "read unexpected frame")
		return nil, nil, nil, nil, fmt.Errorf("unexpected %s frame as handshake reply", reply.Type())
	}
}

// RejectedError is a handshake the zipper refused. Code is the QUIC application error code when
// the zipper refused by closing the connection (the 2021 protocol), 0 for a Rejected frame.
type RejectedError struct {
	Message string
	Code    uint64
}

func (e *RejectedError) Error() string {
	if e.Code != 0 {
		return fmt.Sprintf("rejected (application error 0x%X): %s", e.Code, e.Message)
	}
	return "rejected: " + e.Message
}
