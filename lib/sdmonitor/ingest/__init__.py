"""Reading and validating the input folder (INTERFACE.md §2) into one typed Dataset, and selecting one edition."""
