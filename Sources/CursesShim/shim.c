#define NCURSES_WIDECHAR 1
#define _XOPEN_SOURCE_EXTENDED 1
#include <ncursesw/curses.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include <stdio.h>
#include "CursesShim.h"

static SCREEN *loom_screen = NULL;

int loom_curses_open(int escape_delay_ms) {
    loom_screen = newterm(NULL, stdout, stdin);
    if (loom_screen == NULL) return -1;
    set_term(loom_screen);
    cbreak();
    noecho();
    nonl();
    intrflush(stdscr, FALSE);
    keypad(stdscr, TRUE);
    set_escdelay(escape_delay_ms);
    curs_set(0);
    mousemask(BUTTON1_PRESSED | BUTTON1_CLICKED | BUTTON4_PRESSED | BUTTON5_PRESSED, NULL);
    mouseinterval(0);
    if (has_colors()) {
        start_color();
        use_default_colors();
    }
    return 0;
}

void loom_curses_close(void) {
    if (loom_screen == NULL) return;
    curs_set(1);
    endwin();
    delscreen(loom_screen);
    loom_screen = NULL;
}

int loom_curses_colors(void) { return COLORS; }
int loom_curses_color_pairs(void) { return COLOR_PAIRS; }
int loom_curses_has_colors(void) { return has_colors() ? 1 : 0; }

void loom_curses_size(int *width, int *height) {
    int h, w;
    getmaxyx(stdscr, h, w);
    *width = w;
    *height = h;
}

int loom_curses_init_pair(int pair, int foreground, int background) {
    return init_extended_pair(pair, foreground, background) == OK ? 0 : -1;
}

void loom_curses_draw(int y, int x, const char *utf8, unsigned attributes, int pair) {
    attr_t attrs = A_NORMAL;
    if (attributes & LOOM_ATTR_BOLD) attrs |= A_BOLD;
    if (attributes & LOOM_ATTR_UNDERLINE) attrs |= A_UNDERLINE;
    if (attributes & LOOM_ATTR_REVERSE) attrs |= A_REVERSE;
    if (attributes & LOOM_ATTR_DIM) attrs |= A_DIM;
#ifdef A_ITALIC
    if (attributes & LOOM_ATTR_ITALIC) attrs |= A_ITALIC;
#endif
    attr_set(attrs, 0, &pair);
    size_t length = strlen(utf8);
    wchar_t stackBuffer[512];
    wchar_t *wide = length < 512 ? stackBuffer : malloc((length + 1) * sizeof(wchar_t));
    if (wide == NULL) return;
    size_t count = mbstowcs(wide, utf8, length + 1);
    if (count != (size_t)-1) {
        mvaddnwstr(y, x, wide, (int)count);
    } else {
        mvaddnstr(y, x, utf8, (int)length);
    }
    if (wide != stackBuffer) free(wide);
    attr_set(A_NORMAL, 0, NULL);
}

void loom_curses_cursor(int visible, int y, int x) {
    curs_set(visible ? 1 : 0);
    if (visible) move(y, x);
}

void loom_curses_refresh(void) { refresh(); }
void loom_curses_clear(void) { clearok(stdscr, TRUE); }

int loom_curses_read(int timeout_ms, uint32_t *value, int *mouse_x, int *mouse_y) {
    wint_t ch = 0;
    timeout(timeout_ms);
    int status = get_wch(&ch);
    if (status == ERR) return LOOM_EVENT_NONE;
    if (status == OK) {
        *value = (uint32_t)ch;
        return LOOM_EVENT_CHAR;
    }
    /* KEY_CODE_YES: a function key. */
    switch (ch) {
    case KEY_RESIZE: return LOOM_EVENT_RESIZE;
    case KEY_UP: *value = LOOM_KEY_UP; return LOOM_EVENT_KEY;
    case KEY_DOWN: *value = LOOM_KEY_DOWN; return LOOM_EVENT_KEY;
    case KEY_LEFT: *value = LOOM_KEY_LEFT; return LOOM_EVENT_KEY;
    case KEY_RIGHT: *value = LOOM_KEY_RIGHT; return LOOM_EVENT_KEY;
    case KEY_PPAGE: *value = LOOM_KEY_PAGE_UP; return LOOM_EVENT_KEY;
    case KEY_NPAGE: *value = LOOM_KEY_PAGE_DOWN; return LOOM_EVENT_KEY;
    case KEY_HOME: *value = LOOM_KEY_HOME; return LOOM_EVENT_KEY;
    case KEY_END: *value = LOOM_KEY_END; return LOOM_EVENT_KEY;
    case KEY_ENTER: *value = LOOM_KEY_ENTER; return LOOM_EVENT_KEY;
    case KEY_BACKSPACE: *value = LOOM_KEY_BACKSPACE; return LOOM_EVENT_KEY;
    case KEY_BTAB: *value = LOOM_KEY_BACKTAB; return LOOM_EVENT_KEY;
    case KEY_DC: *value = LOOM_KEY_DELETE; return LOOM_EVENT_KEY;
    case KEY_MOUSE: {
        MEVENT event;
        if (getmouse(&event) != OK) return LOOM_EVENT_NONE;
        *mouse_x = event.x;
        *mouse_y = event.y;
        if (event.bstate & BUTTON4_PRESSED) *value = LOOM_MOUSE_WHEEL_UP;
        else if (event.bstate & BUTTON5_PRESSED) *value = LOOM_MOUSE_WHEEL_DOWN;
        else if (event.bstate & (BUTTON1_PRESSED | BUTTON1_CLICKED)) *value = LOOM_MOUSE_PRESS;
        else *value = LOOM_MOUSE_OTHER;
        return LOOM_EVENT_MOUSE;
    }
    default:
        if (ch >= KEY_F0 && ch <= KEY_F(63)) {
            *value = LOOM_KEY_F0 + (ch - KEY_F0);
            return LOOM_EVENT_KEY;
        }
        return LOOM_EVENT_NONE;
    }
}
