"""The editors' desk: roles and the review workflow, edits that are never lost (optimistic
locking, revisions with summaries, revert and restore), and the admin pages that use them."""
