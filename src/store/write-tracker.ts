import type { Kysely, KyselyPlugin, PluginTransformQueryArgs, PluginTransformResultArgs, QueryResult, RootOperationNode, UnknownRow } from 'kysely';

/**
 * Counts the writes this process makes through the store, so a reader can tell cheaply that nothing
 * it cached can have changed here (the tab API's view cache). A Kysely plugin sees every statement
 * of every repository, transactions included, so no write path can forget to report itself.
 *
 * Counted: every statement that is not a SELECT (raw SQL and DDL included, to be safe), except writes
 * to tables no tab view reads and that change all the time (the outbox while a delivery runs, the
 * scheduler's leases), which would otherwise empty the view cache many times a second.
 */
export class WriteTracker implements KyselyPlugin {
  private count = 0;

  /** Changes whenever a write statement starts or a transaction ends. */
  get writes(): number {
    return this.count;
  }

  /** A transaction committed (or rolled back): what other connections see may have changed now. */
  transactionEnded(): void {
    this.count++;
  }

  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    if (this.isCountedWrite(args.node)) this.count++;
    return args.node;
  }

  transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return Promise.resolve(args.result);
  }

  private isCountedWrite(node: RootOperationNode): boolean {
    switch (node.kind) {
      case 'SelectQueryNode':
        return false;
      case 'InsertQueryNode':
        return !IGNORED_TABLES.has(tableName(node.into) ?? '');
      case 'UpdateQueryNode':
        return !IGNORED_TABLES.has(tableName(node.table) ?? '');
      case 'DeleteQueryNode':
        return !IGNORED_TABLES.has(tableName(node.from.froms[0]) ?? '');
      default:
        return true;
    }
  }
}

/** Table names as the repositories write them (camelCase, before the camel-case plugin). */
const IGNORED_TABLES: ReadonlySet<string> = new Set(['outbox', 'leases']);

function tableName(node: unknown): string | undefined {
  const n = node as { kind?: string; table?: { identifier?: { name?: string } }; node?: unknown } | undefined;
  if (n?.kind === 'TableNode') return n.table?.identifier?.name;
  if (n?.kind === 'AliasNode') return tableName(n.node);
  return undefined;
}

/** The tracker installed on `db` (or on the database a transaction came from), if any. */
export function writeTrackerOf(db: Kysely<unknown>): WriteTracker | undefined {
  return db.getExecutor().plugins.find((p): p is WriteTracker => p instanceof WriteTracker);
}
