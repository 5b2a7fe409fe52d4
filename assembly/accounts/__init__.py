"""Staff accounts: users, roles, login/logout, password reset, API tokens."""
