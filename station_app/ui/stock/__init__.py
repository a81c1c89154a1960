"""The stock page (库存): receiving, stocktake, write-off, reorder levels."""
