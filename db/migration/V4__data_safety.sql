-- Claims on source files compare times written by the database's own clock (now()) in a timestamptz, never an
-- instance's wall clock in a zone-less timestamp: two instances in different time zones, or a daylight-saving change,
-- would otherwise steal live claims or never expire dead ones. Existing rows are read as the server's local time;
-- a claim lives seconds, so any row misread here has long expired.
alter table camel_messageprocessed alter column createdAt type timestamptz using createdAt at time zone current_setting('TimeZone');

-- The near-duplicate key of a record's vendor, folded once in Java (Unicode normalised, every kind of space removed,
-- lower case) and stored, so that the advisory lock taken on the key and the query that looks for an earlier record
-- compare the same thing: "Corner Bakery" and "Corner<no-break space>Bakery" are one vendor.
alter table extractions add column vendor_key text;
update extractions set vendor_key = lower(regexp_replace(store_name, '\s+', '', 'g')) where store_name is not null;
create index extractions_vendor_key_idx on extractions (vendor_key, document_date);
