package db

import (
	"sync"
	"sync/atomic"
	"unsafe"

	"modernc.org/libc"
	"modernc.org/libc/sys/types"
	sqlite3 "modernc.org/sqlite/lib"
)

// SQLite's mutexes, made cheap on Linux.
//
// The driver opens every connection fully serialised, so every call into
// SQLite — and reading one column of one row is three — takes and releases
// the connection's mutex. On Linux the pure-Go SQLite implements its mutexes
// with the pure-Go libc's pthread_mutex_lock, which finds each mutex in a
// sharded map under a lock of its own: on the large demo those lookups were a
// fifth of a snapshot's time. On every other system modernc's SQLite installs
// mutexes of its own instead (modernc.org/sqlite/lib's mutex.go: a sync.Mutex
// at the mutex's address, with an owner and a count for the recursive kind).
// installMutexes installs the same methods on Linux through
// sqlite3_config(SQLITE_CONFIG_MUTEX), before SQLite initialises. The locking
// is unchanged — every mutex SQLite asks for is still a real one — only the
// lookup is gone.
//
// If SQLite was initialised already (nothing in kpi does that before this
// package's init), sqlite3_config refuses and SQLite keeps the libc mutexes:
// slower, still correct.
//
// One kind of mutex is not a real one: a connection's own (db->mutex, the
// recursive mutex SQLite allocates for each connection because the driver
// opens every connection SQLITE_OPEN_FULLMUTEX). Every call into SQLite
// enters and leaves it, a sixth of a large snapshot's time, and it guards
// nothing here: database/sql calls into one driver connection from one
// goroutine at a time (every call holds that connection's lock), modernc's
// driver is not safe otherwise anyway (its doc: the connection's libc TLS is
// used before that mutex is reached), and the one call it makes from another
// goroutine, sqlite3_interrupt on a cancelled context, takes no mutex. So,
// once SQLite has initialised (installMutexes initialises it, so that the
// recursive mutex initialisation itself takes is a real one), a recursive
// mutex is connMutex, whose enter and leave do nothing — what
// SQLITE_OPEN_NOMUTEX would give if the driver let kpi ask for it. (SQLite's
// RBU extension also allocates a recursive mutex; kpi does not use it.) The
// static mutexes and the fast ones (page cache, memory, VFS) stay real.
func init() { installMutexes() }

// connMutex is every connection's mutex once SQLite has initialised: a
// placeholder whose address SQLite keeps, never locked.
var connMutex sqliteMutex

// initialised is set once SQLite has initialised with these methods.
var initialised atomic.Bool

// isConnMutex reports whether p is connMutex.
func isConnMutex(p uintptr) bool { return p == uintptr(unsafe.Pointer(&connMutex)) }

// installed reports whether installMutexes' methods are SQLite's (for tests).
var installed bool

func installMutexes() {
	tls := libc.NewTLS()
	defer tls.Close()
	args := libc.Xmalloc(tls, types.Size_t(unsafe.Sizeof(uintptr(0))))
	if args == 0 {
		return
	}
	defer libc.Xfree(tls, args)
	rc := sqlite3.Xsqlite3_config(tls, sqlite3.SQLITE_CONFIG_MUTEX, libc.VaList(args, uintptr(unsafe.Pointer(&mutexMethods))))
	installed = rc == sqlite3.SQLITE_OK
	if installed && sqlite3.Xsqlite3_initialize(tls) == sqlite3.SQLITE_OK {
		initialised.Store(true)
	}
}

var mutexMethods = sqlite3.Sqlite3_mutex_methods{
	FxMutexInit: *(*uintptr)(unsafe.Pointer(&struct{ f func(*libc.TLS) int32 }{mutexNoop})),
	FxMutexEnd:  *(*uintptr)(unsafe.Pointer(&struct{ f func(*libc.TLS) int32 }{mutexNoop})),
	FxMutexAlloc: *(*uintptr)(unsafe.Pointer(&struct {
		f func(*libc.TLS, int32) uintptr
	}{mutexAlloc})),
	FxMutexFree:  *(*uintptr)(unsafe.Pointer(&struct{ f func(*libc.TLS, uintptr) }{mutexFree})),
	FxMutexEnter: *(*uintptr)(unsafe.Pointer(&struct{ f func(*libc.TLS, uintptr) }{mutexEnter})),
	FxMutexTry: *(*uintptr)(unsafe.Pointer(&struct {
		f func(*libc.TLS, uintptr) int32
	}{mutexTry})),
	FxMutexLeave: *(*uintptr)(unsafe.Pointer(&struct{ f func(*libc.TLS, uintptr) }{mutexLeave})),
	FxMutexHeld: *(*uintptr)(unsafe.Pointer(&struct {
		f func(*libc.TLS, uintptr) int32
	}{mutexHeld})),
	FxMutexNotheld: *(*uintptr)(unsafe.Pointer(&struct {
		f func(*libc.TLS, uintptr) int32
	}{mutexNotheld})),
}

