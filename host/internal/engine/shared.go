package engine

import "sync"

// Shared keeps one value per key for as long as someone holds it: the first
// Acquire of a key makes the value, the last Release forgets it. Both
// engines share a scratch directory's quota this way among the instances
// that mount it (a restarted guest and the abandoned one it replaces). The
// zero value is ready to use.
type Shared[T any] struct {
	mu sync.Mutex
	m  map[string]*sharedEntry[T]
}

type sharedEntry[T any] struct {
	v    T
	refs int
}

// Acquire returns key's value, made by make if nobody holds it yet. Every
// Acquire is paired with a Release of the same key.
func (s *Shared[T]) Acquire(key string, make func() T) T {
	s.mu.Lock()
	defer s.mu.Unlock()
	e := s.m[key]
	if e == nil {
		if s.m == nil {
			s.m = map[string]*sharedEntry[T]{}
		}
		e = &sharedEntry[T]{v: make()}
		s.m[key] = e
	}
	e.refs++
	return e.v
}

// Release gives back one Acquire of key; the last one forgets its value.
func (s *Shared[T]) Release(key string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if e := s.m[key]; e != nil {
		if e.refs--; e.refs <= 0 {
			delete(s.m, key)
		}
	}
}

// Held reports whether anyone holds key.
func (s *Shared[T]) Held(key string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.m[key] != nil
}
