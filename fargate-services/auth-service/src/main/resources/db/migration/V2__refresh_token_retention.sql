-- Retention of refresh tokens and families (RefreshTokenRetention). A family ends when it is revoked or when its newest
-- token expires; expires_at carries the latter, moved forward by every rotation, so the end is least(revoked_at,
-- expires_at) (least ignores a null revoked_at) and the purge finds ended families through an index, never by scanning
-- the live ones.
alter table refresh_token_families add column expires_at timestamptz;
update refresh_token_families f
set expires_at = coalesce((select max(t.expires_at) from refresh_tokens t where t.family_id = f.id), f.created_at);
alter table refresh_token_families alter column expires_at set not null;

create index refresh_token_families_by_end on refresh_token_families (least(revoked_at, expires_at));
create index refresh_tokens_by_expiry on refresh_tokens (expires_at);
