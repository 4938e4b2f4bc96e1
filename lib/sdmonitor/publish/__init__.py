"""Publishing: Dutch formatting, the small-numbers rule, house-style charts, elements, report and PDF assembly."""
