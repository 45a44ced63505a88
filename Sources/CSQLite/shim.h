// The system SQLite (Debian's libsqlite3-dev, built with FTS5), for reflect's derived index.
#include <sqlite3.h>

// SQLITE_TRANSIENT is a macro Swift cannot import: SQLite copies the bound bytes.
static inline void (*reflect_sqlite_transient(void))(void *) { return SQLITE_TRANSIENT; }
