"""The parcel pickup page (取件)."""
