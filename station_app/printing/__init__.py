"""Receipts: a Qt-free layout of blocks that renders to text now and to ESC/POS bytes later."""
