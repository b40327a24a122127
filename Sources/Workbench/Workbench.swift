// Workbench: see DESIGN.md
