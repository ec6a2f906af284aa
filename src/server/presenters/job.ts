import type { JobKindInfo } from '../../app/jobs/runner.ts';
import type { JobRow } from '../../db/queries/jobs.ts';

/** The wire shape of a job (API and the progress page's script). */
export function presentJob(job: JobRow, info: JobKindInfo) {
  return {
    id: job.id,
    kind: job.kind,
    title: info.title,
    status: job.status,
    progress: job.progress,
    message: job.message,
    error: job.error,
    attempts: job.attempts,
    createdAt: job.created_at,
    startedAt: job.started_at,
    finishedAt: job.finished_at,
    resultPath: job.status === 'succeeded' && info.resultPath ? info.resultPath(job) : null,
  };
}
