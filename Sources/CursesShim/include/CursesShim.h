#ifndef LOOM_CURSES_SHIM_H
#define LOOM_CURSES_SHIM_H
void loom_curses_placeholder(void);
#endif
