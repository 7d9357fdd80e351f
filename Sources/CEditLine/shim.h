#ifndef AIRSCRIPT_CEDITLINE_H
#define AIRSCRIPT_CEDITLINE_H
#include <stdio.h>
#include <string.h>
#include <editline/readline.h>

/* Accessors for libedit's global variables: Swift 6 does not let code touch imported mutable
   globals directly, and these are only ever used from the REPL's one thread. */
static inline void airscript_rl_setup(const char *name, const char *word_breaks, rl_completion_func_t *complete) {
    rl_readline_name = strdup(name);
    rl_completer_word_break_characters = strdup(word_breaks);
    rl_completion_append_character = 0;
    rl_attempted_completion_function = complete;
}
static inline void airscript_rl_completion_over(void) { rl_attempted_completion_over = 1; }
static inline const char *airscript_rl_line_buffer(void) { return rl_line_buffer; }
/* The most recent history entry, or NULL. */
static inline const char *airscript_last_history(void) {
    if (history_length <= 0) return NULL;
    HIST_ENTRY *e = history_get(history_base + history_length - 1);
    return e ? e->line : NULL;
}
#endif
