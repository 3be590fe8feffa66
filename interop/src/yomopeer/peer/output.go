package peer

import (
	"encoding/json"
	"io"
	"sync"
)

// Printer writes one JSON object per line; safe for concurrent use. Every line is written with a
// single Write call so that a reader never sees interleaved lines.
type Printer struct {
	mu sync.Mutex
	w  io.Writer
}

// NewPrinter returns a Printer writing to w.
func NewPrinter(w io.Writer) *Printer { return &Printer{w: w} }

// Print writes v as one JSON line.
func (p *Printer) Print(v interface{}) {
	line, err := json.Marshal(v)
	if err != nil {
		line, _ = json.Marshal(map[string]string{"event": "error", "error": err.Error()})
	}
	line = append(line, '\n')
	p.mu.Lock()
	defer p.mu.Unlock()
	_, _ = p.w.Write(line)
}

// DataEvent is the line printed for every received DataFrame.
type DataEvent struct {
	Event    string            `json:"event"`
	Client   string            `json:"client"`
	ClientID string            `json:"clientId"`
	Seq      int64             `json:"seq"`
	Tag      uint32            `json:"tag"`
	Metadata map[string]string `json:"metadata"`
	Payload  []byte            `json:"payload"` // base64 in JSON
	Size     int               `json:"size"`
}
