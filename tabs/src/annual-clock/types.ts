// The API's shapes come from the server's contract (type-only: no server code or zod in the bundle).
import type { ClockEventDto } from '../../../src/tabs-api/contracts/annual-clock';
export type {
  ClockEventDto,
  ClockView,
  CompletionInput,
  Occurrence,
  OccurrenceStatus as Status,
} from '../../../src/tabs-api/contracts/annual-clock';

/** The event form's view of a recurrence (src/domain/annual-clock/event.ts), loosely typed for the inputs. */
export interface RecurrenceDto {
  kind: string;
  interval?: number;
  dayOfMonth?: number;
  n?: number;
  weekday?: string;
  months?: number[];
  dates?: string[];
}

export interface Selected {
  eventId: string;
  date: string;
}

/** A group label tapped on the wheel: its text ("3 tapahtumaa") and the occurrences it stands for. */
export interface SelectedGroup {
  /** The first member's "eventId@date", stable while the wheel's layout is. */
  key: string;
  text: string;
  members: Selected[];
}

export const RING_COLORS = ['#0f6cbd', '#8764b8', '#c239b3', '#038387', '#ca5010', '#498205'];

/** An event's title and description in the reader's language (Finnish when no English is written). */
export function eventText(
  e: Pick<ClockEventDto, 'title' | 'titleEn' | 'description' | 'descriptionEn'>,
  locale: 'fi' | 'en',
): { title: string; description: string | null } {
  return locale === 'en'
    ? { title: e.titleEn || e.title, description: e.descriptionEn || e.description }
    : { title: e.title, description: e.description };
}
