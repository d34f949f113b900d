"""One story builder per document; each ``render_X(data) -> bytes``."""
