"""Badge layouts, QR tokens, print runs, reprint/revoke and check-in."""
