// TerminalCore: see DESIGN.md
