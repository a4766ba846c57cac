import { AppError, type ErrorCode } from '../errors/app-error';

/** Machine-readable reason a whole import was rejected (nothing from it may be applied). */
export type BillingRejectReason =
  | 'NOT_FOUND'
  | 'TOO_LARGE'
  | 'EMPTY'
  | 'HEADER_ONLY'
  | 'BINARY'
  | 'ENCODING'
  | 'MISSING_COLUMN'
  | 'DUPLICATE_COLUMN'
  | 'MALFORMED_CSV'
  | 'UNTERMINATED_QUOTE'
  | 'LINE_TOO_LONG'
  | 'FIELD_TOO_LONG'
  | 'TOO_MANY_ROWS'
  | 'SITE_CONFLICT'
  | 'BAD_XLSX'
  | 'BAD_JSON'
  | 'HTTP_STATUS'
  | 'HTTP_AUTH'
  | 'HTTP_TIMEOUT'
  | 'HTTP_FAILED'
  | 'HTTP_REDIRECT'
  | 'BAD_MAPPING';

export interface Hint {
  fi: string;
  en: string;
}

export interface BillingErrorDetails {
  reason: BillingRejectReason;
  /** File path or URL (URL without query string, which may hold secrets). */
  file: string;
  /** 1-based line (for JSON sources: 1-based record number + 1, matching a header line). */
  line?: number;
  /** Header name of the column, when known. */
  column?: string;
  /** 1-based column index, when known. */
  columnIndex?: number;
  /** A second line involved (e.g. the other owner of a site). */
  otherLine?: number;
  hint: Hint;
  [key: string]: unknown;
}

/**
 * A billing source that cannot be used at all. Code BAD_INPUT (the CLI maps it to exit 2), or UPSTREAM
 * when an HTTP source failed for reasons other than its content.
 */
export class BillingImportError extends AppError {
  declare readonly details: BillingErrorDetails;

  constructor(message: string, details: BillingErrorDetails, options: { code?: ErrorCode; cause?: unknown } = {}) {
    const where = [
      details.file,
      details.line !== undefined ? `line ${details.line}` : '',
      details.column ? `column "${details.column}"` : '',
    ]
      .filter(Boolean)
      .join(', ');
    super(options.code ?? 'BAD_INPUT', `${message} (${where})`, {
      details,
      cause: options.cause,
      userMessage: `${message} (${where}). ${details.hint.fi} / ${details.hint.en}`,
    });
    this.name = 'BillingImportError';
  }

  get reason(): BillingRejectReason {
    return this.details.reason;
  }
}

export function isBillingImportError(err: unknown): err is BillingImportError {
  return err instanceof BillingImportError;
}

/** Drops query and credentials from a URL before it is put in an error or a log. */
export function safeSourceName(source: string): string {
  if (!/^https?:\/\//i.test(source)) return source;
  try {
    const u = new URL(source);
    return `${u.protocol}//${u.host}${u.pathname}`;
  } catch {
    return '(invalid URL)';
  }
}
