/**
 * The single error type of the app. `code` is stable and machine-readable; `userMessage`
 * is safe to show to a Teams user (never the internal message, which may hold details).
 */
export type ErrorCode =
  | 'CONFIG_INVALID'
  | 'BAD_INPUT'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'THROTTLED'
  | 'UPSTREAM'
  | 'HELD'
  | 'INTERNAL';

const HTTP_STATUS: Record<ErrorCode, number> = {
  CONFIG_INVALID: 500,
  BAD_INPUT: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  THROTTLED: 429,
  UPSTREAM: 502,
  HELD: 409,
  INTERNAL: 500,
};

const USER_MESSAGES: Record<ErrorCode, { fi: string; en: string }> = {
  CONFIG_INVALID: { fi: 'Sovelluksen asetuksissa on virhe.', en: 'The app is misconfigured.' },
  BAD_INPUT: { fi: 'Syötteessä on virhe.', en: 'The input is not valid.' },
  UNAUTHENTICATED: { fi: 'Kirjautuminen vaaditaan.', en: 'Sign-in is required.' },
  FORBIDDEN: { fi: 'Sinulla ei ole oikeutta tähän toimintoon.', en: 'You are not allowed to do this.' },
  NOT_FOUND: { fi: 'Kohdetta ei löytynyt.', en: 'Not found.' },
  CONFLICT: { fi: 'Tieto on muuttunut, yritä uudelleen.', en: 'The data changed; please try again.' },
  THROTTLED: { fi: 'Palvelu on kuormittunut, yritä hetken päästä uudelleen.', en: 'The service is busy; try again shortly.' },
  UPSTREAM: { fi: 'Microsoft 365 -palvelu ei vastannut odotetusti.', en: 'Microsoft 365 did not respond as expected.' },
  HELD: { fi: 'Muutos odottaa hyväksyntää.', en: 'The change is waiting for approval.' },
  INTERNAL: { fi: 'Jotain meni pieleen. Yritä myöhemmin uudelleen.', en: 'Something went wrong. Please try again later.' },
};

export interface AppErrorOptions {
  /** Overrides the generic user-facing text (one text, or one per language); must not contain internal details. */
  userMessage?: string | { fi: string; en: string };
  details?: Record<string, unknown>;
  cause?: unknown;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly details?: Record<string, unknown>;
  private readonly customUserMessage?: string | { fi: string; en: string };

  constructor(code: ErrorCode, message: string, options: AppErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.status = HTTP_STATUS[code];
    this.details = options.details;
    this.customUserMessage = options.userMessage;
  }

  userMessage(locale: 'fi' | 'en' = 'fi'): string {
    const custom = this.customUserMessage;
    if (custom === undefined) return USER_MESSAGES[this.code][locale];
    return typeof custom === 'string' ? custom : custom[locale];
  }

  static from(err: unknown): AppError {
    if (err instanceof AppError) return err;
    return new AppError('INTERNAL', err instanceof Error ? err.message : String(err), { cause: err });
  }
}

export function genericUserMessage(code: ErrorCode, locale: 'fi' | 'en' = 'fi'): string {
  return USER_MESSAGES[code][locale];
}
