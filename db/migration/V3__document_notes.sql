-- Failures that happen to a document after it was stored (a second copy of the same bytes failing on another
-- instance, say) are kept here as notes; they never change a stored record's status or take it out of exports.
-- Each note: {"at": timestamp, "stage": "...", "reason": "FAILURE_REASON", "message": "..."}.
alter table documents add column notes jsonb not null default '[]'::jsonb;
