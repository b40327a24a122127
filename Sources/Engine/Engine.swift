// Engine: see DESIGN.md
