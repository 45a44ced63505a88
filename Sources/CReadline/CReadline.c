#include "CReadline.h"
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

// Signal state: one definition for the whole program.
static volatile sig_atomic_t crl_pending_signal = 0;
// Ctrl-C presses in a row on an empty line; any key resets it.
static int crl_empty_interrupts = 0;
static const char *crl_initial_text = NULL;

// The self-pipe: the handler writes a byte, so a signal that comes just before the reader
// waits still wakes it (checking a flag and then calling read() leaves a gap in which a
// SIGTERM is noted but the read blocks for ever).
static int crl_signal_pipe[2] = {-1, -1};

static void crl_on_signal(int signo) {
  int saved = errno;
  crl_pending_signal = signo;
  if (crl_signal_pipe[1] >= 0) {
    ssize_t ignored = write(crl_signal_pipe[1], "s", 1);
    (void)ignored;
  }
  errno = saved;
}

static void crl_show_notice(const char *text) {
  rl_crlf();
  fputs(text, rl_outstream ? rl_outstream : stdout);
  rl_crlf();
  rl_on_new_line();
  rl_redisplay();
}

// Our own character reader: readline's default retries reads itself, which leaves no
// clean way to end a line from a signal. A read interrupted by SIGINT (installed without
// SA_RESTART) comes back here with EINTR, and we decide what Ctrl-C means.
static int crl_getc(FILE *stream) {
  for (;;) {
    if (crl_pending_signal == SIGTERM || crl_pending_signal == SIGHUP) {
      crl_pending_signal = 0;
      rl_replace_line("", 0);
      return EOF;
    }
    // A byte or a signal, whichever comes: typed bytes are read first, and Ctrl-C is dealt
    // with once there is nothing more to read (as a read interrupted by it would be).
    struct pollfd fds[2] = {{fileno(stream), POLLIN, 0}, {crl_signal_pipe[0], POLLIN, 0}};
    int ready = poll(fds, crl_signal_pipe[0] >= 0 ? 2 : 1, -1);
    if (ready < 0 && errno != EINTR) return EOF;
    if (ready > 0 && (fds[0].revents & (POLLIN | POLLHUP | POLLERR | POLLNVAL))) {
      unsigned char byte;
      ssize_t count = read(fileno(stream), &byte, 1);
      if (count == 1) {
        crl_empty_interrupts = 0;
        return byte;
      }
      if (count == 0 || errno != EINTR) return EOF;
    }
    if (ready > 0 && crl_signal_pipe[0] >= 0 && (fds[1].revents & POLLIN)) {
      char drained[16];
      while (read(crl_signal_pipe[0], drained, sizeof drained) > 0) {
      }
    }
    if (crl_pending_signal != SIGINT) continue;
    crl_pending_signal = 0;
    if (rl_end > 0) {
      crl_empty_interrupts = 0;
      rl_replace_line("", 0);
      crl_show_notice("^C (line cleared; Ctrl-C again on an empty line ends and saves)");
    } else if (++crl_empty_interrupts >= 2) {
      return EOF;
    } else {
      crl_show_notice("^C (press Ctrl-C again to end the session and save it)");
    }
  }
}

static int crl_startup_hook(void) {
  if (crl_initial_text) {
    rl_insert_text(crl_initial_text);
    crl_initial_text = NULL;
  }
  return 0;
}

void crl_setup(const char *name, rl_completion_func_t *completer) {
  rl_readline_name = strdup(name);
  rl_attempted_completion_function = completer;
  rl_getc_function = crl_getc;
  rl_startup_hook = crl_startup_hook;
  rl_catch_signals = 0;
  if (crl_signal_pipe[0] < 0 && pipe(crl_signal_pipe) == 0) {
    for (int end = 0; end < 2; end++) {
      fcntl(crl_signal_pipe[end], F_SETFD, FD_CLOEXEC);
      fcntl(crl_signal_pipe[end], F_SETFL, O_NONBLOCK);
    }
  }
  struct sigaction action;
  memset(&action, 0, sizeof action);
  action.sa_handler = crl_on_signal;
  sigemptyset(&action.sa_mask);
  action.sa_flags = 0;  // no SA_RESTART: read() must return EINTR
  sigaction(SIGINT, &action, NULL);
  sigaction(SIGTERM, &action, NULL);
  sigaction(SIGHUP, &action, NULL);
  // A parent may have started us with these blocked (the mask is inherited): unblock them.
  sigset_t wanted;
  sigemptyset(&wanted);
  sigaddset(&wanted, SIGINT);
  sigaddset(&wanted, SIGTERM);
  sigaddset(&wanted, SIGHUP);
  sigprocmask(SIG_UNBLOCK, &wanted, NULL);
  using_history();
}

