-- A reviewer's corrections, kept as rows of their own: the extraction stays exactly as the engine wrote it, and
-- the record that exports and review show is the extraction with its corrections applied in id order. Each row
-- says which field (the schema's path: total, store_name, items[2].price, items[2] for a whole line removed),
-- the value before and after (canonical text: 49.56, 2026-03-02; null for none), who made it and when.
create table corrections (
    id            bigserial primary key,
    document_id   bigint      not null references documents (id) on delete cascade,
    extraction_id bigint      not null references extractions (id) on delete cascade,
    field_path    text        not null,
    old_value     text,
    new_value     text,
    reviewer      text        not null,
    created_at    timestamptz not null default now()
);

create index corrections_extraction_idx on corrections (extraction_id, id);

-- Who took the last review decision (approve, reject, or a correction that changed the status), and when.
alter table documents add column reviewed_by text;
alter table documents add column reviewed_at timestamptz;

-- Each page's words with their boxes in the pixels of the page image the engine read (PDF text layer or OCR), so
-- that review can show where a value was read: [{"text": "49.56", "left": 410, "top": 1210, "width": 96,
-- "height": 28, "confidence": 91.0}, ...]. Empty when the engine gave no positions (a vision model on a scan).
alter table pages add column words jsonb not null default '[]'::jsonb;
