#ifndef CREADLINE_H
#define CREADLINE_H
// A narrow C face over GNU readline for Swift 6: readline's mutable globals are not
// usable from strict-concurrency Swift, so every one reflect touches has an accessor here.
#include <stdio.h>
#include <readline/readline.h>
#include <readline/history.h>

/// Sets the application name and the completion function, and installs reflect's own
/// character reader and signal handling (Ctrl-C clears the line; twice on an empty line ends).
void crl_setup(const char *name, rl_completion_func_t *completer);

/// Tells readline not to fall back to file-name completion for this attempt.
void crl_set_attempted_completion_over(int value);

/// Reads a line. Returns NULL at end of input (Ctrl-D on an empty line, two Ctrl-C on an
/// empty line, SIGTERM or SIGHUP). `initial` pre-fills the line for editing (may be NULL).
char *crl_readline(const char *prompt, const char *initial);

/// Adds a line to the in-memory history (never written to disk by reflect).
void crl_add_history(const char *line);

/// The most recent history line, or NULL.
const char *crl_last_history_line(void);



/// Writes text to stdout (the stdio stream readline also uses) and flushes it.
void crl_write_stdout(const char *text);

/// Writes text to stderr, after flushing stdout so the two stay in order.
void crl_write_stderr(const char *text);

/// Switches stdin to unbuffered, unechoed input with signal keys off, saving the settings;
/// SIGTERM, SIGHUP, SIGINT and SIGQUIT then put the terminal back before ending the process
/// as they would.
/// Returns 0 when stdin is a terminal and the mode was set.
int crl_raw_begin(void);

/// Puts the terminal back as `crl_raw_begin` found it, and the signal handling too.
void crl_raw_end(void);
#endif
