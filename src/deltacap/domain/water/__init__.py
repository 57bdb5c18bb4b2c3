"""Surface water: GB 3838-2002 classes by the single-factor rule, lake trophic state (TLI),
trends. Pure: tables as data, NumPy over columns."""
