"""The organizers' overview, lists, charts, exports and imports."""
