import { Kysely, sql } from 'kysely';

/*
 * Initial schema. Written once for SQLite and PostgreSQL, so only portable column types are used:
 * text ids (UUIDs or natural keys), text ISO-8601 UTC timestamps (they sort as text),
 * integer 0/1 booleans, text JSON and double precision for money/KPI values.
 * Column names are snake_case; the app sees them camelCased through Kysely's CamelCasePlugin.
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Db = Kysely<any>;

export async function up(db: Db): Promise<void> {
  await db.schema
    .createTable('accounts')
    .addColumn('customer_id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('is_national', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('contract_start', 'text')
    .addColumn('contract_end', 'text')
    .addColumn('monthly_billing', 'double precision')
    .addColumn('owner_email', 'text')
    .addColumn('channel_id', 'text', (c) => c.unique())
    .addColumn('channel_name', 'text')
    .addColumn('channel_state', 'text', (c) => c.notNull().defaultTo('none'))
    .addColumn('archived_at', 'text')
    .addColumn('missing_since', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addCheckConstraint('accounts_channel_state_ck', sql`channel_state in ('none', 'active', 'archived')`)
    .execute();

  await db.schema
    .createTable('sites')
    .addColumn('site_id', 'text', (c) => c.primaryKey())
    .addColumn('customer_id', 'text', (c) => c.notNull().references('accounts.customer_id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('address', 'text')
    .addColumn('postal_code', 'text')
    .addColumn('city', 'text')
    .addColumn('region', 'text')
    .addColumn('supervisor_email', 'text')
    // Role name -> email (regional director, manager, sales manager ...): which roles count is configuration.
    .addColumn('role_emails_json', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('sites_customer_ix').on('sites').column('customer_id').execute();

  await db.schema
    .createTable('people')
    .addColumn('email', 'text', (c) => c.primaryKey())
    .addColumn('display_name', 'text')
    .addColumn('object_id', 'text')
    .addColumn('resolved_at', 'text')
    .addColumn('unknown', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex('people_object_ix').on('people').column('object_id').execute();

  await db.schema
    .createTable('desired_memberships')
    .addColumn('customer_id', 'text', (c) => c.notNull().references('accounts.customer_id').onDelete('cascade'))
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('reasons_json', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('computed_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('desired_memberships_pk', ['customer_id', 'email'])
    .addCheckConstraint('desired_memberships_role_ck', sql`role in ('owner', 'member')`)
    .execute();
  await db.schema.createIndex('desired_memberships_email_ix').on('desired_memberships').column('email').execute();

  await db.schema
    .createTable('actual_memberships')
    .addColumn('customer_id', 'text', (c) => c.notNull().references('accounts.customer_id').onDelete('cascade'))
    .addColumn('channel_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('email', 'text')
    .addColumn('membership_id', 'text')
    .addColumn('roles_json', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('seen_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('actual_memberships_pk', ['customer_id', 'user_id'])
    .execute();

  await db.schema
    .createTable('membership_overrides')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('customer_id', 'text', (c) => c.notNull().references('accounts.customer_id').onDelete('cascade'))
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('set_by', 'text', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('membership_overrides_account_email_uq', ['customer_id', 'email'])
    .addCheckConstraint('membership_overrides_kind_ck', sql`kind in ('add', 'exclude')`)
    .execute();

  await db.schema
    .createTable('sync_runs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('trigger', 'text', (c) => c.notNull())
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('source', 'text')
    .addColumn('rows_total', 'integer')
    .addColumn('rows_valid', 'integer')
    .addColumn('rows_rejected', 'integer')
    .addColumn('summary_json', 'text', (c) => c.notNull().defaultTo('{}'))
    .addCheckConstraint('sync_runs_status_ck', sql`status in ('running', 'done', 'held', 'failed', 'rejected')`)
    .execute();
  await db.schema.createIndex('sync_runs_started_ix').on('sync_runs').column('started_at').execute();

  await db.schema
    .createTable('audit_entries')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('run_id', 'text', (c) => c.references('sync_runs.id').onDelete('cascade'))
    .addColumn('customer_id', 'text')
    .addColumn('email', 'text')
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('detail_json', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('at', 'text', (c) => c.notNull())
    // Order within one append call: `at` alone cannot order entries written in the same millisecond.
    .addColumn('seq', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex('audit_entries_account_ix').on('audit_entries').columns(['customer_id', 'at']).execute();
  await db.schema.createIndex('audit_entries_run_ix').on('audit_entries').column('run_id').execute();

  await db.schema
    .createTable('clock_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('customer_id', 'text', (c) => c.notNull().references('accounts.customer_id').onDelete('cascade'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('ring', 'text', (c) => c.notNull())
    .addColumn('owner_email', 'text')
    .addColumn('description', 'text')
    .addColumn('link', 'text')
    .addColumn('recurrence_json', 'text')
    .addColumn('starts_on', 'text', (c) => c.notNull())
    .addColumn('ends_on', 'text')
    .addColumn('reminder_days', 'integer')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('clock_events_customer_ix').on('clock_events').column('customer_id').execute();

  await db.schema
    .createTable('clock_completions')
    .addColumn('event_id', 'text', (c) => c.notNull().references('clock_events.id').onDelete('cascade'))
    .addColumn('occurrence', 'text', (c) => c.notNull())
    .addColumn('done_by', 'text', (c) => c.notNull())
    .addColumn('done_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('clock_completions_pk', ['event_id', 'occurrence'])
    .execute();

  await db.schema
    .createTable('quality_periods')
    .addColumn('customer_id', 'text', (c) => c.notNull().references('accounts.customer_id').onDelete('cascade'))
    .addColumn('period', 'text', (c) => c.notNull())
    .addColumn('summary', 'text')
    .addColumn('updated_by', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('quality_periods_pk', ['customer_id', 'period'])
    .execute();

  await db.schema
    .createTable('kpi_values')
    .addColumn('customer_id', 'text', (c) => c.notNull().references('accounts.customer_id').onDelete('cascade'))
    .addColumn('period', 'text', (c) => c.notNull())
    .addColumn('kpi_key', 'text', (c) => c.notNull())
    .addColumn('value', 'double precision')
    .addColumn('target', 'double precision')
    .addColumn('light', 'text')
    .addColumn('comment', 'text')
    .addColumn('source', 'text')
    .addColumn('updated_by', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('kpi_values_pk', ['customer_id', 'period', 'kpi_key'])
    .addCheckConstraint('kpi_values_light_ck', sql`light is null or light in ('green', 'yellow', 'red')`)
    .execute();

  await db.schema
    .createTable('toc_items')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('section', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('link_kind', 'text')
    .addColumn('link_target', 'text')
    .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('updated_by', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('toc_overrides')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('customer_id', 'text', (c) => c.notNull().references('accounts.customer_id').onDelete('cascade'))
    // Null for kind 'add' (an account-only item); the template item for 'hide' and 'rename'.
    .addColumn('item_id', 'text', (c) => c.references('toc_items.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('section', 'text')
    .addColumn('title', 'text')
    .addColumn('description', 'text')
    .addColumn('link_kind', 'text')
    .addColumn('link_target', 'text')
    .addColumn('sort_order', 'integer')
    .addColumn('updated_by', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addCheckConstraint('toc_overrides_kind_ck', sql`kind in ('hide', 'rename', 'add')`)
    .execute();
  await db.schema.createIndex('toc_overrides_customer_ix').on('toc_overrides').column('customer_id').execute();

  await db.schema
    .createTable('contracts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('customer_id', 'text', (c) => c.notNull().references('accounts.customer_id').onDelete('cascade'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('valid_from', 'text')
    .addColumn('valid_to', 'text')
    .addColumn('link', 'text')
    .addColumn('updated_by', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('contracts_customer_ix').on('contracts').column('customer_id').execute();

  await db.schema
    .createTable('notices')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('author_id', 'text', (c) => c.notNull())
    .addColumn('author_name', 'text')
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('targets_json', 'text', (c) => c.notNull())
    .addColumn('mention_json', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('edited_at', 'text')
    .addColumn('withdrawn_at', 'text')
    .addCheckConstraint('notices_state_ck', sql`state in ('active', 'withdrawn')`)
    .execute();

  await db.schema
    .createTable('message_refs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('ref_id', 'text', (c) => c.notNull())
    .addColumn('customer_id', 'text')
    .addColumn('conversation_id', 'text', (c) => c.notNull())
    .addColumn('activity_id', 'text', (c) => c.notNull())
    .addColumn('service_url', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('message_refs_uq', ['kind', 'ref_id', 'conversation_id'])
    .addCheckConstraint('message_refs_kind_ck', sql`kind in ('notice', 'weekly', 'welcome', 'approval', 'reminder')`)
    .execute();

  await db.schema
    .createTable('acknowledgements')
    .addColumn('notice_id', 'text', (c) => c.notNull().references('notices.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('user_name', 'text')
    .addColumn('customer_id', 'text')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('acknowledgements_pk', ['notice_id', 'user_id'])
    .addCheckConstraint('acknowledgements_kind_ck', sql`kind in ('ack', 'ok', 'looking')`)
    .execute();

  await db.schema
    .createTable('weekly_status')
    .addColumn('customer_id', 'text', (c) => c.notNull().references('accounts.customer_id').onDelete('cascade'))
    .addColumn('iso_week', 'text', (c) => c.notNull())
    .addColumn('stage', 'text')
    .addColumn('target_schedule', 'text')
    .addColumn('milestone_date', 'text')
    .addColumn('next_week', 'text')
    .addColumn('needs_from_you', 'text')
    .addColumn('updated_by', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('weekly_status_pk', ['customer_id', 'iso_week'])
    .execute();

  await db.schema
    .createTable('conversation_refs')
    .addColumn('conversation_id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('team_id', 'text')
    .addColumn('channel_id', 'text')
    .addColumn('user_id', 'text')
    .addColumn('tenant_id', 'text')
    .addColumn('service_url', 'text', (c) => c.notNull())
    .addColumn('reference_json', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addCheckConstraint('conversation_refs_kind_ck', sql`kind in ('team', 'channel', 'personal', 'group')`)
    .execute();
  await db.schema.createIndex('conversation_refs_user_ix').on('conversation_refs').column('user_id').execute();
  await db.schema.createIndex('conversation_refs_channel_ix').on('conversation_refs').column('channel_id').execute();

  await db.schema
    .createTable('feedback')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('customer_id', 'text')
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('user_name', 'text')
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('outbox')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('idempotency_key', 'text', (c) => c.notNull().unique())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('customer_id', 'text')
    .addColumn('target_json', 'text', (c) => c.notNull())
    .addColumn('payload_json', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'text', (c) => c.notNull())
    .addColumn('claimed_by', 'text')
    .addColumn('claim_expires_at', 'text')
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('sent_at', 'text')
    .addColumn('activity_id', 'text')
    .addCheckConstraint('outbox_status_ck', sql`status in ('pending', 'sending', 'sent', 'failed')`)
    .execute();
  await db.schema.createIndex('outbox_due_ix').on('outbox').columns(['status', 'next_attempt_at']).execute();

  await db.schema
    .createTable('leases')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('holder', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Db): Promise<void> {
  const tables = [
    'leases',
    'outbox',
    'feedback',
    'conversation_refs',
    'weekly_status',
    'acknowledgements',
    'message_refs',
    'notices',
    'contracts',
    'toc_overrides',
    'toc_items',
    'kpi_values',
    'quality_periods',
    'clock_completions',
    'clock_events',
    'audit_entries',
    'sync_runs',
    'membership_overrides',
    'actual_memberships',
    'desired_memberships',
    'people',
    'sites',
    'accounts',
  ];
  for (const t of tables) await db.schema.dropTable(t).ifExists().execute();
}
