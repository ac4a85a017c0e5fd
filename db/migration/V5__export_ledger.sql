-- What went out to the accounting systems, so that each bill is imported once. One row per file written by
-- `ledgerlens export` in an accounting format (quickbooks, xero), with the SHA-256 of its bytes (a repeat of the
-- same records gives the same bytes, so the hash shows whether a file is one already imported), the import setting
-- the accountant must choose for it ("Tax Exclusive", "Tax Inclusive", "per bill", "vendor credits") and its bill
-- count. export_items says which documents each file carried; a document with a row here for a format is left out
-- of that format's next default export.
create table exports (
    id             bigserial primary key,
    format         text        not null,
    created_at     timestamptz not null default now(),
    file_name      text        not null,
    sha256         char(64)    not null,
    import_setting text        not null,
    bills          integer     not null,
    repeated       boolean     not null default false
);

create index exports_format_idx on exports (format);

create table export_items (
    export_id   bigint not null references exports (id) on delete cascade,
    document_id bigint not null references documents (id) on delete cascade,
    primary key (export_id, document_id)
);

create index export_items_document_idx on export_items (document_id);
