-- Claims on source files and objects, shared by every instance on this database: Camel's JDBC idempotent
-- repository (camel-sql, JdbcOrphanLockAwareIdempotentRepository) keeps one row per file or object being read.
-- createdAt is refreshed by the holder while it works; a row older than the lock's maximum age belongs to a
-- dead instance and is taken over. Names are Camel's own (unquoted, so PostgreSQL folds them to lower case);
-- messageId is text because a file key is its absolute path plus size and modification time.
create table camel_messageprocessed (
    processorName text      not null,
    messageId     text      not null,
    createdAt     timestamp not null,
    primary key (processorName, messageId)
);
