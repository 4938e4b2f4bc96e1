"""Computing the figures: the figure table (`kpis.csv`) and the modules that define each figure family."""
