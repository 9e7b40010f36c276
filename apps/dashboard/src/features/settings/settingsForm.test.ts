import { defaultSettings } from '@caseload/metrics';
import { describe, expect, test } from 'vitest';
import { exportFileName } from '../../lib/csv.ts';
import { diffSettings, fromDraft, prefillDraft, settingsFields, settingsHistoryCsv, toDraft } from './settingsForm.ts';

describe('freshness, import schedule and forecast history', () => {
  test('the forecast history is a whole number of months from 6 to 96, shown as 24 when unset', () => {
    const draft = toDraft(defaultSettings);
    expect(draft.values.forecastHistoryMonths).toBe('24');
    for (const [text, ok] of [
      ['5', false],
      ['6', true],
      ['96', true],
      ['97', false],
      ['12.5', false],
    ] as const) {
      const parsed = fromDraft({ ...draft, values: { ...draft.values, forecastHistoryMonths: text } }, defaultSettings);
      expect(parsed.errors.forecastHistoryMonths === undefined, text).toBe(ok);
      if (ok) expect(parsed.settings?.forecastHistoryMonths).toBe(Number(text));
    }
    const twelve = fromDraft({ ...draft, values: { ...draft.values, forecastHistoryMonths: '12' } }, defaultSettings);
    expect(diffSettings(defaultSettings, twelve.settings)).toEqual([
      {
        path: 'forecastHistoryMonths',
        label: 'Staffing forecast — Months of history the forecast learns from (6–96)',
        old: '24',
        new: '12',
      },
    ]);
  });

  test('the freshness warning is 1 to 365 whole days, shown as 7 when unset', () => {
    const draft = toDraft(defaultSettings);
    expect(draft.values.staleAfterDays).toBe('7');
    const at = (text: string) => fromDraft({ ...draft, values: { ...draft.values, staleAfterDays: text } }, defaultSettings);
    expect(at('0').errors.staleAfterDays).toBe('A whole number of days from 1 to 365.');
    expect(at('366').errors.staleAfterDays).toBe('A whole number of days from 1 to 365.');
    expect(at('365').settings?.staleAfterDays).toBe(365);
    expect(at('1').settings?.staleAfterDays).toBe(1);
  });

  test('the import schedule: empty is on arrival (null); five or six fields; anything else says what to write', () => {
    const draft = toDraft(defaultSettings);
    expect(draft.importSchedule).toBe('');
    const at = (importSchedule: string) => fromDraft({ ...draft, importSchedule }, defaultSettings);
    expect(at('  ').settings?.importSchedule).toBeNull();
    expect(at(' 0  2 * * * ').settings?.importSchedule).toBe('0 2 * * *');
    expect(at('0 30 2 * * 1-5').settings?.importSchedule).toBe('0 30 2 * * 1-5');
    expect(at('every night').errors.importSchedule).toMatch(/cron expression of five fields/);
    expect(at('0 2 * *').errors.importSchedule).toMatch(/cron expression of five fields/);
    expect(diffSettings(defaultSettings, at('0 2 * * *').settings)).toEqual([
      { path: 'importSchedule', label: 'Data freshness and imports — drop folder schedule', old: 'on arrival', new: '0 2 * * *' },
    ]);
    expect(toDraft({ ...defaultSettings, importSchedule: '0 2 * * *' }).importSchedule).toBe('0 2 * * *');
  });
});

