/** The data-quality report, for `GET /v1/data-quality` and `fengkong dq`. */
import type { Clock } from '../shared/clock.js';
import { buildQualityReport, type QualityReport } from './domain/quality-report.js';
import type { QualityFilter, QualityRepository } from './quality-repository.js';

export class QualityService {
  constructor(
    private readonly repo: QualityRepository,
    private readonly clock: Clock,
    private readonly allowedLatenessMs: number,
  ) {}

  async report(filter: QualityFilter = {}): Promise<QualityReport> {
    const [counters, streams] = await Promise.all([this.repo.counters(filter), this.repo.streams(filter)]);
    return buildQualityReport(counters, streams, this.clock.now(), this.allowedLatenessMs);
  }
}
