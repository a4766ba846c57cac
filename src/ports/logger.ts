/** Narrow logging port; the pino implementation lives in src/logging. */
export interface Logger {
  trace(obj: object | string, msg?: string): void;
  debug(obj: object | string, msg?: string): void;
  info(obj: object | string, msg?: string): void;
  warn(obj: object | string, msg?: string): void;
  error(obj: object | string, msg?: string): void;
  child(name: string, bindings?: Record<string, unknown>): Logger;
}
