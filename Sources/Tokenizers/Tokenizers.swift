// Tokenizers: see DESIGN.md
