/**
 * A worker thread of the forecast pool: simulates parts of a model's runs, or does one of the
 * other CPU-heavy steps of a forecasting job (reading and checking 903 files, fitting the model,
 * working out the stored figures, a whole backtest) with the pure code, and posts the result back.
 * It loads only the simulation until another task asks for more. No state between messages.
 */
import { parentPort } from 'node:worker_threads';
import { simulate } from '../domain/forecasting/simulate.ts';
import { DomainError } from '../domain/shared/errors.ts';
import type { FromWorker, Task, TaskResult, ToWorker } from './forecast-protocol.ts';
import { RUN_ARRAYS } from './forecast-protocol.ts';

const port = parentPort;
if (!port) throw new Error('forecast-worker.ts must run as a worker thread');

const reply = (m: FromWorker, transfer: ArrayBuffer[] = []) => port.postMessage(m, transfer);

async function run(
  task: Task,
  progress: (fraction: number, message: string) => void,
): Promise<TaskResult[Task['type']]> {
  switch (task.type) {
    case 'backtest': {
      const { backtest } = await import('../domain/forecasting/backtest.ts');
      return backtest(task.dataset, { ...task.options, onProgress: progress });
    }
    case 'import': {
      const { Ssda903Importer } = await import('../importers/ssda903/importer.ts');
      const importer = new Ssda903Importer(task.options);
      const total = task.files.reduce((a, f) => a + f.text.length, 0) || 1;
      const chunk = 1 << 20;
      let done = 0;
      for (const { file, text } of task.files) {
        const sink = importer.open(file);
        for (let at = 0; at < text.length; at += chunk) {
          sink.push(text.slice(at, at + chunk));
          done += Math.min(chunk, text.length - at);
          progress((0.9 * done) / total, `reading ${file.name}`);
        }
        sink.end();
      }
      progress(0.9, 'merging the returns across years and checking each child’s history');
      return importer.finish();
    }
    case 'fit': {
      const { fitDemandModel } = await import('../domain/forecasting/fit-model.ts');
      return fitDemandModel(task.dataset, { ...task.options, onProgress: progress });
    }
    case 'document': {
      const { forecastDocument } = await import('../app/forecasting/forecast-document.ts');
      return forecastDocument(task.dataset, task.model, task.settings, task.raw);
    }
  }
}

port.on('message', async (m: ToWorker) => {
  try {
    if (m.type === 'simulate') {
      const runs = simulate(m.model, m.options);
      reply(
        { type: 'runs', id: m.id, runs },
        RUN_ARRAYS.map((k) => runs[k].buffer as ArrayBuffer),
      );
    } else {
      const result = await run(m.task, (fraction, message) =>
        reply({ type: 'progress', id: m.id, fraction, message }),
      );
      reply({ type: 'done', id: m.id, result });
    }
  } catch (e) {
    reply({
      type: 'error',
      id: m.id,
      message: e instanceof Error ? e.message : String(e),
      ...(e instanceof DomainError ? { code: e.code, fieldErrors: [...e.fieldErrors] } : {}),
    });
  }
});