void crl_set_attempted_completion_over(int value) { rl_attempted_completion_over = value; }

char *crl_readline(const char *prompt, const char *initial) {
  crl_empty_interrupts = 0;
  // A signal that arrived while we were busy elsewhere ends the session only if it was
  // SIGTERM/SIGHUP; a stray Ctrl-C is forgotten.
  int pending = crl_pending_signal;
  crl_pending_signal = 0;
  if (pending == SIGTERM || pending == SIGHUP) {
    return NULL;
  }
  crl_initial_text = initial;
  char *line = readline(prompt);
  crl_initial_text = NULL;
  return line;
}

void crl_add_history(const char *line) { add_history(line); }

const char *crl_last_history_line(void) {
  HIST_ENTRY *entry = history_get(history_base + history_length - 1);
  return entry ? entry->line : NULL;
}

void crl_write_stdout(const char *text) {
  fputs(text, stdout);
  fflush(stdout);
}

void crl_write_stderr(const char *text) {
  fflush(stdout);
  fputs(text, stderr);
  fflush(stderr);
}

// Raw input for paced replay. The saved settings live here so that a signal handler, which
// may only touch async-signal-safe state, can restore them before the process ends.
static struct termios crl_saved_mode;
static volatile sig_atomic_t crl_raw_active = 0;
// Every signal that ends a process by default and can come from outside while input is raw
// (Ctrl-C and Ctrl-\ are bytes then, but `kill -INT` or `kill -QUIT` still arrive).
static const int crl_raw_signals[] = {SIGTERM, SIGHUP, SIGINT, SIGQUIT};
#define CRL_RAW_SIGNALS (sizeof crl_raw_signals / sizeof crl_raw_signals[0])
static struct sigaction crl_raw_old[CRL_RAW_SIGNALS];

static void crl_raw_on_signal(int signo) {
  if (crl_raw_active) tcsetattr(STDIN_FILENO, TCSANOW, &crl_saved_mode);
  crl_raw_active = 0;
  signal(signo, SIG_DFL);
  raise(signo);
}

int crl_raw_begin(void) {
  if (!isatty(STDIN_FILENO) || tcgetattr(STDIN_FILENO, &crl_saved_mode) != 0) return -1;
  struct sigaction action;
  memset(&action, 0, sizeof action);
  action.sa_handler = crl_raw_on_signal;
  sigemptyset(&action.sa_mask);
  for (size_t i = 0; i < CRL_RAW_SIGNALS; i++) {
    sigaction(crl_raw_signals[i], &action, &crl_raw_old[i]);
    // One the process was started ignoring (`nohup`) stays ignored.
    if (crl_raw_old[i].sa_handler == SIG_IGN) sigaction(crl_raw_signals[i], &crl_raw_old[i], NULL);
  }
  struct termios raw = crl_saved_mode;
  raw.c_lflag &= ~(ICANON | ECHO | ISIG);
  crl_raw_active = 1;
  return tcsetattr(STDIN_FILENO, TCSANOW, &raw);
}

void crl_raw_end(void) {
  if (!crl_raw_active) return;
  tcsetattr(STDIN_FILENO, TCSANOW, &crl_saved_mode);
  crl_raw_active = 0;
  for (size_t i = 0; i < CRL_RAW_SIGNALS; i++) {
    sigaction(crl_raw_signals[i], &crl_raw_old[i], NULL);
  }
}
