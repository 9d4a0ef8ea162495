/**
 * Versioned schema migrations, applied in order at start. Never edit an applied migration: append a new one.
 * Versions 1–99 are the core schema; other areas append from 100 up.
 */
import { foldedColumn } from './search-fold.js';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const migrations: Migration[] = [
  {
    version: 1,
    name: 'core schema',
    sql: `
create table sources (
  id text primary key,
  name text not null,
  language text,
  enabled boolean not null default true,
  paused boolean not null default false,
  pause_reason text,
  consecutive_failures int not null default 0,
  last_success_at timestamptz,
  last_error_at timestamptz,
  last_error text,
  last_layer text,
  last_item_count int,
  next_attempt_at timestamptz,
  updated_at timestamptz not null default now()
);

create table crawls (
  id bigserial primary key,
  source_id text not null,
  started_at timestamptz not null,
  finished_at timestamptz,
  layer text,
  status text not null,
  candidates int not null default 0,
  new_items int not null default 0,
  error text
);
create index crawls_source_started on crawls (source_id, started_at desc);

create table stories (
  id text primary key,
  topic_id text,
  title text,
  lang text,
  first_seen_at timestamptz not null default now(),
  last_seen_at timestamptz not null default now(),
  item_count int not null default 1,
  best_score real,
  decision text
);
create index stories_last_seen on stories (last_seen_at desc);

create table items (
  id text primary key,
  source_id text not null,
  url text not null,
  canonical_url text not null unique,
  guid text,
  title text,
  text text,
  lead text,
  author text,
  image_url text,
  language text,
  dir text,
  published_at timestamptz,
  modified_at timestamptz,
  fetched_at timestamptz not null default now(),
  content_hash text,
  topic_id text,
  score real,
  decision text,
  reasons jsonb not null default '[]',
  drop_reason text,
  story_id text references stories (id),
  duplicate_of text,
  revision int not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index items_story on items (story_id);
create index items_source_fetched on items (source_id, fetched_at desc);
create index items_content_hash on items (content_hash);
create index items_fetched on items (fetched_at desc);

create table item_revisions (
  item_id text not null references items (id),
  revision int not null,
  title text,
  text text,
  content_hash text,
  seen_at timestamptz not null default now(),
  primary key (item_id, revision)
);

create table deliveries (
  id bigserial primary key,
  story_id text not null,
  channel_id text not null,
  item_id text,
  state text not null default 'pending',
  discord_message_id text,
  nonce text not null,
  attempts int not null default 0,
  last_error text,
  content_version int not null default 0,
  posted_version int not null default 0,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  posted_at timestamptz,
  unique (story_id, channel_id)
);
create index deliveries_state on deliveries (state);

create table digests (
  channel_id text not null,
  digest_date date not null,
  state text not null default 'pending',
  late boolean not null default false,
  message_ids jsonb not null default '[]',
  created_at timestamptz not null default now(),
  sent_at timestamptz,
  primary key (channel_id, digest_date)
);
`,
  },
  {
    version: 140,
    name: 'deliveries: leases, threads, channel pauses',
    sql: `
alter table deliveries add column message_channel_id text;
alter table deliveries add column thread_id text;
alter table deliveries add column thread_posted_count int not null default 0;
alter table deliveries add column lease_owner text;
alter table deliveries add column lease_until timestamptz;
create index deliveries_channel_state on deliveries (channel_id, state);

create table delivery_channel_pauses (
  channel_id text primary key,
  reason text not null,
  paused_at timestamptz not null default now()
);
`,
  },
  {
    version: 160,
    name: 'feedback labels and silent-source episodes',
    sql: `
create table feedback (
  id bigserial primary key,
  item_id text not null,
  label text not null check (label in ('relevant', 'not_relevant')),
  source text not null check (source in ('operator', 'discord')),
  user_id text not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (item_id, user_id)
);
create index feedback_item on feedback (item_id);

create table silent_source_episodes (
  id bigserial primary key,
  source_id text not null,
  kind text not null,
  reason text not null,
  started_at timestamptz not null,
  last_seen_at timestamptz not null,
  resolved_at timestamptz,
  notified_at timestamptz
);
create unique index silent_source_episodes_open on silent_source_episodes (source_id, kind) where resolved_at is null;
`,
  },
  {
    version: 150,
    name: 'digests: leases, frozen pages and send progress',
    sql: `
alter table digests add column lease_owner text;
alter table digests add column lease_until timestamptz;
alter table digests add column attempts int not null default 0;
alter table digests add column scheduled_for timestamptz;
alter table digests add column window_start timestamptz;
alter table digests add column window_end timestamptz;
alter table digests add column pages jsonb;
alter table digests add column nonce text;
alter table digests add column story_count int;
alter table digests add column last_error text;
alter table digests add column updated_at timestamptz not null default now();
create index digests_channel_date on digests (channel_id, digest_date desc);
`,
  },
  {
    version: 200,
    name: 'items: fetch_error (article page failed; stored from the feed entry)',
    sql: `
alter table items add column fetch_error text;
create index items_fetch_error on items (source_id, fetched_at desc) where fetch_error is not null;
`,
  },
  {
    version: 210,
    name: 'items: drop_kind (the typed drop reason; drop_reason keeps the prose)',
    // Rows stored before the typed reason: their kind is read from the prose once, here, and never again.
    sql: `
alter table items add column drop_kind text;
update items set drop_kind = case
  when drop_reason like 'duplicate of%' then 'duplicate'
  when drop_reason like 'too old%' then 'too-old'
  when drop_reason like 'first crawl of the source%' then 'first-crawl-hold'
  when drop_reason like 'below threshold%' then 'below-threshold'
end where drop_reason is not null;
`,
  },
  {
    version: 360,
    name: 'websub_subscriptions (push where a feed advertises a hub)',
    sql: `
create table websub_subscriptions (
  source_id text primary key,
  hub text,
  topic text,
  secret text not null,
  state text not null,
  lease_until timestamptz,
  requested_at timestamptz,
  verified_at timestamptz,
  checked_at timestamptz not null,
  last_push_at timestamptz,
  pushes int not null default 0,
  last_error text
);
`,
  },
  {
    version: 310,
    name: 'console lists: folded search column, keyset indexes for items and stories',
    // search_folded is title and text folded exactly as search-fold.ts folds a query, computed once on write, so
    // a dashboard search compares plain text instead of folding every row's text on every page.
    sql: `
alter table items add column search_folded text generated always as (
  ${foldedColumn("coalesce(title, '') || chr(10) || coalesce(text, '')")}
) stored;
create index items_fetched_id on items (fetched_at desc, id desc);
create index items_decision_fetched on items (decision, fetched_at desc, id desc);
create index items_language_fetched on items (language, fetched_at desc, id desc);
create index items_source_fetched_id on items (source_id, fetched_at desc, id desc);
create index items_story_fetched on items (story_id, fetched_at desc, id desc);
create index items_published_key on items ((coalesce(published_at, fetched_at)) desc, id desc);
create index items_score_key on items ((coalesce(score, '-Infinity'::real)) desc, id desc);
create index items_duplicate_of on items (duplicate_of, fetched_at desc) where duplicate_of is not null;
create index stories_last_seen_id on stories (last_seen_at desc, id desc);
create index stories_decision_last_seen on stories (decision, last_seen_at desc, id desc);
create index deliveries_item on deliveries (item_id);
`,
  },
  {
    version: 311,
    name: 'console search: trigram index on items.search_folded (PostgreSQL with pg_trgm only)',
    // A substring search (like '%…%') can use a trigram index. pg_trgm ships with PostgreSQL but creating an
    // extension needs the privilege to: when it cannot be created (or on PGlite, which does not bundle it here)
    // the migration still succeeds and search scans the folded column instead. The operator class is named with
    // the extension's schema, which may differ from the one the tables live in.
    sql: `
do $$
declare ns text;
begin
  -- In public when there is one, so that dropping a (test) schema never drops the extension with it.
  begin
    create extension if not exists pg_trgm with schema public;
  exception when others then
    begin
      create extension if not exists pg_trgm;
    exception when others then
      null;
    end;
  end;
  select extnamespace::regnamespace::text into ns from pg_extension where extname = 'pg_trgm';
  if ns is not null then
    execute format('create index items_search_trgm on items using gin (search_folded %s.gin_trgm_ops)', ns);
  end if;
end $$;
`,
  },
  {
    version: 300,
    name: 'crawls: truthful status (ok, not-modified, partial, failed), per-layer attempts, duration',
    // Before this, a crawl where every layer failed was stored as `ok` with no layer, and a crawl that threw as
    // `error`: both are `failed` now.
    sql: `
alter table crawls add column attempts jsonb;
alter table crawls add column duration_ms int;
alter table crawls add column not_modified boolean not null default false;
update crawls set not_modified = true where status = 'not-modified';
update crawls set status = 'failed' where status = 'error' or (status = 'ok' and layer is null);
`,
  },
  {
    version: 361,
    name: "items: evidence (the classification's typed evidence, for the alert's why line)",
    sql: `
alter table items add column evidence jsonb;
`,
  },
  {
    version: 320,
    name: 'deliveries: payload hash, uncertain posts, per-channel circuits, reconciler counts',
    sql: `
alter table deliveries add column posted_hash text;
alter table deliveries add column uncertain_since timestamptz;
create table delivery_circuits (
  channel_id text primary key,
  failures int not null default 0,
  opened_at timestamptz,
  next_probe_at timestamptz,
  probes int not null default 0,
  closed_at timestamptz,
  last_error text,
  updated_at timestamptz not null default now()
);
create table reconciler_stats (
  kind text primary key,
  recovered bigint not null default 0,
  last_recovered int not null default 0,
  last_run_at timestamptz
);
create index deliveries_open on deliveries (updated_at) where state in ('pending', 'posting');
`,
  },
];
