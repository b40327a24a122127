// Datasets: see DESIGN.md
