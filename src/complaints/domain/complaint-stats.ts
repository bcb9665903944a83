/**
 * Complaint statistics for improvement: counts by category, status, channel and outcome, and for
 * each deadline how many were kept, missed or are still running, with the median and mean time it
 * took. Pure and incremental: rows are added page by page, so a year of complaints is one pass.
 * Kept or missed is judged from the timestamps (not the escalation mark), so the figures are right
 * even for a complaint answered late before the monitor ran.
 */
import type { Bilingual } from '../../shared/i18n.js';
import { CATEGORY_IDS, CHANNEL_IDS, COMPLAINT_CATEGORIES, type ComplaintCategory, OUTCOME_IDS } from './complaint-catalogue.js';
import { type Standing, standing } from './complaint-deadlines.js';
import { COMPLAINT_STATUSES } from './complaint-lifecycle.js';

export interface StatsRow {
  category: string;
  status: string;
  channel: string;
  outcome: string | null;
  receivedAt: number;
  responseDueAt: number;
  firstResponseAt: number | null;
  feedbackDueAt: number;
  feedbackAt: number | null;
  escalated: boolean;
}

export interface DeadlineFigures {
  onTime: number;
  breached: number;
  pending: number;
  /** Minutes from receipt to the answer, over answered complaints; null when none was answered. */
  medianMinutes: number | null;
  averageMinutes: number | null;
}

export interface CategoryFigures {
  category: ComplaintCategory;
  label: Bilingual;
  total: number;
  /** Not closed yet. */
  open: number;
  escalated: number;
  response: { onTime: number; breached: number; pending: number };
  feedback: { onTime: number; breached: number; pending: number };
}

export interface ComplaintStatistics {
  total: number;
  escalated: number;
  byCategory: CategoryFigures[];
  byStatus: Record<string, number>;
  byChannel: Record<string, number>;
  byOutcome: Record<string, number>;
  response: DeadlineFigures;
  feedback: DeadlineFigures;
}

const zeros = (ids: readonly string[]) => Object.fromEntries(ids.map((id) => [id, 0])) as Record<string, number>;
const counts = () => ({ onTime: 0, breached: 0, pending: 0 });
const KEY: Record<Standing, 'onTime' | 'breached' | 'pending'> = { on_time: 'onTime', breached: 'breached', pending: 'pending' };

/** The median of a list of numbers (the mean of the middle two for an even count). */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

const round1 = (n: number | null) => (n === null ? null : Math.round(n * 10) / 10);

export class ComplaintStatsBuilder {
  private total = 0;
  private escalated = 0;
  private readonly categories = new Map<string, CategoryFigures>(CATEGORY_IDS.map((c) => [c, { category: c, label: COMPLAINT_CATEGORIES[c], total: 0, open: 0, escalated: 0, response: counts(), feedback: counts() }]));
  private readonly byStatus = zeros(COMPLAINT_STATUSES);
  private readonly byChannel = zeros(CHANNEL_IDS);
  private readonly byOutcome = zeros(OUTCOME_IDS);
  private readonly response = counts();
  private readonly feedback = counts();
  private readonly toRespond: number[] = [];
  private readonly toFeedback: number[] = [];

  /** `now` decides whether an unanswered complaint is still within its deadline. */
  constructor(private readonly now: number) {}

  add(r: StatsRow): void {
    this.total++;
    const cat = this.categories.get(r.category) ?? this.categories.get('other')!;
    cat.total++;
    if (r.status !== 'closed') cat.open++;
    if (r.escalated) {
      this.escalated++;
      cat.escalated++;
    }
    this.byStatus[r.status] = (this.byStatus[r.status] ?? 0) + 1;
    this.byChannel[r.channel] = (this.byChannel[r.channel] ?? 0) + 1;
    if (r.outcome) this.byOutcome[r.outcome] = (this.byOutcome[r.outcome] ?? 0) + 1;
    const rs = KEY[standing(r.firstResponseAt, r.responseDueAt, this.now)];
    const fs = KEY[standing(r.feedbackAt, r.feedbackDueAt, this.now)];
    this.response[rs]++;
    cat.response[rs]++;
    this.feedback[fs]++;
    cat.feedback[fs]++;
    if (r.firstResponseAt !== null) this.toRespond.push((r.firstResponseAt - r.receivedAt) / 60_000);
    if (r.feedbackAt !== null) this.toFeedback.push((r.feedbackAt - r.receivedAt) / 60_000);
  }

  result(): ComplaintStatistics {
    const figures = (c: { onTime: number; breached: number; pending: number }, minutes: number[]): DeadlineFigures => ({
      ...c,
      medianMinutes: round1(median(minutes)),
      averageMinutes: round1(minutes.length ? minutes.reduce((a, b) => a + b, 0) / minutes.length : null),
    });
    return {
      total: this.total,
      escalated: this.escalated,
      byCategory: [...this.categories.values()],
      byStatus: this.byStatus,
      byChannel: this.byChannel,
      byOutcome: this.byOutcome,
      response: figures(this.response, this.toRespond),
      feedback: figures(this.feedback, this.toFeedback),
    };
  }
}