describe('toDraft / fromDraft', () => {
  test('a draft of the defaults parses back to the same document', () => {
    const parsed = fromDraft(toDraft(defaultSettings), defaultSettings);
    expect(parsed.errors).toEqual({});
    // the settings a document may leave out are written with their defaults
    expect(parsed.settings).toEqual({
      ...defaultSettings,
      protectTiers: [4],
      staleAfterDays: 7,
      forecastHistoryMonths: 24,
      importSchedule: null,
    });
    expect(diffSettings(defaultSettings, parsed.settings)).toEqual([]);
  });

  test('every number of the document has a field', () => {
    expect(settingsFields).toHaveLength(5 + 1 + 3 + 10 + 4 + 1 + 1 + 1 + 2);
    expect(toDraft(defaultSettings).values['contactRules.4.faceToFaceDays']).toBe('30');
  });

  test('a change is applied and nothing else moves', () => {
    const draft = toDraft(defaultSettings);
    draft.values.qaPassScore = '80';
    draft.protectTiers = [3, 4];
    const parsed = fromDraft(draft, defaultSettings);
    expect(parsed.settings?.qaPassScore).toBe(80);
    expect(parsed.settings?.protectTiers).toEqual([3, 4]);
    expect(diffSettings(defaultSettings, parsed.settings)).toEqual([
      { path: 'qaPassScore', label: 'Quality and privacy — Quality review pass score (0–100)', old: '85', new: '80' },
      { path: 'protectTiers', label: 'Rebalancing — tiers never moved', old: 'tier 4', new: 'tier 3, tier 4' },
    ]);
  });

  test('the time zone: a known name is kept in its canonical spelling and listed as a change', () => {
    const draft = toDraft(defaultSettings);
    expect(draft.timeZone).toBe('America/New_York');
    draft.timeZone = ' america/chicago ';
    const parsed = fromDraft(draft, defaultSettings);
    expect(parsed.errors).toEqual({});
    expect(parsed.settings?.timeZone).toBe('America/Chicago');
    expect(diffSettings(defaultSettings, parsed.settings)).toEqual([
      { path: 'timeZone', label: 'Calendar — agency time zone', old: 'America/New_York', new: 'America/Chicago' },
    ]);
  });

  test('the time zone: an unknown name is refused next to the field', () => {
    const draft = toDraft(defaultSettings);
    draft.timeZone = 'Eastern';
    const parsed = fromDraft(draft, defaultSettings);
    expect(parsed.settings).toBeNull();
    expect(parsed.errors).toEqual({ timeZone: 'A time zone from the list, such as America/New_York or America/Chicago.' });
  });

  test('a document saved before the time zone was a setting reads as the default zone, not as a change', () => {
    const { timeZone: _zone, ...older } = defaultSettings;
    expect(diffSettings(older, defaultSettings)).toEqual([]);
    expect(diffSettings(older, { ...defaultSettings, timeZone: 'America/Denver' })).toEqual([
      { path: 'timeZone', label: 'Calendar — agency time zone', old: 'America/New_York', new: 'America/Denver' },
    ]);
  });

  test.each([
    ['qaPassScore', '101', 'A score from 0 to 100.'],
    ['qaPassScore', '', 'Enter a number.'],
    ['qaPassScore', 'abc', '“abc” is not a number.'],
    ['minCellSize', '0', 'A whole number of people from 1 to 1000.'],
    ['minCellSize', '5.5', 'A whole number of people from 1 to 1000.'],
    ['reassessmentDays.3', '0', 'A whole number of days from 1 to 3650.'],
    ['tierHours.4', '-1', 'Between 0 and 200 hours per client per month.'],
    ['caseHoursPerFte', '0', 'Between 0 and 744 hours a month (more than 0).'],
    ['loadBands.overTo', '0', 'A ratio such as 0.85 (more than 0, at most 10).'],
  ])('%s = %j is refused: %s', (path, text, message) => {
    const draft = toDraft(defaultSettings);
    draft.values[path] = text;
    const parsed = fromDraft(draft, defaultSettings);
    expect(parsed.settings).toBeNull();
    expect(parsed.errors[path]).toBe(message);
  });

  test('load bands must rise', () => {
    const draft = toDraft(defaultSettings);
    draft.values['loadBands.balancedTo'] = '1.2';
    expect(fromDraft(draft, defaultSettings).errors.loadBands).toMatch(/must rise/);
    draft.values['loadBands.overTo'] = '1.2';
    expect(fromDraft(draft, defaultSettings).errors).toEqual({});
  });
});

test('diffSettings of equal documents is empty', () => {
  expect(diffSettings(defaultSettings, structuredClone(defaultSettings))).toEqual([]);
});

test('the version history CSV: one row per saved change as in the table, named by the version in force', () => {
  const changed = { ...defaultSettings, qaPassScore: 80 };
  const csv = settingsHistoryCsv(
    [
      {
        at: '2026-02-01T10:00:00.000Z',
        actor: 'director@demo.local',
        details: { fromVersion: 2, toVersion: 3, old: defaultSettings, new: changed },
      },
      {
        at: '2026-01-01T10:00:00.000Z',
        actor: 'cli',
        details: { fromVersion: 1, toVersion: 2, old: defaultSettings, new: defaultSettings },
      },
    ],
    3,
  );
  expect(exportFileName(csv.name)).toBe('settings-history_settings-v3.csv');
  expect(csv.rows).toEqual([
    [2, 3, '2026-02-01T10:00:00.000Z', 'director@demo.local', 'Quality and privacy — Quality review pass score (0–100): 85 → 80'],
    [1, 2, '2026-01-01T10:00:00.000Z', 'cli', ''],
  ]);
  expect(exportFileName(settingsHistoryCsv([], null).name)).toBe('settings-history.csv');
});

describe('prefillDraft: values handed over in the address', () => {
  test('known numeric fields are filled, others ignored', () => {
    const search = new URLSearchParams('tierHours.1=1.1&tierHours.4=5.95&tierHours.x=9&caseHoursPerFte=abc&minCellSize=');
    const { draft, filled } = prefillDraft(toDraft(defaultSettings), search);
    expect(filled).toEqual(['tierHours.1', 'tierHours.4']);
    expect(draft.values['tierHours.1']).toBe('1.1');
    expect(draft.values['tierHours.4']).toBe('5.95');
    expect(draft.values['tierHours.2']).toBe('2');
    expect(draft.values.caseHoursPerFte).toBe('110');
  });
});
