"""The analyst's workbook: the Monitor facade per chapter that the notebooks call, the query API and the explorer."""
