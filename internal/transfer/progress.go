package transfer

import (
	"fmt"
	"io"
	"strings"
	"sync"
	"time"
)

// ProgressBar draws a one-line progress display on a terminal: a bar and
// the ETA when the input's size is known, the rows done and the rate. It
// redraws at most ten times a second. The CLI shows it only when stderr
// is a terminal. (A dependency such as mpb would add several modules for
// one line of output redrawn with "\r".)
type ProgressBar struct {
	mu    sync.Mutex
	w     io.Writer
	label string
	total int64
	start time.Time
	last  time.Time
	now   func() time.Time
	drawn bool
}

// NewProgressBar returns a bar that writes to w. total is the input size
// in bytes, or 0 when unknown (standard input).
func NewProgressBar(w io.Writer, label string, total int64) *ProgressBar {
	p := &ProgressBar{w: w, label: label, total: total, now: time.Now}
	p.start = p.now()
	return p
}

// Update redraws the bar for rows done and bytes of input consumed.
func (p *ProgressBar) Update(rows int, bytes int64) {
	p.mu.Lock()
	defer p.mu.Unlock()
	now := p.now()
	if p.drawn && now.Sub(p.last) < 100*time.Millisecond {
		return
	}
	p.last, p.drawn = now, true
	fmt.Fprintf(p.w, "\r\x1b[K%s", p.line(rows, bytes, now.Sub(p.start)))
}

// line renders the display (without the carriage return).
func (p *ProgressBar) line(rows int, bytes int64, elapsed time.Duration) string {
	var b strings.Builder
	b.WriteString(p.label)
	secs := elapsed.Seconds()
	if p.total > 0 {
		frac := min(float64(bytes)/float64(p.total), 1)
		const width = 24
		fill := int(frac * width)
		fmt.Fprintf(&b, " [%s%s] %3.0f%%", strings.Repeat("=", fill), strings.Repeat(" ", width-fill), frac*100)
	}
	fmt.Fprintf(&b, "  %s rows", groupDigits(int64(rows)))
	if secs >= 0.5 {
		fmt.Fprintf(&b, "  %s rows/s", groupDigits(int64(float64(rows)/secs)))
		if p.total > 0 && bytes > 0 && bytes < p.total {
			eta := time.Duration(float64(p.total-bytes) / (float64(bytes) / secs) * float64(time.Second))
			fmt.Fprintf(&b, "  ETA %s", eta.Round(time.Second))
		}
	}
	return b.String()
}

// Done erases the bar, leaving the line free for the summary.
func (p *ProgressBar) Done() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.drawn {
		fmt.Fprint(p.w, "\r\x1b[K")
	}
}

// groupDigits writes n with thousands separators: 1,234,567.
func groupDigits(n int64) string {
	s := fmt.Sprint(n)
	if n < 0 {
		return "-" + groupDigits(-n)
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
