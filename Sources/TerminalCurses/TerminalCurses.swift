// TerminalCurses: see DESIGN.md
