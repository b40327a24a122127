#ifndef LOOM_CURSES_SHIM_H
#define LOOM_CURSES_SHIM_H
/* What Swift cannot reach in ncursesw directly: macros, globals, the wide-character calls with out-parameters. */

#include <stdint.h>

/* Opens curses on the controlling terminal with newterm (an unknown TERM returns -1 instead of exiting). */
int loom_curses_open(int escape_delay_ms);
void loom_curses_close(void);
int loom_curses_colors(void);
int loom_curses_color_pairs(void);
int loom_curses_has_colors(void);
void loom_curses_size(int *width, int *height);
/* Defines a colour pair; -1 is the terminal's default colour. Returns 0 on success. */
int loom_curses_init_pair(int pair, int foreground, int background);
/* Draws UTF-8 text at a position with attributes (LOOM_ATTR_*) and a colour pair. */
void loom_curses_draw(int y, int x, const char *utf8, unsigned attributes, int pair);
void loom_curses_cursor(int visible, int y, int x);
void loom_curses_refresh(void);
void loom_curses_clear(void);

enum {
    LOOM_ATTR_BOLD = 1, LOOM_ATTR_UNDERLINE = 2, LOOM_ATTR_REVERSE = 4, LOOM_ATTR_DIM = 8, LOOM_ATTR_ITALIC = 16
};

enum {
    LOOM_EVENT_NONE = 0, LOOM_EVENT_CHAR = 1, LOOM_EVENT_KEY = 2, LOOM_EVENT_MOUSE = 3, LOOM_EVENT_RESIZE = 4
};

enum {
    LOOM_KEY_UP = 1, LOOM_KEY_DOWN, LOOM_KEY_LEFT, LOOM_KEY_RIGHT, LOOM_KEY_PAGE_UP, LOOM_KEY_PAGE_DOWN,
    LOOM_KEY_HOME, LOOM_KEY_END, LOOM_KEY_ENTER, LOOM_KEY_BACKSPACE, LOOM_KEY_BACKTAB, LOOM_KEY_DELETE,
    LOOM_KEY_F0 = 100
};

enum { LOOM_MOUSE_PRESS = 1, LOOM_MOUSE_WHEEL_UP = 2, LOOM_MOUSE_WHEEL_DOWN = 3, LOOM_MOUSE_OTHER = 4 };

/* Waits up to timeout_ms for input. Returns a LOOM_EVENT_*; value is the character, a LOOM_KEY_ or a LOOM_MOUSE_ code. */
int loom_curses_read(int timeout_ms, uint32_t *value, int *mouse_x, int *mouse_y);

#endif
