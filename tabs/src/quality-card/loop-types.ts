import type { SummaryRow } from './types';

export interface Instruction {
  id: string;
  period: string;
  periodLabel: string;
  kind: 'comment' | 'instruction';
  text: string;
  author: string;
  createdAt: string;
  status: 'open' | 'done';
  doneBy: string | null;
  doneAt: string | null;
}

export interface InstructionGroups {
  current: Instruction[];
  stillOpen: Instruction[];
  previous: Instruction[];
}

export interface Survey {
  period: string;
  nps: number | null;
  answers: number;
}

export interface CardLoop {
  yearLabel: string;
  ready: { at: string; by: string | null } | null;
  instructions: InstructionGroups;
  survey: Survey | null;
  canMarkReady: boolean;
  canComment: boolean;
}

export interface LoopRow extends SummaryRow {
  ready: { readyAt: string; readyBy: string | null } | null;
  instructions: InstructionGroups;
  survey: Survey | null;
  lights: { key: string; light: 'green' | 'yellow' | 'red' | 'none'; value: number | null }[];
  facts?: { siteCount: number; regions: string[]; cities: string[]; monthlyBilling: number | null };
}

export interface LoopSummary {
  period: string;
  yearLabel: string;
  labels: Record<string, { fi: string; en: string }>;
  rows: LoopRow[];
  counts: { ready: number; notReady: number };
  nps: { nps: number | null; answers: number };
  canComment?: boolean;
}

export interface FeedbackItem {
  id: string;
  from: string;
  text: string;
  createdAt: string;
  status: 'new' | 'in-progress' | 'done';
  reply: string | null;
  handledBy: string | null;
  handledAt: string | null;
}
