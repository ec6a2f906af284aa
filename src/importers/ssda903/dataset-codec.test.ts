import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { syntheticRegion } from '../../domain/forecasting/test-data.ts';
import { decodeDataset, encodeDataset } from './dataset-codec.ts';
import { importSsda903 } from './import-files.ts';

const FIXTURES = join(import.meta.dirname, '../../../test/fixtures/ssda903');

describe('stored SSDA903 datasets', () => {
  it('decode to exactly the dataset that was encoded', async () => {
    const { dataset } = await importSsda903(join(FIXTURES, 'good'));
    expect(decodeDataset(encodeDataset(dataset))).toEqual(dataset);
    const region = syntheticRegion(3, [
      { name: 'A', entriesPerMonth: 5 },
      { name: 'B', entriesPerMonth: 2 },
    ]);
    expect(decodeDataset(encodeDataset(region))).toEqual(region);
  });

  it('keep no field the forecaster does not read', async () => {
    const { dataset } = await importSsda903(join(FIXTURES, 'good'));
    const back = decodeDataset(encodeDataset(dataset));
    expect(Object.keys(back.children).sort()).toEqual(
      ['birth', 'count', 'firstEpisode', 'id', 'la', 'sex', 'uasc'].sort(),
    );
  });

  it('refuse bytes that are not a stored dataset', () => {
    expect(() => decodeDataset(Buffer.from('not gzip'))).toThrow();
  });
});
