/**
 * Messages between the forecast pool (forecast-pool.ts) and its worker threads
 * (forecast-worker.ts). Models, options, files and datasets are plain data and typed arrays, so
 * they cross by structured clone; simulated runs come back with their buffers transferred, not
 * copied. Every request carries an id its replies repeat; long ones report progress on the way.
 */
import type { ForecastDocument } from '../app/forecasting/forecast-document.ts';
import type { ForecastSettings } from '../app/forecasting/settings.ts';
import type { BacktestOptions, BacktestResult } from '../domain/forecasting/backtest.ts';
import type { Ssda903Dataset } from '../domain/forecasting/dataset.ts';
import type { FitOptions } from '../domain/forecasting/fit-model.ts';
import type { DemandModel } from '../domain/forecasting/model.ts';
import type { SimulationOptions, SimulationRuns } from '../domain/forecasting/simulate.ts';
import type { FieldError } from '../domain/shared/errors.ts';
import type { ImportResult } from '../importers/ssda903/importer.ts';
import type { SourceFile } from '../importers/ssda903/raw-store.ts';
import type { ReadOptions } from '../importers/ssda903/table-readers.ts';

/** A 903 file's text, to be read as `file` says (its table, collection year and LA). */
export interface FileText {
  file: Omit<SourceFile, 'path'>;
  text: string;
}

/** The work a worker does besides simulating: each answers with one `done` message. */
export type Task =
  | { type: 'backtest'; dataset: Ssda903Dataset; options: Omit<BacktestOptions, 'onProgress'> }
  | { type: 'import'; files: FileText[]; options: ReadOptions }
  | { type: 'fit'; dataset: Ssda903Dataset; options: Omit<FitOptions, 'onProgress'> & { la?: string } }
  | {
      type: 'document';
      dataset: Ssda903Dataset;
      model: DemandModel;
      settings: ForecastSettings;
      raw: { baseline: SimulationRuns; scenarios: SimulationRuns[] };
    };

/** What each task answers with. */
export interface TaskResult {
  backtest: BacktestResult;
  import: ImportResult;
  fit: DemandModel;
  document: ForecastDocument;
}

export type ToWorker =
  | { type: 'simulate'; id: number; model: DemandModel; options: Omit<SimulationOptions, 'onProgress'> }
  | { type: 'task'; id: number; task: Task };

export type FromWorker =
  | { type: 'runs'; id: number; runs: SimulationRuns }
  | { type: 'progress'; id: number; fraction: number; message: string }
  | { type: 'done'; id: number; result: unknown }
  | { type: 'error'; id: number; message: string; code?: string; fieldErrors?: FieldError[] };

/** The typed arrays of a SimulationRuns, whose buffers a worker hands back without copying. */
export const RUN_ARRAYS = ['stock', 'stockByAge', 'days', 'starts', 'entries', 'leavers'] as const;
