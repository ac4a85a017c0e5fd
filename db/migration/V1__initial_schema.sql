-- Ledgerlens schema: one row per document (identified by the SHA-256 of its bytes), its pages,
-- every extraction attempt with its usage, the normalised line items, and the dead-letter queue.

create table documents (
    id                 bigserial primary key,
    sha256             char(64)    not null unique,
    source_uri         text        not null,
    file_name          text        not null,
    media_type         text,
    byte_size          bigint      not null,
    page_count         integer,
    document_type      text,
    -- processing: claimed by a run and not finished; valid / needs_review / duplicate: stored;
    -- approved / rejected: set by a reviewer; dead_lettered: in dead_letters.
    status             text        not null default 'processing'
        check (status in ('processing', 'valid', 'needs_review', 'duplicate', 'approved', 'rejected', 'dead_lettered')),
    duplicate_of       bigint references documents (id),
    review_reasons     jsonb       not null default '[]'::jsonb,
    current_extraction bigint,
    received_at        timestamptz not null default now(),
    updated_at         timestamptz not null default now()
);

create index documents_status_idx on documents (status);

create table pages (
    document_id  bigint  not null references documents (id) on delete cascade,
    page_number  integer not null,
    width        integer not null,
    height       integer not null,
    media_type   text    not null,
    text_origin  text,
    text_content text,
    primary key (document_id, page_number)
);

create table extractions (
    id                bigserial primary key,
    document_id       bigint      not null references documents (id) on delete cascade,
    engine            text        not null,
    model             text        not null,
    document_type     text,
    store_name        text,
    store_address     text,
    document_date     date,
    document_time     time,
    subtotal          numeric,
    tax               numeric,
    tip               numeric,
    discount          numeric,
    total             numeric,
    currency          char(3),
    payment_method    text,
    invoice_number    text,
    due_date          date,
    vendor_tax_id     text,
    bill_to           text,
    po_number         text,
    raw_fields        jsonb       not null,
    confidence        jsonb       not null default '{}'::jsonb,
    grounding         jsonb       not null default '{}'::jsonb,
    estimated_tokens  bigint      not null default 0,
    prompt_tokens     bigint      not null default 0,
    completion_tokens bigint      not null default 0,
    cached_tokens     bigint      not null default 0,
    cost_usd          numeric     not null default 0,
    latency_ms        bigint      not null default 0,
    request_ids       text,
    created_at        timestamptz not null default now()
);

create index extractions_document_idx on extractions (document_id);

alter table documents
    add constraint documents_current_extraction_fk foreign key (current_extraction) references extractions (id);

create table line_items (
    extraction_id bigint  not null references extractions (id) on delete cascade,
    position      integer not null,
    name          text,
    qty           numeric,
    unit_price    numeric,
    price         numeric,
    primary key (extraction_id, position)
);

create table tax_lines (
    extraction_id bigint  not null references extractions (id) on delete cascade,
    position      integer not null,
    rate          numeric,
    amount        numeric,
    primary key (extraction_id, position)
);

create table dead_letters (
    id            bigserial primary key,
    document_id   bigint references documents (id) on delete cascade,
    sha256        char(64),
    source_uri    text        not null,
    file_name     text        not null,
    reason        text        not null,
    category      text        not null,
    stage         text        not null,
    attempts      integer     not null default 1,
    message       text        not null,
    violations    jsonb       not null default '[]'::jsonb,
    model_answers jsonb       not null default '[]'::jsonb,
    created_at    timestamptz not null default now(),
    replayed_at   timestamptz
);

create index dead_letters_reason_idx on dead_letters (reason);
