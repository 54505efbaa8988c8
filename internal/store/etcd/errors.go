package etcd

import (
	"context"
	"errors"
	"fmt"

	"go.etcd.io/etcd/api/v3/v3rpc/rpctypes"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/deskctl/deskctl/internal/store"
)

// errEmptyKey is returned by Put for an empty key.
var errEmptyKey = errors.New("store key must not be empty")

// errEmptySequence is returned by NextSequence for an empty name.
var errEmptySequence = errors.New("sequence name must not be empty")

// code returns the gRPC code of an error from the etcd client.
func code(err error) codes.Code {
	var ee rpctypes.EtcdError
	if errors.As(err, &ee) {
		return ee.Code()
	}
	return status.Code(err)
}

// clientError turns an error of the etcd client into the contract's.
// ctx is the caller's context: when it ended, its error is the answer. req
// is the request's own context, or nil: when its deadline passed, the
// cluster did not answer in time, whatever the error says (a member that
// has lost its quorum answers a read with its own "context deadline
// exceeded", of code Unknown).
func (s *Store) clientError(ctx, req context.Context, err error) error {
	if ctxErr := ctx.Err(); ctxErr != nil {
		return ctxErr
	}
	timedOut := req != nil && errors.Is(req.Err(), context.DeadlineExceeded)
	switch {
	case errors.Is(err, rpctypes.ErrTooManyOps), errors.Is(err, rpctypes.ErrRequestTooLarge),
		code(err) == codes.ResourceExhausted:
		return fmt.Errorf("etcd at %s refused the transaction (%v): the cluster's --max-txn-ops and --max-request-bytes must be at least this Update's size: %w",
			s.endpoints(), err, store.ErrTooLarge)
	case timedOut, errors.Is(err, context.DeadlineExceeded), code(err) == codes.DeadlineExceeded,
		code(err) == codes.Unavailable:
		return fmt.Errorf("cannot reach etcd at %s within %v: %w", s.endpoints(), s.cfg.RequestTimeout, store.ErrBusy)
	case errors.Is(err, rpctypes.ErrAuthFailed), errors.Is(err, rpctypes.ErrInvalidAuthToken),
		errors.Is(err, rpctypes.ErrPermissionDenied), code(err) == codes.Unauthenticated:
		if s.cfg.Username == "" {
			return fmt.Errorf("etcd at %s refused a request made without a user name (the cluster has authentication on): %w", s.endpoints(), err)
		}
		return fmt.Errorf("etcd at %s refused user %q: %w", s.endpoints(), s.cfg.Username, err)
	default:
		return fmt.Errorf("etcd at %s: %w", s.endpoints(), err)
	}
}
