"""Platform administration: create forums (tenants) and appoint their first secretariat."""
