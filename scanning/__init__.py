"""Paper in: reading returned evaluation forms from scans (no Qt, no SQL).

``images`` loads files (PNG, JPEG, TIFF, PDF) as grayscale pages; ``locate`` finds the corner
marks, the orientation and the QR code; ``read`` warps the page upright and scores every tick
box placed by ``printing.form_layout``; ``decide`` turns the scores into marks or review.
Storing a reading is ``models.scans``' job; the command line and the window drive both.
"""
