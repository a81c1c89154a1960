"""The consignment page (代销): intake, lots, shipments, payouts."""