// sqliteMutex is one SQLite mutex: a recursive one may be entered again by
// the thread (libc TLS) that holds it, cnt times.
type sqliteMutex struct {
	sync.Mutex
	cnt       int32
	id        int32 // the holder's tls.ID, 0 when free
	recursive bool
}

// staticMutexes are SQLite's static mutexes (SQLITE_MUTEX_STATIC_MAIN to
// SQLITE_MUTEX_STATIC_VFS3, numbered 2 to 13), allocated once.
var staticMutexes [16]sqliteMutex

// mutexAt is the mutex at address p, which SQLite holds as an integer. (The
// address is read as a pointer through memory: the mutexes SQLite allocates
// live outside the Go heap, in libc's, and do not move.)
func mutexAt(p uintptr) *sqliteMutex { return *(**sqliteMutex)(unsafe.Pointer(&p)) }

func mutexNoop(*libc.TLS) int32 { return sqlite3.SQLITE_OK }

func mutexAlloc(tls *libc.TLS, typ int32) uintptr {
	switch {
	case typ == sqlite3.SQLITE_MUTEX_RECURSIVE && initialised.Load():
		return uintptr(unsafe.Pointer(&connMutex))
	case typ == sqlite3.SQLITE_MUTEX_FAST || typ == sqlite3.SQLITE_MUTEX_RECURSIVE:
		m := libc.Xcalloc(tls, 1, types.Size_t(unsafe.Sizeof(sqliteMutex{})))
		if m != 0 {
			mutexAt(m).recursive = typ == sqlite3.SQLITE_MUTEX_RECURSIVE
		}
		return m
	case typ >= sqlite3.SQLITE_MUTEX_STATIC_MAIN && int(typ) < len(staticMutexes):
		return uintptr(unsafe.Pointer(&staticMutexes[typ]))
	}
	return 0
}

func mutexFree(tls *libc.TLS, m uintptr) {
	if isConnMutex(m) {
		return
	}
	if m < uintptr(unsafe.Pointer(&staticMutexes[0])) || m > uintptr(unsafe.Pointer(&staticMutexes[len(staticMutexes)-1])) {
		libc.Xfree(tls, m)
	}
}

func mutexEnter(tls *libc.TLS, p uintptr) {
	if p == 0 || isConnMutex(p) {
		return
	}
	m := mutexAt(p)
	if m.recursive && atomic.LoadInt32(&m.id) == tls.ID {
		m.cnt++ // only the holder writes id as its own, so this read is safe
		return
	}
	m.Lock()
	atomic.StoreInt32(&m.id, tls.ID)
	m.cnt = 1
}

func mutexTry(tls *libc.TLS, p uintptr) int32 {
	if p == 0 || isConnMutex(p) {
		return sqlite3.SQLITE_OK
	}
	m := mutexAt(p)
	if m.recursive && atomic.LoadInt32(&m.id) == tls.ID {
		m.cnt++
		return sqlite3.SQLITE_OK
	}
	if !m.TryLock() {
		return sqlite3.SQLITE_BUSY
	}
	atomic.StoreInt32(&m.id, tls.ID)
	m.cnt = 1
	return sqlite3.SQLITE_OK
}

func mutexLeave(_ *libc.TLS, p uintptr) {
	if p == 0 || isConnMutex(p) {
		return
	}
	m := mutexAt(p)
	if m.cnt--; m.cnt > 0 {
		return
	}
	atomic.StoreInt32(&m.id, 0)
	m.Unlock()
}

func mutexHeld(tls *libc.TLS, p uintptr) int32 {
	if p == 0 || isConnMutex(p) {
		return 1
	}
	return libc.Bool32(atomic.LoadInt32(&mutexAt(p).id) == tls.ID)
}

func mutexNotheld(tls *libc.TLS, p uintptr) int32 {
	if p == 0 || isConnMutex(p) {
		return 1
	}
	return libc.Bool32(atomic.LoadInt32(&mutexAt(p).id) != tls.ID)
}
