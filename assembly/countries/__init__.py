"""Member countries, INTERPOL regions, delegations, quotas and focal points."""
