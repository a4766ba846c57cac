/** Features depend on this type only; src/store provides the SQL implementation. */
export type { Store } from '../store/store';
