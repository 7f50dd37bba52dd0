"""Accounts: sign-in, sign-out, choosing a forum. (Password reset and 2FA: a later issue.)"""
