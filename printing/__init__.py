"""Plain data in, PDF bytes out (reportlab).  No Qt, no SQL."""
