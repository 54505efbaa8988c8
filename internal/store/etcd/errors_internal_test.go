package etcd

import (
	"context"
	"errors"
	"testing"
	"time"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/deskctl/deskctl/internal/store"
)

// TestClientErrorTimeout: a member cut off from its quorum answers a read
// with its own "context deadline exceeded", of code Unknown, when the
// request's deadline passes. That is the cluster not answering in time
// (exit 6), not an unexpected error; it was found with a 3-member cluster
// of Debian's etcd 3.4 with two members stopped.
func TestClientErrorTimeout(t *testing.T) {
	s := &Store{cfg: Config{Endpoints: []string{"a:2379", "b:2379"}, RequestTimeout: time.Second}}
	fromServer := status.Error(codes.Unknown, "context deadline exceeded")
	expired, cancel := context.WithDeadline(context.Background(), time.Now().Add(-time.Second))
	defer cancel()
	if err := s.clientError(context.Background(), expired, fromServer); !errors.Is(err, store.ErrBusy) {
		t.Errorf("after the request's deadline: %v, want ErrBusy", err)
	}
	if err := s.clientError(context.Background(), context.Background(), errors.New("boom")); errors.Is(err, store.ErrBusy) {
		t.Errorf("another error in time: %v, want it not to be ErrBusy", err)
	}
	caller, stop := context.WithCancel(context.Background())
	stop()
	if err := s.clientError(caller, expired, fromServer); !errors.Is(err, context.Canceled) {
		t.Errorf("after the caller gave up: %v, want context.Canceled", err)
	}
}
