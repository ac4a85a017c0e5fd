-- OpenAI Batch API: documents wait in a submitted batch between two runs.
-- New document statuses: submitted (its request is in an open OpenAI batch; not sent again until the batch ends) and
-- queued (a batch gave it back, expired or cancelled before answering it, or its re-ask goes into the next batch: the
-- next run takes it up again from its kept original).
alter table documents drop constraint documents_status_check;
alter table documents add constraint documents_status_check
    check (status in ('processing', 'queued', 'submitted', 'valid', 'needs_review', 'duplicate', 'approved', 'rejected',
                      'dead_lettered'));

-- One batch input file and the batch made of it. state follows the file through its life:
--   writing   lines are being appended by a run (a run killed now leaves a partial file: abandoned on the next start)
--   sealed    complete on disk, not uploaded yet
--   uploading the upload started (a run killed now may have left a file at OpenAI: found by file_name and deleted)
--   uploaded  input_file_id known, no batch yet (a run killed now: the next start creates the batch from the same file,
--             or adopts the batch a cut-off create made)
--   open      the batch exists (batch_id); its documents are 'submitted'
--   collected its answers went through validation and the store; nothing of it is waiting any more
--   failed    the API failed the batch as a whole (message); its documents went back to the queue
--   abandoned never submitted; its documents went back to the queue
create table openai_batches (
    id                 bigserial primary key,
    state              text        not null
        check (state in ('writing', 'sealed', 'uploading', 'uploaded', 'open', 'collected', 'failed', 'abandoned')),
    endpoint           text        not null,
    model              text        not null,
    local_file         text        not null,
    file_name          text        not null unique,
    input_file_id      text,
    batch_id           text unique,
    remote_status      text,
    request_count      integer     not null default 0,
    byte_size          bigint      not null default 0,
    estimated_tokens   bigint      not null default 0,
    estimated_cost_usd numeric     not null default 0,
    completed_count    bigint      not null default 0,
    failed_count       bigint      not null default 0,
    output_file_id     text,
    error_file_id      text,
    message            text,
    created_at         timestamptz not null default now(),
    submitted_at       timestamptz,
    expires_at         timestamptz,
    ended_at           timestamptz,
    collected_at       timestamptz,
    updated_at         timestamptz not null default now()
);

create index openai_batches_state_idx on openai_batches (state);

-- One line of a batch input file: which document it asks about (custom_id = document id and attempt), and what became of
-- it. kind ask is a document's first request, reask the follow-up of an answer that failed validation (reask_of names
-- the ask whose answer and violations it sends back). state: pending (written, batch not created yet), submitted,
-- answered (its answer went through validation and the store), failed (its line is in the error file: dead-lettered),
-- requeued (never answered: the document went back to the queue).
-- answer / violations / the usage columns hold an ask's answer when its re-ask went into the next batch.
create table batch_requests (
    id                 bigserial primary key,
    batch              bigint      not null references openai_batches (id) on delete cascade,
    document_id        bigint      not null references documents (id) on delete cascade,
    line_number        integer     not null,
    custom_id          text        not null,
    attempt            integer     not null,
    kind               text        not null check (kind in ('ask', 'reask')),
    reask_of           bigint references batch_requests (id),
    state              text        not null default 'pending'
        check (state in ('pending', 'submitted', 'answered', 'failed', 'requeued')),
    estimated_tokens   bigint      not null default 0,
    estimated_cost_usd numeric     not null default 0,
    answer             text,
    violations         jsonb,
    prompt_tokens      bigint      not null default 0,
    completion_tokens  bigint      not null default 0,
    cached_tokens      bigint      not null default 0,
    cost_usd           numeric     not null default 0,
    request_id         text,
    created_at         timestamptz not null default now(),
    updated_at         timestamptz not null default now(),
    unique (batch, custom_id),
    unique (document_id, attempt)
);

create index batch_requests_document_idx on batch_requests (document_id);
create index batch_requests_batch_state_idx on batch_requests (batch, state);
