-- An Idempotency-Key record whose first request is running holds a lease: if that request's
-- process dies, a retry with the same key and body may take the record over once the lease
-- has run out (before, a crash left the key "in flight" until it was purged after 24 h).
-- lease_token names the holder, so a holder that outlived its lease cannot finish or delete
-- the record of the request that took it over. Records from before this migration that are
-- still in flight have no lease (null): they may be taken over at once.
alter table idempotency_keys
  add column locked_until timestamptz,
  add column lease_token  uuid;
