import { expect, test } from 'vitest';
import { formatDuration, parseDuration } from '../../../src/domain/duration.js';

test('parses the documented forms', () => {
  expect(parseDuration('90s')).toBe(90_000);
  expect(parseDuration('15m')).toBe(900_000);
  expect(parseDuration('72h')).toBe(259_200_000);
  expect(parseDuration('7d')).toBe(604_800_000);
});

test('refuses anything else', () => {
  for (const bad of ['', '72', 'h', '0s', '-5m', '1.5h', '3w', '10 minutes'])
    expect(parseDuration(bad)).toBeUndefined();
});

test('formats for people', () => {
  expect(formatDuration(259_200_000)).toBe('3d');
  expect(formatDuration(93_600_000)).toBe('1d 2h');
  expect(formatDuration(45_000)).toBe('45s');
  expect(formatDuration(0)).toBe('0s');
});
