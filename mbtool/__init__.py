"""mbtool."""
