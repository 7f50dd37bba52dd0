"""Tenancy: the Tenant model, tenant resolution from the URL, and the three isolation layers.

Imports only webapp.extensions, never webapp.core or a feature.
"""
