package etcd

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"sync"
	"time"

	pb "go.etcd.io/etcd/api/v3/etcdserverpb"
	clientv3 "go.etcd.io/etcd/client/v3"
	"go.uber.org/zap"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/deskctl/deskctl/internal/store"
)

var _ store.Store = (*Store)(nil)

// Store is a dataset on an etcd cluster. It is safe for concurrent use.
type Store struct {
	client   *clientv3.Client
	cfg      Config
	readOnly bool
	// data and seq prefix the keys of the keyspace and of the sequences.
	data, seq string

	closeOnce sync.Once
	closeErr  error
}

// Open connects to the cluster of cfg and checks that it answers within
// opts.Timeout (DefaultDialTimeout when zero); if it does not, Open
// returns an error wrapping store.ErrBusy.
func Open(ctx context.Context, cfg Config, opts store.Options) (*Store, error) {
	cfg, err := cfg.withDefaults()
	if err != nil {
		return nil, err
	}
	tc, err := cfg.tlsConfig()
	if err != nil {
		return nil, err
	}
	timeout := opts.Timeout
	if timeout <= 0 {
		timeout = DefaultDialTimeout
	}
	s := &Store{
		cfg:      cfg,
		readOnly: opts.ReadOnly,
		data:     cfg.Prefix + "/d/",
		seq:      cfg.Prefix + "/s/",
	}
	ccfg := clientv3.Config{
		Endpoints:   cfg.Endpoints,
		DialTimeout: timeout,
		TLS:         tc,
		// Leave room for gRPC framing above the largest request the
		// cluster accepts; Update checks that limit itself.
		MaxCallSendMsgSize: cfg.MaxRequestBytes + 1<<20,
		Logger:             zap.NewNop(),
	}
	anonymous := ccfg
	ccfg.Username, ccfg.Password = cfg.Username, cfg.Password
	s.client, err = clientv3.New(ccfg)
	if err != nil {
		// With a user, New waits for a connection to log in and, when
		// none comes, does not say why: ask a client that does not log
		// in.
		if probe, perr := clientv3.New(anonymous); perr == nil {
			err = s.openError(ctx, nil, err, timeout, probe)
			probe.Close()
			return nil, err
		}
		return nil, s.openError(ctx, nil, err, timeout, nil)
	}
	// The client connects lazily: one read shows whether a quorum answers.
	pctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	if _, err := s.client.Get(pctx, s.data, clientv3.WithCountOnly()); err != nil {
		err = s.openError(ctx, pctx, err, timeout, s.client)
		s.client.Close()
		return nil, err
	}
	return s, nil
}

// openError explains a failed Open; req is the context of the request that
// failed, or nil, and probe, when not nil, is a client that can tell why no
// connection could be made.
func (s *Store) openError(ctx, req context.Context, err error, timeout time.Duration, probe *clientv3.Client) error {
	err = s.clientError(ctx, req, err)
	if !errors.Is(err, store.ErrBusy) {
		return err
	}
	why := ""
	if probe != nil {
		why = s.dialProblem(ctx, probe)
	}
	return fmt.Errorf("cannot reach etcd at %s within %v%s: %w", s.endpoints(), timeout, why, store.ErrBusy)
}

// dialProblem asks once more without waiting for a connection, to learn
// why none could be made: gRPC reports the transport's last error only to
// a request that does not wait.
func (s *Store) dialProblem(ctx context.Context, c *clientv3.Client) string {
	ctx, cancel := context.WithTimeout(ctx, time.Second)
	defer cancel()
	req := &pb.RangeRequest{Key: []byte(s.data), CountOnly: true}
	_, err := pb.NewKVClient(c.ActiveConnection()).Range(ctx, req, grpc.WaitForReady(false))
	if st, ok := status.FromError(err); ok && st.Code() == codes.Unavailable {
		return " (" + st.Message() + ")"
	}
	if ctx.Err() != nil {
		// Connected, since a request that does not wait for a
		// connection waited: a member took the request and could not
		// answer it, which is what a member cut off from the majority
		// of its cluster does.
		return " (connected, but the cluster did not answer: is a majority of its members up?)"
	}
	return ""
}

func (s *Store) endpoints() string { return strings.Join(s.cfg.Endpoints, ",") }

// String returns the store's URL.
func (s *Store) String() string { return s.cfg.String() }

// View runs fn over a snapshot of the dataset: the revision of the first
// read.
func (s *Store) View(ctx context.Context, fn func(store.Tx) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	t := s.newTx(ctx, false)
	if err := fn(t); err != nil {
		return err
	}
	return t.err
}

// Update runs fn in an optimistic transaction: reads come from a snapshot,
// writes are buffered, and the commit applies them only if nothing fn read
// has changed since. Otherwise fn runs again, up to Config.MaxRetries
// times, then Update returns store.ErrConflict.
func (s *Store) Update(ctx context.Context, fn func(store.Tx) error) error {
	if s.readOnly {
		return fmt.Errorf("update %s: %w", s, store.ErrReadOnly)
	}
	for attempt := 0; ; attempt++ {
		if err := ctx.Err(); err != nil {
			return err
		}
		t := s.newTx(ctx, true)
		err := fn(t)
		switch {
		case t.stale:
			// A read met a compacted revision: run again on a new one.
		case err != nil:
			return err
		case t.err != nil:
			return t.err
		default:
			ok, err := t.commit()
			if err != nil {
				return err
			}
			if ok {
				return nil
			}
		}
		if attempt >= s.cfg.MaxRetries {
			return fmt.Errorf("update %s: gave up after %d attempts: %w", s, attempt+1, store.ErrConflict)
		}
		if err := backoff(ctx, attempt); err != nil {
			return err
		}
	}
}

// backoff sleeps before the next attempt: a ceiling doubling from 2ms to
// 250ms, and a random wait between half and all of it, so that competing
// writers spread out.
func backoff(ctx context.Context, attempt int) error {
	d := min(2*time.Millisecond<<min(attempt, 8), 250*time.Millisecond)
	timer := time.NewTimer(d/2 + rand.N(d/2+1))
	defer timer.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-timer.C:
		return nil
	}
}

// Close disconnects from the cluster. Calling it again returns the first
// result.
func (s *Store) Close() error {
	s.closeOnce.Do(func() {
		if err := s.client.Close(); err != nil && !errors.Is(err, context.Canceled) {
			s.closeErr = err
		}
	})
	return s.closeErr
}

// requestCtx bounds one request to the cluster.
func (s *Store) requestCtx(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(ctx, s.cfg.RequestTimeout)
}
