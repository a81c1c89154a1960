"""Paper: layouts of blocks, rendered to ESC/POS bytes and images, and print jobs. No Qt."""
