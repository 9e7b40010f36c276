/**
 * The caseload standards editor (settings `caseloadStandards`, metrics.md): each rule
 * as the text a person types, parsed back to rules with a message per field. Pure.
 * The server checks the rules again (settings.update) and has the last word.
 */
import { type CaseloadStandard, STANDARD_KINDS, type StandardKind } from '@caseload/metrics';

export interface RuleDraft {
  id: string;
  label: string;
  kind: StandardKind;
  limit: string;
  period: 'month' | 'quarter';
  /** program ids separated by commas or semicolons; empty: every program */
  programs: string;
  ageMin: string;
  ageMax: string;
  maxDays: string;
  teamId: string;
  correctionAfter: string;
}

const ID = /^[A-Za-z0-9._:-]{1,64}$/;

const text = (v: number | null | undefined) => (v === null || v === undefined ? '' : String(v));

export function toRuleDraft(r: CaseloadStandard): RuleDraft {
  return {
    id: r.id,
    label: r.label,
    kind: r.kind,
    limit: String(r.limit),
    period: r.period,
    programs: r.programs.join('; '),
    ageMin: text(r.ageMin),
    ageMax: text(r.ageMax),
    maxDays: text(r.maxDays),
    teamId: r.teamId ?? '',
    correctionAfter: text(r.correctionAfter),
  };
}

export function emptyRuleDraft(existing: readonly RuleDraft[]): RuleDraft {
  let n = existing.length + 1;
  while (existing.some((r) => r.id === `standard-${n}`)) n += 1;
  return {
    id: `standard-${n}`,
    label: '',
    kind: 'average_ratio',
    limit: '',
    period: 'month',
    programs: '',
    ageMin: '',
    ageMax: '',
    maxDays: '',
    teamId: '',
    correctionAfter: '2',
  };
}

/** Which fields a kind uses (the others are not shown and not saved). */
export function fieldsOf(kind: StandardKind): { scope: boolean; maxDays: boolean; teamId: boolean } {
  return {
    scope: kind === 'average_ratio' || kind === 'individual_max',
    maxDays: kind === 'individual_max',
    teamId: kind === 'load_ratio',
  };
}

function wholeNumber(s: string, min: number, max: number): number | string | null {
  const t = s.trim();
  if (t === '') return null;
  const n = Number(t);
  if (!Number.isInteger(n) || n < min || n > max) return `a whole number from ${min} to ${max}`;
  return n;
}

export interface ParsedRules {
  rules: CaseloadStandard[] | null;
  /** `${index}.${field}` → message */
  errors: Record<string, string>;
}

export function fromRuleDrafts(drafts: readonly RuleDraft[]): ParsedRules {
  const errors: Record<string, string> = {};
  const rules: CaseloadStandard[] = [];
  drafts.forEach((d, i) => {
    const err = (field: string, message: string) => (errors[`${i}.${field}`] = message);
    const id = d.id.trim();
    if (!ID.test(id)) err('id', 'An id is 1–64 letters, digits or . _ : -');
    else if (drafts.findIndex((x) => x.id.trim() === id) !== i) err('id', 'Another standard has this id.');
    const label = d.label.trim();
    if (!label) err('label', 'Give the standard a label.');
    if (!(STANDARD_KINDS as readonly string[]).includes(d.kind)) err('kind', 'Choose a kind.');
    const limit = Number(d.limit.trim());
    if (d.limit.trim() === '' || !Number.isFinite(limit) || limit <= 0) err('limit', 'A limit is a number above 0.');
    const f = fieldsOf(d.kind);
    const programs = f.scope
      ? d.programs
          .split(/[;,]/)
          .map((p) => p.trim())
          .filter(Boolean)
      : [];
    for (const p of programs) if (!ID.test(p)) err('programs', `“${p}” is not a program id.`);
    const ageMin = f.scope ? wholeNumber(d.ageMin, 0, 130) : null;
    const ageMax = f.scope ? wholeNumber(d.ageMax, 0, 130) : null;
    if (typeof ageMin === 'string') err('ageMin', `Age from is ${ageMin}.`);
    if (typeof ageMax === 'string') err('ageMax', `Age to is ${ageMax}.`);
    if (typeof ageMin === 'number' && typeof ageMax === 'number' && ageMin > ageMax) err('ageMin', 'Age from is above age to.');
    const maxDays = f.maxDays ? wholeNumber(d.maxDays, 0, 365) : null;
    if (f.maxDays && maxDays === null) err('maxDays', 'Give the number of days (California: 60).');
    if (typeof maxDays === 'string') err('maxDays', `Days are ${maxDays}.`);
    const teamId = f.teamId ? d.teamId.trim() : '';
    if (teamId && !ID.test(teamId)) err('teamId', 'Choose a team or leave it empty for the whole agency.');
    const correctionAfter = wholeNumber(d.correctionAfter, 1, 12);
    if (typeof correctionAfter === 'string') err('correctionAfter', `Plan after is ${correctionAfter}.`);
    rules.push({
      id,
      label,
      kind: d.kind,
      limit,
      period: d.period,
      programs,
      ...(typeof ageMin === 'number' ? { ageMin } : {}),
      ...(typeof ageMax === 'number' ? { ageMax } : {}),
      ...(typeof maxDays === 'number' ? { maxDays } : {}),
      ...(teamId ? { teamId } : {}),
      ...(typeof correctionAfter === 'number' ? { correctionAfter } : {}),
    });
  });
  return Object.keys(errors).length > 0 ? { rules: null, errors } : { rules, errors };
}

/** Whether two rule lists say the same (order counts: it is the order pages list them in). */
export function sameRules(a: readonly CaseloadStandard[], b: readonly CaseloadStandard[]): boolean {
  const norm = (r: CaseloadStandard) =>
    JSON.stringify([
      r.id,
      r.label,
      r.kind,
      r.limit,
      r.period,
      r.programs,
      r.ageMin ?? null,
      r.ageMax ?? null,
      r.maxDays ?? null,
      r.teamId ?? null,
      r.correctionAfter ?? null,
    ]);
  return a.length === b.length && a.every((r, i) => norm(r) === norm(b[i] as CaseloadStandard));
}
