#include "CursesShim.h"
void loom_curses_placeholder(void) {}
