-- Accounts. Emails are stored lower-cased, so the unique index is on the column itself.
create table users (
    id             uuid primary key,
    email          varchar(254) not null unique,
    password_hash  varchar(255) not null,
    full_name      varchar(200) not null,
    phone          varchar(32),
    email_verified boolean      not null default false,
    created_at     timestamptz  not null,
    updated_at     timestamptz  not null,
    version        bigint       not null
);

create table user_roles (
    user_id    uuid        not null references users (id) on delete cascade,
    role       varchar(16) not null check (role in ('ATTENDEE', 'ORGANIZER', 'ADMIN')),
    granted_at timestamptz not null,
    primary key (user_id, role)
);

-- One family per login; its id is also the session id carried as `sid` in access tokens.
create table refresh_token_families (
    id             uuid primary key,
    user_id        uuid        not null references users (id) on delete cascade,
    created_at     timestamptz not null,
    revoked_at     timestamptz,
    revoked_reason varchar(32)
);
create index refresh_token_families_active_by_user on refresh_token_families (user_id) where revoked_at is null;

-- Only the SHA-256 of a refresh token is stored; rotated_at marks a token that was already exchanged.
create table refresh_tokens (
    id         uuid primary key,
    family_id  uuid        not null references refresh_token_families (id) on delete cascade,
    token_hash bytea       not null unique,
    issued_at  timestamptz not null,
    expires_at timestamptz not null,
    rotated_at timestamptz
);
create index refresh_tokens_by_family on refresh_tokens (family_id);
