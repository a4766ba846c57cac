import { AppError } from '../errors/app-error';

export type CheckStatus = 'pass' | 'fail' | 'skip';
export interface Bilingual {
  fi: string;
  en: string;
}

/** One line of the doctor's report: what was checked, the outcome, and (unless it passed) what to do. */
export interface CheckResult {
  id: string;
  title: Bilingual;
  status: CheckStatus;
  /** Facts found (counts, ids); English, no secrets. */
  detail: string;
  todo?: Bilingual;
}

export const pass = (id: string, title: Bilingual, detail: string): CheckResult => ({ id, title, status: 'pass', detail });
export const fail = (id: string, title: Bilingual, detail: string, todo: Bilingual): CheckResult => ({
  id,
  title,
  status: 'fail',
  detail,
  todo,
});
export const skip = (id: string, title: Bilingual, detail: string, todo: Bilingual): CheckResult => ({
  id,
  title,
  status: 'skip',
  detail,
  todo,
});

/** A refusal the check did not expect becomes a failed line (never an aborted doctor run). */
export async function guarded(
  id: string,
  title: Bilingual,
  todo: Bilingual,
  run: () => Promise<CheckResult | CheckResult[]>,
): Promise<CheckResult[]> {
  try {
    const r = await run();
    return Array.isArray(r) ? r : [r];
  } catch (e) {
    const err = AppError.from(e);
    const forbidden = /\b403\b|Authorization_RequestDenied|Forbidden/i.test(err.message);
    const hint: Bilingual = forbidden
      ? {
          fi: `${todo.fi} Graph kieltäytyi (403): myönnä puuttuva sovellusoikeus ja järjestelmänvalvojan suostumus.`,
          en: `${todo.en} Graph refused (403): grant the missing application permission with admin consent.`,
        }
      : todo;
    return [fail(id, title, err.message.split('\n')[0]!.slice(0, 400), hint)];
  }
}

/** The human report: one PASS/FAIL/SKIP line per check, with what to do in Finnish and English. */
export function formatReport(results: CheckResult[]): string[] {
  const lines: string[] = [];
  for (const r of results) {
    lines.push(`${r.status.toUpperCase().padEnd(4)}  ${r.title.fi} / ${r.title.en}: ${r.detail}`);
    if (r.todo && r.status !== 'pass') {
      lines.push(`      → ${r.todo.fi}`);
      lines.push(`      → ${r.todo.en}`);
    }
  }
  const failed = results.filter((r) => r.status === 'fail').length;
  const skipped = results.filter((r) => r.status === 'skip').length;
  lines.push(`${results.length - failed - skipped} passed, ${failed} failed, ${skipped} skipped`);
  return lines;
}
