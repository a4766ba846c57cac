// The API's shapes come from the server's contract (type-only: no server code or zod in the bundle).
export type { CardLoop, FeedbackItem, Instruction, LoopSummary, NpsImportReport } from '../../../src/tabs-api/contracts/quality-loop';
