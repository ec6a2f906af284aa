import { describe, expect, it } from 'vitest';
import { needSegmentOf } from './need-segment.ts';

describe('need segments', () => {
  it('puts disabilities and mental health first, then exploitation or missing risks', () => {
    expect(needSegmentOf('learning-difficulty', ['missing'])).toBe('disability');
    expect(needSegmentOf('mental-disorders', [])).toBe('mental-health');
    expect(needSegmentOf('ebd', ['self-harm', 'criminal-exploitation'])).toBe('ebd-complex');
    expect(needSegmentOf('ebd', ['self-harm'])).toBe('ebd-standard');
  });
});
