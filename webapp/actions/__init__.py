"""Action plans, action items and their updates: minutes -> decisions -> action items -> next agenda."""
