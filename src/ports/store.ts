/**
 * A use case's narrow view of the store: only the repositories it names, and a transaction over that same
 * view. src/store's `Store` satisfies every such port, so the composition roots pass it in unchanged, while a
 * use case typed with its port cannot reach a repository it did not name, nor the raw query builder.
 *
 * A use case names its port beside its code, e.g.
 * `type ClockStore = StorePort<Pick<Repositories, 'annualClock' | 'audit'>>` (`Repositories` from src/store).
 * This module imports nothing from src/store, so the dependency points one way: store → ports.
 */
export type StorePort<R> = R & {
  /** Runs fn with the same view inside one transaction (see `Store.transaction`). */
  transaction<T>(fn: (store: StorePort<R>) => Promise<T>): Promise<T>;
};
