"""Public consultation on drafts (issue 42): a draft put out for comment, verification without an account, moderated
public comments and the "what we heard" summary."""
